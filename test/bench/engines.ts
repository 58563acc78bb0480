/**
 * `npm run bench`: the request path route by route, then one workload on
 * three engines, on this machine.
 *
 * First, on the embedded database and then on the local PostgreSQL + PostGIS
 * (when there is one), the project's bundle on workerd answers autocannon on
 * a trivial JSON route (the runtime's ceiling), POST /v1/rides/estimate,
 * POST /v1/rides (each then cancelled) and GET /v1/drivers/nearby, with
 * riders provisioned in bulk and signed in through the public API
 * (routes.ts).
 *
 * Then the same drivers (Ahmedabad, mostly around hotspots, one vehicle class,
 * all available) and the same query points go to:
 *   - Curbside: the project's own bundle on workerd (Miniflare, not
 *     `wrangler dev`), queried as a client would, over HTTP with autocannon:
 *     GET /v1/drivers/nearby (its cell actors answer from memory). Drivers are
 *     placed with the cells' handoff RPC; updates are location frames over
 *     websockets opened inside workerd (10,000 at most);
 *   - Redis GEOADD / GEOSEARCH at REDIS_URL (default redis://127.0.0.1:6379);
 *   - PostGIS, GiST index, ST_DWithin + ORDER BY <-> at DATABASE_URL (default:
 *     the local server, database curbside_bench).
 * Query: the 10 nearest within 3 km, CONCURRENCY in flight, for SECONDS.
 * An engine that cannot be reached is reported as skipped.
 *
 * Options: --drivers 1000,10000,100000 --seconds 5 --concurrency 16
 *          --route-seconds 10 --route-connections 32 --riders 600 --only routes|engines --json FILE
 *          --profile FILE (a CPU profile of the Worker's isolate while the estimate runs, one file a
 *          database: FILE's name with `embedded` or `postgres` before its extension; it slows that run)
 */
import { writeFileSync } from "node:fs";
import { latLngToCell } from "h3-js";
import { Redis } from "ioredis";
import pg from "pg";
import { provisionAccounts } from "../../scripts/lib/provision.ts";
import { pointNearHotspot } from "../../scripts/simulate/arrivals.ts";
import { SIM_CITIES } from "../../scripts/simulate/cities.ts";
import { randomPointIn } from "../../scripts/simulate/paths.ts";
import { seeded } from "../../scripts/simulate/random.ts";
import { percentile } from "../../scripts/simulate/report.ts";
import { signAccessToken } from "../../src/auth/tokens.ts";
import { pointInPolygon } from "../../src/domain/geo.ts";
import { args, MACHINE } from "./bundle.ts";
import {
  benchDatabaseUrl,
  buildScripts,
  type Platform,
  placeDrivers,
  type Scripts,
  signIn,
  startDatabaseProcess,
  startPlatform,
} from "./platform.ts";
import { benchGets, benchRoutes, printRoutes, type RouteResult, type RouteWorkload } from "./routes.ts";

const SIZES = (args.get("drivers") ?? "1000,10000,100000").split(",").map(Number);
/** autocannon per route of the request path (the figures: 32 connections, 10 s). */
const ROUTE_CONNECTIONS = Number(args.get("route-connections") ?? 32);
const ROUTE_SECONDS = Number(args.get("route-seconds") ?? 10);
/** Signed-in riders for ride requests: each may ask for 10 rides a minute. */
const RIDERS = Number(args.get("riders") ?? 600);
const BENCH_PASSWORD = "curbside-bench";
/** `--only engines` skips the request path; `--only routes` skips the three-engine comparison. */
const ONLY_ENGINES = args.get("only") === "engines";
const ONLY_ROUTES = args.get("only") === "routes";
const SECONDS = Number(args.get("seconds") ?? 5);
const CONCURRENCY = Number(args.get("concurrency") ?? 16);
const RADIUS_M = 3000;
const K = 10;
const VEHICLE_CLASS = "car";
/** Position updates per engine and size; Curbside sends them from at most this many sockets. */
const UPDATE_SOCKETS = 10_000;
const UPDATES_PER_SOCKET = 5;
const KEYS = `bench:${"A".repeat(43)}`;
/** The inspector port of the platform a `--profile` run starts. */
const INSPECTOR_PORT = 9232;
const city = SIM_CITIES.ahmedabad as NonNullable<(typeof SIM_CITIES)["ahmedabad"]>;

