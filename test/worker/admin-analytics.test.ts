/**
 * GET /v1/admin/analytics: figures per UTC hour and day, checked on rides,
 * ledger transfers and bookings written into a window of their own (a random
 * hour in 2003), so what other tests do now cannot change the answer.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, ledgerAccounts, ledgerTransfers, rides } from "../../src/db/schema/index.ts";
import { adminToken, api, expectProblem, register, withDb } from "./helpers.ts";
import { spotOf } from "./parking-helpers.ts";

const HOUR = 3_600_000;
const MINUTE = 60_000;

interface Analytics {
  city: string | null;
  bucket: string;
  buckets: {
    start: string;
    rides: Record<string, number | null>;
    gross_bookings: { amount: number; currency: string }[];
    commission: { amount: number; currency: string }[];
    parking: { bookings: number; occupancy: number | null };
  }[];
}

async function analytics(query: string): Promise<Analytics> {
  const res = await api("GET", `/v1/admin/analytics?${query}`, { token: await adminToken() });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Analytics;
}

/** A ride row as the projection would have written it, at `requested` (+ seconds to assignment, metres away). */
function rideRow(
  riderId: string,
  driverId: string | null,
  requested: number,
  status: "completed" | "cancelled" | "no_driver",
  extra: { assignS?: number; pickupM?: number; fare?: number } = {},
) {
  const at = (ms: number) => new Date(requested + ms);
  const assigned = extra.assignS === undefined ? null : at(5_000 + extra.assignS * 1000);
  return {
    id: crypto.randomUUID(),
    orderNumber: `CB-TST-${crypto.randomUUID().slice(0, 8)}`,
    riderId,
    driverId,
    cityId: "ahmedabad",
    service: "passenger" as const,
    vehicleClassId: "car",
    status,
    pickup: { lat: 23.02, lng: 72.57 },
    dropoff: { lat: 23.03, lng: 72.58 },
    currency: "INR",
    estimateAmount: extra.fare ?? 10_000,
    fareAmount: status === "completed" ? (extra.fare ?? null) : null,
    pickupDistanceM: extra.pickupM ?? null,
    requestedAt: at(0),
    searchingAt: at(5_000),
    assignedAt: assigned,
    completedAt: status === "completed" ? at(20 * MINUTE) : null,
    cancelledAt: status === "cancelled" ? at(2 * MINUTE) : null,
    noDriverAt: status === "no_driver" ? at(3 * MINUTE) : null,
  };
}

