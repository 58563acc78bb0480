/**
 * `npm run bench:parking`: parking search and booking at a city's scale,
 * over HTTP, on PostgreSQL + PostGIS.
 *
 * Seeds SPOTS spots and BOOKINGS bookings in Ahmedabad (parking-city.ts) in
 * DATABASE_URL, or else the local server's database curbside_bench_parking
 * (created when missing). Its parking tables are emptied at each run, so
 * DATABASE_URL must name a database whose name says `bench`. Then, on the
 * project's bundle on workerd (platform.ts) with the Stripe stand-in in this
 * process, and CONNECTIONS renters provisioned in bulk and signed in through
 * POST /v1/auth/login:
 *   - search: autocannon on GET /v1/spots (points near the hotspots, 1–3 km,
 *     windows of 1–4 h in the next 30 days, 20 a page, by distance) beside
 *     the trivial route, measured in the same run; then 500 of those searches
 *     again, and SQL counts the returned spots that a holding booking
 *     overlaps in the window: must be 0;
 *   - booking: the renters POST /v1/bookings (card) at random always-open
 *     spots and windows, half of them at 8 spots and 12 windows; 201s a
 *     second, 409s, anything else (must be 0); then SQL counts the holding
 *     bookings that overlap an earlier one of their spot: must be 0, and the
 *     500 searches are checked again (the index followed the bookings).
 * The first search is timed apart: it loads the city's SpotIndexActor.
 * Exits 1 when a count that must be 0 is not.
 *
 * Options: --spots 100000 --bookings 1000000 --seconds 15 --connections 32 --json FILE
 * --profile FILE (a CPU profile of the Worker's isolate during the search run; it slows the run).
 */
import { writeFileSync } from "node:fs";
import autocannon from "autocannon";
import pg from "pg";
import { provisionAccounts } from "../../scripts/lib/provision.ts";
import { pointNearHotspot } from "../../scripts/simulate/arrivals.ts";
import { type Random, seeded } from "../../scripts/simulate/random.ts";
import { startStripeStandin } from "../../scripts/stripe-standin/index.ts";
import { args, MACHINE } from "./bundle.ts";
import { profileWhile } from "./cpu-profile.ts";
import { DAY_MS, HOLDING, HOTSPOTS, HOUR_MS, type SeedSpot, seedCity } from "./parking-city.ts";
import {
  benchDatabaseUrl,
  buildScripts,
  type Platform,
  signIn,
  startDatabaseProcess,
  startPlatform,
} from "./platform.ts";
import { benchGets, benchTrivial, printRoutes, type RouteResult, results } from "./routes.ts";

const SPOTS = Number(args.get("spots") ?? 100_000);
const BOOKINGS = Number(args.get("bookings") ?? 1_000_000);
const SECONDS = Number(args.get("seconds") ?? 15);
const CONNECTIONS = Number(args.get("connections") ?? 32);
const SEED = 20261201;
/** Searches re-issued for the correctness check. */
const SAMPLE = 500;
const PAGE = 20;
const PASSWORD = "curbside-bench";
const KEYS = `bench:${"A".repeat(43)}`;
const INSPECTOR_PORT = 9231;
const STRIPE = { secretKey: "sk_test_bench", publishableKey: "pk_test_bench", webhookSecret: "whsec_bench" };

const say = (line: string) => console.log(`[bench:parking] ${line}`);
const fmt = (v: number) => Math.round(v).toLocaleString("en-GB");
const iso = (ms: number) => new Date(ms).toISOString();

interface Window {
  starts_at: string;
  ends_at: string;
}
interface Search extends Window {
  lat: number;
  lng: number;
  radius_m: number;
}

/** A window of 1–4 h on quarter hours, starting between `from` and `to` (ms). */
function windowIn(random: Random, from: number, to: number): Window {
  const quarter = 900_000;
  const start = Math.ceil((from + random() * (to - from)) / quarter) * quarter;
  return { starts_at: iso(start), ends_at: iso(start + (4 + Math.floor(random() * 13)) * quarter) };
}

function searches(random: Random, now: number, n: number): Search[] {
  return Array.from({ length: n }, () => ({
    ...pointNearHotspot(random, HOTSPOTS),
    radius_m: 1000 + Math.floor(random() * 2001),
    ...windowIn(random, now + HOUR_MS, now + 30 * DAY_MS - 4 * HOUR_MS),
  }));
}