interface Point {
  lat: number;
  lng: number;
}
interface Driver extends Point {
  id: string;
  n: number;
  cell: string;
}
interface Timing {
  qps: number;
  p50: number;
  p99: number;
  found: number;
}
type Outcome = { ok: true; query: Timing; updatesPerS: number } | { ok: false; skipped: string };

const say = (line: string) => console.log(`[bench] ${line}`);

/** Drivers: 70 % around the hotspots (three times their rider radius), the rest anywhere in the city. */
function workload(n: number, seed: number): { drivers: Driver[]; queries: Point[] } {
  const random = seeded(seed);
  const wide = city.hotspots.map((h) => ({ ...h, radiusM: h.radiusM * 3 }));
  const drivers = Array.from({ length: n }, (_, i) => {
    let p = random() < 0.7 ? pointNearHotspot(random, wide) : randomPointIn(random, city.serviceArea);
    while (!pointInPolygon(p, city.serviceArea)) p = randomPointIn(random, city.serviceArea);
    return { id: `bench-${i}`, n: i, lat: p.lat, lng: p.lng, cell: latLngToCell(p.lat, p.lng, 6) };
  });
  const queries = Array.from({ length: 2000 }, () => pointNearHotspot(random, city.hotspots));
  return { drivers, queries };
}

/** `op` with `concurrency` in flight for `seconds`: throughput and latency. */
async function timed(concurrency: number, seconds: number, op: (i: number) => Promise<number>): Promise<Timing> {
  const latencies: number[] = [];
  let found = 0;
  let i = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const n = await op(i++);
        latencies.push(performance.now() - t0);
        found += n;
      }
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  return {
    qps: latencies.length / elapsed,
    p50: percentile(latencies, 50) ?? 0,
    p99: percentile(latencies, 99) ?? 0,
    found: latencies.length ? found / latencies.length : 0,
  };
}

/** `total` calls of `op`, `concurrency` at a time: calls per second. */
async function rate(total: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let i = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < total) await op(i++);
    }),
  );
  return total / ((performance.now() - t0) / 1000);
}

const updatesFor = (n: number) => Math.min(n, UPDATE_SOCKETS) * UPDATES_PER_SOCKET;

// ---- Redis ----------------------------------------------------------------------------------

async function benchRedis(url: string, drivers: Driver[], queries: Point[]): Promise<Outcome> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    return { ok: false, skipped: `not reachable at ${url} (${error instanceof Error ? error.message : error})` };
  }
  const key = `curbside:bench:drivers:${VEHICLE_CLASS}`;
  try {
    await redis.del(key);
    for (let i = 0; i < drivers.length; i += 5000) {
      const args = drivers.slice(i, i + 5000).flatMap((d) => [d.lng, d.lat, d.id]);
      await redis.geoadd(key, ...args);
    }
    const query = await timed(CONCURRENCY, SECONDS, async (i) => {
      const q = queries[i % queries.length] as Point;
      const found = (await redis.call(
        "GEOSEARCH",
        key,
        "FROMLONLAT",
        q.lng,
        q.lat,
        "BYRADIUS",
        RADIUS_M,
        "m",
        "ASC",
        "COUNT",
        K,
        "WITHDIST",
      )) as unknown[];
      return found.length;
    });
    const updatesPerS = await rate(updatesFor(drivers.length), 64, async (i) => {
      const d = drivers[i % drivers.length] as Driver;
      await redis.geoadd(key, d.lng, d.lat, d.id);
    });
    return { ok: true, query, updatesPerS };
  } finally {
    await redis.del(key).catch(() => {});
    redis.disconnect();
  }
}

// ---- PostGIS --------------------------------------------------------------------------------

