/**
 * `npm run bench`: one workload, three engines, on this machine.
 *
 * The same drivers (Ahmedabad, mostly around hotspots, one vehicle class,
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
 * An engine that cannot be reached is reported as skipped. Then autocannon
 * measures POST /v1/rides/estimate on the same workerd.
 *
 * Options: --drivers 1000,10000,100000 --seconds 5 --concurrency 16 --json FILE
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import autocannon from "autocannon";
import { latLngToCell } from "h3-js";
import { Redis } from "ioredis";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import pg from "pg";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { loadDemoData } from "../../scripts/demo/load.ts";
import { startLocalDatabase } from "../../scripts/lib/database.ts";
import { pointNearHotspot } from "../../scripts/simulate/arrivals.ts";
import { SIM_CITIES } from "../../scripts/simulate/cities.ts";
import { randomPointIn } from "../../scripts/simulate/paths.ts";
import { seeded } from "../../scripts/simulate/random.ts";
import { percentile } from "../../scripts/simulate/report.ts";
import { signAccessToken } from "../../src/auth/tokens.ts";
import { pointInPolygon } from "../../src/domain/geo.ts";
import { args, build, ROOT } from "./bundle.ts";

const SIZES = (args.get("drivers") ?? "1000,10000,100000").split(",").map(Number);
const SECONDS = Number(args.get("seconds") ?? 5);
const CONCURRENCY = Number(args.get("concurrency") ?? 16);
const RADIUS_M = 3000;
const K = 10;
const VEHICLE_CLASS = "car";
/** Position updates per engine and size; Curbside sends them from at most this many sockets. */
const UPDATE_SOCKETS = 10_000;
const UPDATES_PER_SOCKET = 5;
const KEYS = `bench:${"A".repeat(43)}`;
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
  let url = process.env.DATABASE_URL;
  if (!url) {
    const admin = new pg.Client({ connectionString: "postgres://postgres@127.0.0.1:5432/postgres" });
    try {
      await admin.connect();
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'curbside_bench'");
      if (exists.rowCount === 0) await admin.query("CREATE DATABASE curbside_bench");
    } catch (error) {
      return { skipped: `no PostgreSQL at 127.0.0.1:5432 (${error instanceof Error ? error.message : error})` };
    } finally {
      await admin.end().catch(() => {});
    }
    url = "postgres://postgres@127.0.0.1:5432/curbside_bench";
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

/** Errors the Worker logged during the run: shown with the results. */
const workerErrors: string[] = [];

interface Platform {
  mf: Miniflare;
  api: URL;
  gateway: URL;
}

async function startPlatform(scripts: { curbside: string; gateway: string }, db: { url: string; wsProxy: string }) {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(`${ROOT}wrangler.toml`);
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      // The Worker still writes its log line per request, as in production; the bench does not print them.
      handleStructuredLogs: (log: { level: string; message: string }) => {
        if (log.level === "error") workerErrors.push(log.message);
      },
      workers: [
        {
          name: "curbside",
          modules: true,
          scriptPath: scripts.curbside,
          compatibilityDate: workerOptions.compatibilityDate,
          compatibilityFlags: workerOptions.compatibilityFlags,
          durableObjects: workerOptions.durableObjects,
          queueProducers: workerOptions.queueProducers,
          r2Buckets: workerOptions.r2Buckets,
          bindings: {
            ...(workerOptions.bindings ?? {}),
            DATABASE_URL: db.url,
            DB_WS_PROXY: db.wsProxy,
            JWT_SIGNING_KEYS: KEYS,
          },
          unsafeDirectSockets: [{}],
        },
        {
          name: "gateway",
          modules: true,
          scriptPath: scripts.gateway,
          compatibilityDate: "2026-11-01",
          compatibilityFlags: ["nodejs_compat"],
          durableObjects: { CELL: { className: "CellActor", scriptName: "curbside" } },
          unsafeDirectSockets: [{}],
        },
      ],
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  return { mf, api: await mf.unsafeGetDirectURL("curbside"), gateway: await mf.unsafeGetDirectURL("gateway") };
}

async function benchCurbside(p: Platform, token: string, drivers: Driver[], queries: Point[]): Promise<Outcome> {
  for (let i = 0; i < drivers.length; i += 10_000) {
    const res = await fetch(new URL("adopt", p.gateway), {
      method: "POST",
      body: JSON.stringify({ drivers: drivers.slice(i, i + 10_000), vehicleClass: VEHICLE_CLASS }),
    });
    if (!res.ok) throw new Error(`placing drivers failed: ${res.status} ${await res.text()}`);
  }
  // autocannon drives the HTTP side: Node's own fetch costs more per request than the Worker does.
  let next = 0;
  let answered = 0;
  let found = 0;
  const run = await autocannon({
    url: p.api.href,
    connections: CONCURRENCY,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        method: "GET",
        setupRequest: (req) => {
          const q = queries[next++ % queries.length] as Point;
          const search = new URLSearchParams({
            lat: String(q.lat),
            lng: String(q.lng),
            vehicle_class: VEHICLE_CLASS,
            radius_m: String(RADIUS_M),
            limit: String(K),
          });
          return { ...req, path: `/v1/drivers/nearby?${search}` };
        },
        onResponse: (status, body) => {
          if (status !== 200) return;
          answered++;
          found += (JSON.parse(body) as { data: unknown[] }).data.length;
        },
      },
    ],
  });
  if (run.non2xx > 0 || run.errors > 0) throw new Error(`nearby: ${run.non2xx} non-2xx answers, ${run.errors} errors`);
  const query: Timing = {
    qps: run.requests.average,
    p50: run.latency.p50,
    p99: run.latency.p99,
    found: answered ? found / answered : 0,
  };
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