const searchPath = (s: Search) =>
  `/v1/spots?${new URLSearchParams({ ...s, lat: String(s.lat), lng: String(s.lng), radius_m: String(s.radius_m), limit: String(PAGE), sort: "distance" })}`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The first SAMPLE searches again: how many spots came back, how many of them
 * a holding booking overlaps in the window (must be 0), and, to show the
 * filter had work to do, how many of the 20 nearest spots to each point were
 * so held.
 */
async function checkSearches(p: Platform, db: pg.Client, token: string, all: Search[]) {
  const sample = all.slice(0, SAMPLE);
  const returned: { spot: string; search: Search }[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (i < sample.length) {
        const search = sample[i++] as Search;
        const res = await fetch(new URL(searchPath(search), p.api), { headers: bearer(token) });
        if (!res.ok) throw new Error(`search failed: ${res.status} ${await res.text()}`);
        for (const spot of ((await res.json()) as { data: { id: string }[] }).data)
          returned.push({ spot: spot.id, search });
      }
    }),
  );
  // Whether a holding booking ($4) of the spot overlaps the window (q.s, q.e), as the constraint compares them.
  const held = (spot: string) => `EXISTS (SELECT 1 FROM bookings b WHERE b.spot_id = ${spot}
    AND b.status = ANY($4::booking_status[]) AND tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(q.s, q.e, '[)'))`;
  const bad = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS q(spot, s, e)
     WHERE ${held("q.spot")}`,
    [
      returned.map((r) => r.spot),
      returned.map((r) => r.search.starts_at),
      returned.map((r) => r.search.ends_at),
      HOLDING,
    ],
  );
  const nearest = await db.query<{ n: number }>(
    `SELECT count(*) FILTER (WHERE near.held)::int AS n
     FROM unnest($1::float8[], $2::float8[], $3::int[], $5::timestamptz[], $6::timestamptz[]) AS q(lat, lng, r, s, e)
     CROSS JOIN LATERAL (
       SELECT ${held("sp.id")} AS held FROM spots sp
       WHERE ST_DWithin(sp.location, ST_MakePoint(q.lng, q.lat)::geography, q.r)
       ORDER BY sp.location <-> ST_MakePoint(q.lng, q.lat)::geography LIMIT ${PAGE}
     ) AS near`,
    [
      sample.map((s) => s.lat),
      sample.map((s) => s.lng),
      sample.map((s) => s.radius_m),
      HOLDING,
      sample.map((s) => s.starts_at),
      sample.map((s) => s.ends_at),
    ],
  );
  return {
    searches: sample.length,
    returned: returned.length,
    heldReturned: bad.rows[0]?.n ?? -1,
    heldAmongNearest: nearest.rows[0]?.n ?? -1,
  };
}

/**
 * autocannon on POST /v1/bookings: every other request at one of 8 always-open
 * spots in one of 12 two-hour windows tomorrow (they contend), the rest at a
 * random always-open spot and window (they meet the seeded bookings).
 */
async function benchBookings(p: Platform, tokens: string[], spots: SeedSpot[], random: Random, now: number) {
  const open = spots.filter((s) => s.alwaysOpen);
  const hot = open.slice(0, 8);
  const tomorrow = Math.ceil(now / HOUR_MS) * HOUR_MS + DAY_MS;
  const slots = Array.from({ length: 12 }, (_, k) => ({
    starts_at: iso(tomorrow + k * 2 * HOUR_MS),
    ends_at: iso(tomorrow + (k + 1) * 2 * HOUR_MS),
  }));
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)] as T;
  const tally = { created: 0, taken: 0, other: 0, firstOther: "" };
  let next = 0;
  const run = await autocannon({
    url: p.api.href,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        path: "/v1/bookings",
        setupRequest: (req) => {
          const i = next++;
          const contended = i % 2 === 0;
          const body = {
            spot_id: (contended ? pick(hot) : pick(open)).id,
            ...(contended ? pick(slots) : windowIn(random, now + 2 * HOUR_MS, now + 29 * DAY_MS)),
            payment_method: "card",
          };
          const headers = { ...bearer(tokens[i % tokens.length] as string), "content-type": "application/json" };
          return { ...req, headers, body: JSON.stringify(body) };
        },
        onResponse: (status, body) => {
          if (status === 201) tally.created++;
          else if (status === 409) tally.taken++;
          else {
            tally.other++;
            tally.firstOther ||= `${status} ${body.slice(0, 300)}`;
          }
        },
      },
    ],
  });
  return { run, ...tally, seconds: (run.finish.getTime() - run.start.getTime()) / 1000 };
}

/** Holding bookings that start before an earlier one of the same spot has ended: double bookings. */
async function doubleBookings(db: pg.Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
       SELECT starts_at < max(ends_at) OVER (PARTITION BY spot_id ORDER BY starts_at, id
                                             ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS overlapping
       FROM bookings WHERE status = ANY($1::booking_status[])
     ) AS held WHERE overlapping`,
    [HOLDING],
  );
  return rows[0]?.n ?? -1;
}

