/**
 * The city `npm run bench:parking` (parking.ts) searches and books: spots in
 * Ahmedabad's service area, 70 % around the simulator's hotspots, owned by
 * the demo owners, every other one open on weekdays 08:00–20:00 and the rest
 * always; and bookings over the next 30 days, written straight into
 * PostgreSQL with a few large statements. Each spot's bookings lie in
 * slots of their own (30 days ÷ bookings per spot), so they never overlap
 * and the exclusion constraint accepts them all.
 */
import pg from "pg";
import { OWNERS } from "../../scripts/demo/data.ts";
import { pointNearHotspot } from "../../scripts/simulate/arrivals.ts";
import { SIM_CITIES } from "../../scripts/simulate/cities.ts";
import type { Random } from "../../scripts/simulate/random.ts";
import { HOLDING_STATES } from "../../src/domain/booking-lifecycle.ts";
import type { LatLng } from "../../src/domain/geo.ts";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** The statuses that hold a spot, as a query parameter (`status = any($n::booking_status[])`). */
export const HOLDING = [...HOLDING_STATES];
export const HOTSPOTS = (SIM_CITIES.ahmedabad as NonNullable<(typeof SIM_CITIES)["ahmedabad"]>).hotspots;
const AREA = { south: 22.93, north: 23.11, west: 72.48, east: 72.67 };
const WEEKDAY_HOURS = JSON.stringify(
  Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((day) => [day, ["08:00-20:00"]])),
);
const SPOTS_PER_STATEMENT = 10_000;
const BOOKINGS_PER_STATEMENT = 100_000;

export interface SeedSpot extends LatLng {
  id: string;
  alwaysOpen: boolean;
}

const inArea = (p: LatLng) => p.lat >= AREA.south && p.lat <= AREA.north && p.lng >= AREA.west && p.lng <= AREA.east;

/** A point in the service area: 70 % within twice a hotspot's radius, the rest anywhere. */
function spotPlace(random: Random): LatLng {
  const wide = HOTSPOTS.map((h) => ({ ...h, radiusM: h.radiusM * 2 }));
  for (;;) {
    const p =
      random() < 0.7
        ? pointNearHotspot(random, wide)
        : {
            lat: AREA.south + random() * (AREA.north - AREA.south),
            lng: AREA.west + random() * (AREA.east - AREA.west),
          };
    if (inArea(p)) return p;
  }
}

export interface Seeded {
  spots: SeedSpot[];
  /** Seconds spent writing spots, bookings, and on VACUUM ANALYZE. */
  seconds: { spots: number; bookings: number; analyze: number };
}

/**
 * Empties the parking tables (and what references them), then writes `spots`
 * spots and `bookings` bookings by `renterIds`, printing progress.
 */
export async function seedCity(
  url: string,
  o: { spots: number; bookings: number; renterIds: string[]; random: Random; log: (line: string) => void },
): Promise<Seeded> {
  const perSpot = Math.ceil(o.bookings / o.spots);
  // Each booking lasts 1–4 h and starts on a quarter hour within its slot.
  if (perSpot > 160) throw new Error("at most 160 bookings a spot fit in 30 days");
  const slotS = (30 * DAY_MS) / 1000 / perSpot;
  const from = new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS);
  const spots = Array.from({ length: o.spots }, (_, i) => ({
    id: crypto.randomUUID(),
    ...spotPlace(o.random),
    alwaysOpen: i % 2 === 0,
  }));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT setseed(0.2026)");
    await client.query("TRUNCATE spots, bookings CASCADE");
    let t0 = performance.now();
    for (let i = 0; i < spots.length; i += SPOTS_PER_STATEMENT) {
      const chunk = spots.slice(i, i + SPOTS_PER_STATEMENT);
      await client.query(
        `INSERT INTO spots (id, owner_id, title, spot_type, vehicle_size, address, city, country_code, timezone,
                            location, currency, hourly_rate, operating_hours)
         SELECT id, ($5::uuid[])[1 + n % cardinality($5::uuid[])], 'Bench spot ' || n,
                (enum_range(NULL::spot_type))[1 + n % 6], 'standard', n || ' Bench Road', 'Ahmedabad', 'IN',
                'Asia/Kolkata', ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, 'INR',
                2000 + (n * 7919 % 61) * 100, CASE WHEN n % 2 = 0 THEN NULL ELSE $6::jsonb END
         FROM unnest($1::uuid[], $2::float8[], $3::float8[], $4::int[]) AS s(id, lat, lng, n)`,
        [
          chunk.map((s) => s.id),
          chunk.map((s) => s.lat),
          chunk.map((s) => s.lng),
          chunk.map((_, j) => i + j),
          OWNERS.map((u) => u.id),
          WEEKDAY_HOURS,
        ],
      );
      o.log(`spots ${(i + chunk.length).toLocaleString("en-GB")} / ${spots.length.toLocaleString("en-GB")}`);
    }
    const spotsS = (performance.now() - t0) / 1000;

    t0 = performance.now();
    const countOf = (i: number) => Math.floor(o.bookings / o.spots) + (i < o.bookings % o.spots ? 1 : 0);
    const spotsPerStatement = Math.max(1, Math.floor(BOOKINGS_PER_STATEMENT / perSpot));
    let written = 0;
    for (let i = 0; i < spots.length; i += spotsPerStatement) {
      const chunk = spots.slice(i, i + spotsPerStatement);
      const counts = chunk.map((_, j) => countOf(i + j));
      // The inner query draws each booking's random parts once (volatile: it is not flattened).
      await client.query(
        `INSERT INTO bookings (spot_id, renter_id, starts_at, ends_at, status, currency, subtotal_amount,
                               service_fee_amount, total_amount, owner_payout_amount, payment_status)
         SELECT spot_id, renter, starts_at, starts_at + hours * interval '1 hour', status::booking_status, 'INR',
                rate * hours, rate * hours / 10 + 50, rate * hours + rate * hours / 10 + 50, rate * hours,
                (CASE WHEN status IN ('confirmed', 'completed') THEN 'succeeded' ELSE 'pending' END)::payment_status
         FROM (
           SELECT s.id AS spot_id, s.hourly_rate AS rate, 1 + floor(random() * 4)::int AS hours,
                  $3::timestamptz + make_interval(secs => g.slot * $4 + floor(random() * ($4 - 15300) / 900) * 900)
                    AS starts_at,
                  ($5::uuid[])[1 + floor(random() * cardinality($5::uuid[]))::int] AS renter,
                  (ARRAY['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed', 'pending',
                         'completed', 'completed', 'cancelled', 'cancelled'])[1 + floor(random() * 10)::int] AS status
           FROM unnest($1::uuid[], $2::int[]) AS c(id, n)
           JOIN spots s ON s.id = c.id
           CROSS JOIN LATERAL generate_series(0, c.n - 1) AS g(slot)
         ) AS b`,
        [chunk.map((s) => s.id), counts, from.toISOString(), slotS, o.renterIds],
      );
      written += counts.reduce((a, b) => a + b, 0);
      o.log(`bookings ${written.toLocaleString("en-GB")} / ${o.bookings.toLocaleString("en-GB")}`);
    }
    const bookingsS = (performance.now() - t0) / 1000;

    // VACUUM as well: a freshly loaded table has no visibility map, which a long-running city would have.
    t0 = performance.now();
    await client.query("VACUUM (ANALYZE) spots, bookings");
    return { spots, seconds: { spots: spotsS, bookings: bookingsS, analyze: (performance.now() - t0) / 1000 } };
  } finally {
    await client.end();
  }
}