/** autocannon on POST /v1/rides/estimate: 32 connections, 10 s. */
async function benchEstimate(p: Platform, token: string): Promise<{ rps: number; p99: number; errors: number }> {
  const result = await autocannon({
    url: new URL("v1/rides/estimate", p.api).href,
    method: "POST",
    connections: 32,
    duration: 10,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      service: "passenger",
      pickup: { lat: 23.0258, lng: 72.6009 },
      dropoff: { lat: 23.0365, lng: 72.5611 },
    }),
  });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

// ---- the run --------------------------------------------------------------------------------

const fmt = (v: number) => Math.round(v).toLocaleString("en-GB");
const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 1)} ms`;
const ratio = (engine: number, curbside: number) => `${(engine / curbside).toFixed(2)}×`;

async function main(): Promise<void> {
  say("building the project's bundle and the gateway…");
  const scripts = {
    curbside: build(`${ROOT}wrangler.toml`, `${ROOT}.bench/curbside`),
    gateway: build(`${ROOT}test/bench/gateway.wrangler.toml`, `${ROOT}.bench/gateway`),
  };
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const postgis = await postgisPool();
  if ("skipped" in postgis) say(`PostGIS skipped: ${postgis.skipped}`);
  // The platform's own database (for estimates): the PostGIS server when there is one, else the embedded one.
  const database = await startLocalDatabase({
    embeddedDataDir: "memory://",
    databaseUrl: "pool" in postgis ? postgis.url : undefined,
    log: say,
  });
  await loadDemoData(database.url);
  const token = await signAccessToken({ id: crypto.randomUUID(), role: "rider" }, KEYS);

  const rows: Record<string, string | number>[] = [];
  const raw: Record<string, unknown>[] = [];
  let estimate: { rps: number; p99: number; errors: number } | null = null;
  try {
    for (const [i, size] of SIZES.entries()) {
      const { drivers, queries } = workload(size, 20261122 + i);
      say(`${fmt(size)} drivers: Curbside…`);
      const platform = await startPlatform(scripts, database);
      let curbside: Outcome;
      try {
        curbside = await benchCurbside(platform, token, drivers, queries);
        if (i === 0) {
          say("autocannon on POST /v1/rides/estimate…");
          estimate = await benchEstimate(platform, token);
        }
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
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(
    `\nNearest ${K} available drivers within ${RADIUS_M / 1000} km, ${CONCURRENCY} in flight for ${SECONDS} s per engine — ${machine}; load generator on the same machine\n`,
  );
  console.table(rows);
  if (estimate) {
    console.log(
      `\nPOST /v1/rides/estimate (autocannon, 32 connections, 10 s, workerd): ${fmt(estimate.rps)} requests/s, p99 ${estimate.p99} ms, ${estimate.errors} errors`,
    );
  }
  if (workerErrors.length) say(`the Worker logged ${workerErrors.length} errors; the first: ${workerErrors[0]}`);
  const json = args.get("json");
  if (json) writeFileSync(json, `${JSON.stringify({ machine, rows, raw, estimate }, null, 2)}\n`);
}

await main();
process.exit();