async function benchPostgis(pool: pg.Pool, drivers: Driver[], queries: Point[]): Promise<Outcome> {
  await pool.query("DROP TABLE IF EXISTS bench_drivers");
  await pool.query(
    "CREATE TABLE bench_drivers (id int PRIMARY KEY, vehicle_class text NOT NULL, status text NOT NULL, position geography(Point, 4326) NOT NULL)",
  );
  try {
    for (let i = 0; i < drivers.length; i += 10_000) {
      const chunk = drivers.slice(i, i + 10_000);
      await pool.query(
        `INSERT INTO bench_drivers (id, vehicle_class, status, position)
         SELECT id, $4, 'available', ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography
         FROM unnest($1::int[], $2::float8[], $3::float8[]) AS t(id, lng, lat)`,
        [chunk.map((d) => d.n), chunk.map((d) => d.lng), chunk.map((d) => d.lat), VEHICLE_CLASS],
      );
    }
    await pool.query("CREATE INDEX bench_drivers_position ON bench_drivers USING gist (position)");
    await pool.query("ANALYZE bench_drivers");
    const query = await timed(CONCURRENCY, SECONDS, async (i) => {
      const q = queries[i % queries.length] as Point;
      const result = await pool.query({
        name: "bench-nearest",
        text: `SELECT id, ST_Distance(position, p) AS distance_m
               FROM bench_drivers, (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography AS p) AS q
               WHERE vehicle_class = $3 AND status = 'available' AND ST_DWithin(position, p, $4)
               ORDER BY position <-> p LIMIT $5`,
        values: [q.lng, q.lat, VEHICLE_CLASS, RADIUS_M, K],
      });
      return result.rowCount ?? 0;
    });
    const updatesPerS = await rate(updatesFor(drivers.length), CONCURRENCY, async (i) => {
      const d = drivers[i % drivers.length] as Driver;
      await pool.query({
        name: "bench-update",
        text: "UPDATE bench_drivers SET position = ST_SetSRID(ST_MakePoint($2, $3), 4326)::geography WHERE id = $1",
        values: [d.n, d.lng, d.lat],
      });
    });
    return { ok: true, query, updatesPerS };
  } finally {
    await pool.query("DROP TABLE IF EXISTS bench_drivers").catch(() => {});
  }
}

/** A pool on DATABASE_URL or the local server's curbside_bench database, with PostGIS; or why not. */
async function postgisPool(): Promise<{ pool: pg.Pool; url: string } | { skipped: string }> {
  let url: string;
  try {
    url = await benchDatabaseUrl("curbside_bench");
  } catch (error) {
    return { skipped: `no PostgreSQL at 127.0.0.1:5432 (${error instanceof Error ? error.message : error})` };
  }
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  pool.on("error", () => {});
  try {
    await pool.query("CREATE EXTENSION IF NOT EXISTS postgis");
    return { pool, url };
  } catch (error) {
    await pool.end().catch(() => {});
    return { skipped: `PostGIS is not available at ${url} (${error instanceof Error ? error.message : error})` };
  }
}

// ---- Curbside -------------------------------------------------------------------------------