describe("GET /v1/admin/analytics", () => {
  it("counts rides, medians, money and parking per hour and per day, in UTC", async () => {
    // A random whole hour of 2003 that no other test writes to, before 23:00 UTC: the second hour's
    // ride must fall on the same UTC day for the daily figures below.
    const t0 =
      Date.UTC(2003, 0, 1) + Math.floor(Math.random() * 300) * 24 * HOUR + Math.floor(Math.random() * 23) * HOUR;
    // The rows only need accounts to point at (drivers would wait in the admins' review queue).
    const [rider, d1, d2] = await Promise.all([register("rider"), register("rider"), register("rider")]);
    const spot = await spotOf();
    const first = [
      rideRow(rider.id, d1.id, t0 + 1 * MINUTE, "completed", { assignS: 10, pickupM: 400, fare: 20_000 }),
      rideRow(rider.id, d2.id, t0 + 2 * MINUTE, "completed", { assignS: 30, pickupM: 1200, fare: 30_000 }),
      rideRow(rider.id, d1.id, t0 + 3 * MINUTE, "cancelled", { assignS: 20, pickupM: 800 }),
      rideRow(rider.id, null, t0 + 4 * MINUTE, "no_driver"),
    ];
    const second = [
      rideRow(rider.id, d2.id, t0 + HOUR + MINUTE, "completed", { assignS: 50, pickupM: 100, fare: 5_000 }),
    ];
    const key = crypto.randomUUID();
    await withDb(async ({ db }) => {
      await db.insert(rides).values([...first, ...second]);
      // Commission on the first ride, and a refund of part of it, in the ledger (balances kept equal to the transfers).
      const [from, to] = await db
        .insert(ledgerAccounts)
        .values([
          {
            key: `test:settlement:${key}`,
            kind: "settlement",
            currency: "INR",
            debitsPosted: 4_000,
            creditsPosted: 500,
          },
          {
            key: `test:commission:${key}`,
            kind: "commission",
            currency: "INR",
            creditsPosted: 4_000,
            debitsPosted: 500,
          },
        ])
        .returning();
      const link = { currency: "INR", rideId: first[0]?.id };
      await db.insert(ledgerTransfers).values([
        {
          ...link,
          idempotencyKey: `test:${key}:c`,
          debitAccountId: from?.id as string,
          creditAccountId: to?.id as string,
          amount: 4_000,
          code: "commission",
          createdAt: new Date(t0 + 25 * MINUTE),
        },
        {
          ...link,
          idempotencyKey: `test:${key}:r`,
          debitAccountId: to?.id as string,
          creditAccountId: from?.id as string,
          amount: 500,
          code: "refund_commission",
          createdAt: new Date(t0 + 40 * MINUTE),
        },
      ]);
      // One booking made in the first hour that holds the spot for the second half of it.
      await db.insert(bookings).values({
        spotId: spot.id,
        renterId: rider.id,
        startsAt: new Date(t0 + 30 * MINUTE),
        endsAt: new Date(t0 + 60 * MINUTE),
        status: "completed",
        currency: "INR",
        subtotalAmount: 2_500,
        serviceFeeAmount: 300,
        totalAmount: 2_800,
        paymentStatus: "succeeded",
        createdAt: new Date(t0 + 10 * MINUTE),
      });
    });
    const spotsBefore = await activeSpotsInAhmedabad();
    const iso = (ms: number) => new Date(ms).toISOString();
    const hourly = await analytics(`city=ahmedabad&from=${iso(t0)}&to=${iso(t0 + 2 * HOUR)}&bucket=hour`);
    const spotsAfter = await activeSpotsInAhmedabad();
    expect(hourly).toMatchObject({ city: "ahmedabad", bucket: "hour" });
    expect(hourly.buckets.map((b) => b.start)).toEqual([iso(t0), iso(t0 + HOUR)]);
    const [h1, h2] = hourly.buckets;
    expect(h1?.rides).toEqual({
      requested: 4,
      completed: 2,
      cancelled: 1,
      no_driver: 1,
      completion_rate: 0.5,
      median_assignment_s: 20,
      median_pickup_distance_m: 800,
      active_drivers: 2,
    });
    expect(h1?.gross_bookings).toEqual([{ amount: 50_000, currency: "INR" }]);
    expect(h1?.commission).toEqual([{ amount: 3_500, currency: "INR" }]);
    expect(h1?.parking.bookings).toBe(1);
    // Half an hour of one spot, over the hour of every active spot in the city.
    const occupancy = h1?.parking.occupancy as number;
    expect(occupancy).toBeGreaterThanOrEqual(Math.floor((0.5 / spotsAfter) * 1e4) / 1e4);
    expect(occupancy).toBeLessThanOrEqual(Math.ceil((0.5 / spotsBefore) * 1e4) / 1e4);
    expect(h2?.rides).toMatchObject({ requested: 1, completed: 1, completion_rate: 1, median_assignment_s: 50 });
    expect(h2?.gross_bookings).toEqual([{ amount: 5_000, currency: "INR" }]);
    expect(h2?.parking).toEqual({ bookings: 0, occupancy: 0 });

    // By the day: the same rides in one bucket, which starts at UTC midnight.
    const day = Math.floor(t0 / (24 * HOUR)) * 24 * HOUR;
    const daily = await analytics(`city=ahmedabad&from=${iso(t0)}&to=${iso(t0 + 2 * HOUR)}&bucket=day`);
    expect(daily.buckets.map((b) => b.start)).toEqual([iso(day)]);
    // The median of 10, 20, 30 and 50 s is halfway between the middle two.
    expect(daily.buckets[0]?.rides).toMatchObject({ requested: 5, completed: 3, median_assignment_s: 25 });
    expect(daily.buckets[0]?.gross_bookings).toEqual([{ amount: 55_000, currency: "INR" }]);

    // Another city has none of it.
    const elsewhere = await analytics(`city=new-york&from=${iso(t0)}&to=${iso(t0 + 2 * HOUR)}&bucket=hour`);
    expect(elsewhere.buckets.map((b) => b.rides.requested)).toEqual([0, 0]);
    expect(elsewhere.buckets[0]?.rides.completion_rate).toBeNull();
  });

  it("refuses a window that is not one, too long, or without its ends", async () => {
    const token = await adminToken();
    const cases: [string, string, string][] = [
      ["from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "invalid_window", "to"],
      ["from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=hour", "window_too_long", "to"],
      ["from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "window_too_long", "to"],
      ["to=2026-11-01T00:00:00Z", "validation_failed", "from"],
      ["from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&bucket=week", "validation_failed", "bucket"],
      ["from=yesterday&to=2026-11-02T00:00:00Z", "validation_failed", "from"],
      ["from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&city=Ahmedabad!", "validation_failed", "city"],
    ];
    for (const [query, code, field] of cases) {
      const problem = await expectProblem(await api("GET", `/v1/admin/analytics?${query}`, { token }), 400, code);
      expect(
        problem.errors?.map((e) => e.path),
        query,
      ).toContain(field);
    }
  });
});

async function activeSpotsInAhmedabad(): Promise<number> {
  return withDb(async ({ db }) => {
    const result = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from spots s join cities c on c.id = 'ahmedabad' where s.is_active and st_covers(c.service_area, s.location)`,
    );
    return result.rows[0]?.n ?? 0;
  });
}