async function main(): Promise<void> {
  const url = await benchDatabaseUrl("curbside_bench_parking");
  if (!new URL(url).pathname.includes("bench")) {
    throw new Error(
      `refusing to empty the parking tables of ${new URL(url).pathname.slice(1)}: use a *bench* database`,
    );
  }
  say(`database ${new URL(url).pathname.slice(1)} (its spots and bookings are replaced); building the bundle…`);
  const scripts = buildScripts();
  const database = await startDatabaseProcess(url);
  const stripe = await startStripeStandin({ ...STRIPE, payoutDelayMs: null });
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { riders } = await provisionAccounts(url, {
      cityId: "ahmedabad",
      drivers: 0,
      riders: CONNECTIONS,
      fleet: "car",
      password: PASSWORD,
      prefix: "bench-parking",
    });
    // The stand-in starts empty: customers made at an earlier run's stand-in are forgotten.
    await db.query("DELETE FROM payment_profiles WHERE user_id = ANY($1::uuid[])", [riders.map((r) => r.id)]);

    say(`seeding ${fmt(SPOTS)} spots and ${fmt(BOOKINGS)} bookings…`);
    const random = seeded(SEED);
    const city = await seedCity(url, {
      spots: SPOTS,
      bookings: BOOKINGS,
      renterIds: riders.map((r) => r.id),
      random,
      log: (line) => say(`  ${line}`),
    });
    const seedS = city.seconds.spots + city.seconds.bookings + city.seconds.analyze;
    say(
      `seeded in ${seedS.toFixed(1)} s (spots ${city.seconds.spots.toFixed(1)} s, bookings ${city.seconds.bookings.toFixed(1)} s, VACUUM ANALYZE ${city.seconds.analyze.toFixed(1)} s)`,
    );

    const profile = args.get("profile");
    const platform = await startPlatform(
      scripts,
      database,
      KEYS,
      {
        STRIPE_SECRET_KEY: STRIPE.secretKey,
        STRIPE_PUBLISHABLE_KEY: STRIPE.publishableKey,
        STRIPE_WEBHOOK_SECRET: STRIPE.webhookSecret,
        STRIPE_API_BASE: stripe.url,
      },
      profile ? { inspectorPort: INSPECTOR_PORT } : {},
    );
    try {
      say(`signing ${CONNECTIONS} renters in through POST /v1/auth/login…`);
      const tokens = await signIn(
        platform,
        riders.map((r) => r.email),
        PASSWORD,
      );
      const now = Date.now();
      const all = searches(random, now, 5000);
      // The city's SpotIndex actor loads its spots and their bookings at the first search.
      const loadStarted = performance.now();
      const first = await fetch(new URL(searchPath(all[0] as Search), platform.api), {
        headers: bearer(tokens[0] as string),
      });
      if (!first.ok) throw new Error(`first search failed: ${first.status} ${await first.text()}`);
      const indexLoadS = (performance.now() - loadStarted) / 1000;
      say(`the search index loaded in ${indexLoadS.toFixed(1)} s (the first search)`);

      say(`search: autocannon, ${CONNECTIONS} connections, ${SECONDS} s (the trivial route and a spot by id first)…`);
      const trivial = await benchTrivial(platform, CONNECTIONS, SECONDS);
      // The same path with two small indexed queries a request: what any route that reads the database costs.
      const lookup = await benchGets(platform, {
        connections: CONNECTIONS,
        seconds: SECONDS,
        next: (i) => ({
          path: `/v1/spots/${(city.spots[i % city.spots.length] as SeedSpot).id}`,
          headers: bearer(tokens[i % tokens.length] as string),
        }),
      });
      const searching = () =>
        benchGets(platform, {
          connections: CONNECTIONS,
          seconds: SECONDS,
          next: (i) => ({
            path: searchPath(all[i % all.length] as Search),
            headers: bearer(tokens[i % tokens.length] as string),
          }),
        });
      const search = profile ? await profileWhile(INSPECTOR_PORT, profile, searching) : await searching();
      say(`search: re-issuing ${SAMPLE} searches and checking them against the bookings…`);
      const correctness = await checkSearches(platform, db, tokens[0] as string, all);

      say(`booking: ${CONNECTIONS} renters, ${SECONDS} s…`);
      const booking = await benchBookings(platform, tokens, city.spots, random, now);
      const doubles = await doubleBookings(db);
      say(`search: the same ${SAMPLE} searches again, after the bookings…`);
      const afterBooking = await checkSearches(platform, db, tokens[0] as string, all);

      const ceiling = results(trivial).rps;
      const bookingsPerS = booking.created / booking.seconds;
      const rows: RouteResult[] = [
        { route: "trivial JSON route (the runtime's ceiling)", ...results(trivial), ratio: 1 },
        { route: "GET /v1/spots (search)", ...results(search.run), ratio: results(search.run).rps / ceiling },
        {
          route: "GET /v1/spots/{id} (two indexed queries, for reference)",
          ...results(lookup.run),
          ratio: results(lookup.run).rps / ceiling,
        },
        {
          route: "POST /v1/bookings (201s only, p50/p99 of all)",
          ...results(booking.run),
          rps: bookingsPerS,
          errors: booking.other + booking.run.errors + booking.run.timeouts,
          ratio: bookingsPerS / ceiling,
        },
      ];
      printRoutes(
        `Parking on workerd (project bundle), PostgreSQL + PostGIS, ${fmt(SPOTS)} spots, ${fmt(BOOKINGS)} bookings: autocannon, ${CONNECTIONS} connections, ${SECONDS} s — ${MACHINE}`,
        rows,
      );
      console.log(
        [
          `seeding: ${seedS.toFixed(1)} s`,
          `search: ${search.perPage.toFixed(1)} spots a page; ${correctness.searches} searches re-issued, ${fmt(correctness.returned)} spots returned, held in their window: ${correctness.heldReturned} (of the ${PAGE} nearest to each point, ${fmt(correctness.heldAmongNearest)} were held and had to be left out)`,
          `search index: loaded in ${indexLoadS.toFixed(1)} s; after the bookings, ${fmt(afterBooking.returned)} spots returned, held in their window: ${afterBooking.heldReturned}`,
          `booking: ${fmt(booking.created)} created (${bookingsPerS.toFixed(1)}/s), ${fmt(booking.taken)} × 409 spot_unavailable, ${booking.other} other non-2xx${booking.firstOther ? ` (first: ${booking.firstOther})` : ""}; double bookings: ${doubles}`,
          `the Worker logged ${platform.errors.length} errors${platform.errors[0] ? `; the first: ${platform.errors[0]}` : ""}`,
        ].join("\n"),
      );
      const json = args.get("json");
      if (json) {
        const figures = {
          machine: MACHINE,
          spots: SPOTS,
          bookings: BOOKINGS,
          seconds: SECONDS,
          connections: CONNECTIONS,
        };
        const report = {
          ...figures,
          seeding: city.seconds,
          rows,
          correctness,
          afterBooking,
          indexLoadSeconds: indexLoadS,
          booking: { ...booking, run: undefined, doubles },
        };
        writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
      }
      if (correctness.heldReturned !== 0 || afterBooking.heldReturned !== 0 || doubles !== 0 || booking.other !== 0) {
        say("FAILED: a count that must be 0 is not");
        process.exitCode = 1;
      }
    } finally {
      await platform.mf.dispose();
    }
  } finally {
    await db.end();
    await stripe.stop();
    await database.stop();
  }
}

await main();
process.exit();