async function benchCurbside(p: Platform, token: string, drivers: Driver[], queries: Point[]): Promise<Outcome> {
  await placeDrivers(p, drivers, VEHICLE_CLASS);
  // autocannon drives the HTTP side: Node's own fetch costs more per request than the Worker does.
  const { run, perPage } = await benchGets(p, {
    connections: CONCURRENCY,
    seconds: SECONDS,
    next: (i) => {
      const q = queries[i % queries.length] as Point;
      const search = new URLSearchParams({
        lat: String(q.lat),
        lng: String(q.lng),
        vehicle_class: VEHICLE_CLASS,
        radius_m: String(RADIUS_M),
        limit: String(K),
      });
      return { path: `/v1/drivers/nearby?${search}`, headers: { authorization: `Bearer ${token}` } };
    },
  });
  if (run.non2xx > 0 || run.errors > 0) throw new Error(`nearby: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
  const query: Timing = { qps: run.requests.average, p50: run.latency.p50, p99: run.latency.p99, found: perPage };
  const sample = drivers.slice(0, UPDATE_SOCKETS);
  const drive = (await (
    await fetch(new URL("drive", p.gateway), {
      method: "POST",
      body: JSON.stringify({ drivers: sample, updates: UPDATES_PER_SOCKET, vehicleClass: VEHICLE_CLASS }),
    })
  ).json()) as { processed: number; seconds: number };
  if (drive.processed < sample.length * UPDATES_PER_SOCKET) {
    say(`only ${drive.processed} of ${sample.length * UPDATES_PER_SOCKET} Curbside updates were handled in 120 s`);
  }
  return { ok: true, query, updatesPerS: drive.processed / drive.seconds };
}

// ---- the request path, route by route -------------------------------------------------------

/** Trips from the hotspots, 1–8 km, both ends inside the service area. */
function trips(seed: number, n: number): RouteWorkload["trips"] {
  const random = seeded(seed);
  return Array.from({ length: n }, () => {
    for (;;) {
      const pickup = pointNearHotspot(random, city.hotspots);
      const km = 1 + random() * 7;
      const angle = random() * 2 * Math.PI;
      const dropoff = {
        lat: pickup.lat + (km / 111) * Math.cos(angle),
        lng: pickup.lng + (km / (111 * Math.cos((pickup.lat * Math.PI) / 180))) * Math.sin(angle),
      };
      if (pointInPolygon(pickup, city.serviceArea) && pointInPolygon(dropoff, city.serviceArea)) {
        return { pickup, dropoff };
      }
    }
  });
}

/** The route benchmark on one database: the embedded one, or the PostgreSQL at `url`. */
async function benchRequestPath(scripts: Scripts, label: string, url: string | undefined): Promise<RouteResult[]> {
  say(`${label}: starting the database, demo data and ${RIDERS} riders…`);
  const database = await startDatabaseProcess(url);
  try {
    const { riders } = await provisionAccounts(database.url, {
      cityId: "ahmedabad",
      drivers: 0,
      riders: RIDERS,
      fleet: VEHICLE_CLASS,
      password: BENCH_PASSWORD,
      prefix: "bench-ahmedabad",
    });
    const profile = args.get("profile");
    const platform = await startPlatform(scripts, database, KEYS, {}, profile ? { inspectorPort: INSPECTOR_PORT } : {});
    try {
      // Cars and bikes around the hotspots, for ETAs and the map. They hold no socket, so a ride
      // request asks for an auto: its dispatch then searches and finds no one to offer to,
      // and the benchmark measures opening the ride actor, not offers to drivers who cannot answer.
      const { drivers } = workload(3000, 20261129);
      await placeDrivers(platform, drivers.slice(0, 1500), "car");
      await placeDrivers(platform, drivers.slice(1500), "bike");
      say(`${label}: signing ${RIDERS} riders in through POST /v1/auth/login…`);
      const riderTokens = await signIn(
        platform,
        riders.map((r) => r.email),
        BENCH_PASSWORD,
      );
      say(`${label}: autocannon on each route, ${ROUTE_CONNECTIONS} connections, ${ROUTE_SECONDS} s…`);
      const rows = await benchRoutes(platform, {
        trips: trips(20261129, 500),
        riderTokens,
        rideClass: "auto",
        connections: ROUTE_CONNECTIONS,
        seconds: ROUTE_SECONDS,
        ...(profile
          ? {
              profile: {
                inspectorPort: INSPECTOR_PORT,
                file: profile.replace(/(\.\w+)?$/, `.${url ? "postgres" : "embedded"}$1`),
              },
            }
          : {}),
      });
      if (platform.errors.length)
        say(`${label}: the Worker logged ${platform.errors.length} errors; the first: ${platform.errors[0]}`);
      return rows;
    } finally {
      await platform.mf.dispose();
    }
  } finally {
    await database.stop();
  }
}

/** A fresh database on the local server for the platform's own tables, dropped after the run. */
async function freshPostgres(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `curbside_bench_api_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    drop: async () => {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

// ---- the run --------------------------------------------------------------------------------

const fmt = (v: number) => Math.round(v).toLocaleString("en-GB");
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const ratio = (engine: number, curbside: number) => `${(engine / curbside).toFixed(2)}×`;

async function main(): Promise<void> {
  say("building the project's bundle and the gateway…");
  const scripts = buildScripts();
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const postgis = await postgisPool();
  if ("skipped" in postgis) say(`PostGIS skipped: ${postgis.skipped}`);

  // 1. The request path on each database: the embedded one, then PostgreSQL + PostGIS when there is one.
  const requestPath: { database: string; routes: RouteResult[] }[] = [];
  const machine = MACHINE;
  const json = args.get("json");
  const save = (extra: Record<string, unknown>) => {
    if (json) writeFileSync(json, `${JSON.stringify({ machine, requestPath, ...extra }, null, 2)}\n`);
  };
  // Each table is printed (and saved) as soon as it is measured, so a later failure loses nothing.
  const report = (database: string, routes: RouteResult[]) => {
    requestPath.push({ database, routes });
    printRoutes(
      `The request path on workerd (project bundle), ${database}: autocannon, ${ROUTE_CONNECTIONS} connections, ${ROUTE_SECONDS} s per route — ${machine}`,
      routes,
    );
    save({});
  };
  if (!ONLY_ENGINES) {
    report("embedded (PGlite + PostGIS)", await benchRequestPath(scripts, "embedded", undefined));
    if ("pool" in postgis) {
      const fresh = await freshPostgres(postgis.url);
      try {
        report("PostgreSQL + PostGIS", await benchRequestPath(scripts, "PostgreSQL", fresh.url));
      } finally {
        await fresh.drop();
      }
    }
  }

  // 2. Nearest drivers: Curbside's cells against Redis GEO and PostGIS KNN on one workload.
  const rows: Record<string, string | number>[] = [];
  const raw: Record<string, unknown>[] = [];
  const sizes = ONLY_ROUTES ? [] : SIZES;
  // The nearby route needs no database; its signed-in rider is made here.
  const database = await startDatabaseProcess();
  const token = await signAccessToken({ id: crypto.randomUUID(), role: "rider" }, KEYS);
  try {
    for (const [i, size] of sizes.entries()) {
      const { drivers, queries } = workload(size, 20261122 + i);
      say(`${fmt(size)} drivers: Curbside…`);
      const platform = await startPlatform(scripts, database, KEYS);
      let curbside: Outcome;
      try {
        curbside = await benchCurbside(platform, token, drivers, queries);
      } finally {
        await platform.mf.dispose();
      }
      say(`${fmt(size)} drivers: Redis…`);
      const redis = await benchRedis(redisUrl, drivers, queries);
      say(`${fmt(size)} drivers: PostGIS…`);
      const pgis: Outcome =
        "pool" in postgis
          ? await benchPostgis(postgis.pool, drivers, queries)
          : { ok: false, skipped: postgis.skipped };
      raw.push({ drivers: size, curbside, redis, postgis: pgis });
      if (!curbside.ok) continue;
      const c = curbside;
      for (const [name, o] of [
        ["Curbside (cells, HTTP)", curbside],
        ["Redis GEOSEARCH", redis],
        ["PostGIS KNN", pgis],
      ] as const) {
        rows.push(
          o.ok
            ? {
                drivers: fmt(size),
                engine: name,
                "nearest q/s": fmt(o.query.qps),
                "× Curbside": ratio(o.query.qps, c.query.qps),
                p50: ms(o.query.p50),
                p99: ms(o.query.p99),
                "found/query": Number(o.query.found.toFixed(1)),
                "updates/s": fmt(o.updatesPerS),
                "updates × Curbside": ratio(o.updatesPerS, c.updatesPerS),
              }
            : { drivers: fmt(size), engine: name, "nearest q/s": `skipped: ${o.skipped}` },
        );
      }
    }
  } finally {
    if ("pool" in postgis) await postgis.pool.end();
    await database.stop();
  }

  console.log(
    `\nNearest ${K} available drivers within ${RADIUS_M / 1000} km, ${CONCURRENCY} in flight for ${SECONDS} s per engine — ${machine}; load generator on the same machine\n`,
  );
  console.table(rows);
  save({ rows, raw });
}

await main();
process.exit();
