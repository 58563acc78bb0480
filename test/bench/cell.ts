/**
 * `npm run bench:cell`: how many drivers one CellActor carries.
 *
 * Runs Curbside's own bundle (wrangler's build of wrangler.toml) on workerd
 * through Miniflare — not through `wrangler dev`, whose proxy costs most of
 * the throughput — with a small gateway Worker beside it (cell-gateway.ts)
 * that connects drivers straight to one cell. For 1,000 and 3,000 drivers
 * in that cell it reports:
 *   - location updates per second over websockets opened inside workerd by
 *     the gateway (so no client process or OS socket limit is in the way),
 *     and so how many drivers one cell carries at a 4-second cadence;
 *   - nearest-driver queries per second (k = 10 within 3 km, one vehicle
 *     class) over RPC from a Worker, with p50/p99 latency;
 *   - the same query and an update on the in-memory index alone (Node).
 *
 * Options: --drivers 1000,3000  --updates-per-driver 5  --queries 20000  --json FILE
 */
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { cellToLatLng, latLngToCell } from "h3-js";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { DriverIndex } from "../../src/domain/driver-index.ts";
import { args, build, ROOT } from "./bundle.ts";

const SIZES = (args.get("drivers") ?? "1000,3000").split(",").map(Number);
const UPDATES_PER_DRIVER = Number(args.get("updates-per-driver") ?? 5);
const QUERIES = Number(args.get("queries") ?? 20000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  console.log("building the project's bundle and the gateway…");
  const curbsideScript = build(`${ROOT}wrangler.toml`, `${ROOT}.bench/curbside`);
  const gatewayScript = build(`${ROOT}test/bench/gateway.wrangler.toml`, `${ROOT}.bench/gateway`);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(`${ROOT}wrangler.toml`);
  // Bindings as wrangler.toml declares them, without the parts a benchmark does not load (assets, module rules).
  const curbsideOptions = {
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    bindings: workerOptions.bindings,
    durableObjects: workerOptions.durableObjects,
    queueProducers: workerOptions.queueProducers,
    r2Buckets: workerOptions.r2Buckets,
  };
  // wrangler hands out v4-style worker options; Miniflare 5 converts them.
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [
        {
          ...curbsideOptions,
          name: "curbside",
          modules: true,
          scriptPath: curbsideScript,
          bindings: {
            ...(curbsideOptions.bindings ?? {}),
            DATABASE_URL: "postgres://unused@127.0.0.1:1/none",
            JWT_SIGNING_KEYS: `bench:${"A".repeat(43)}`,
          },
        },
        {
          name: "gateway",
          modules: true,
          scriptPath: gatewayScript,
          compatibilityDate: "2026-11-01",
          compatibilityFlags: ["nodejs_compat"],
          durableObjects: { CELL: { className: "CellActor", scriptName: "curbside" } },
          // Clients talk to workerd's own socket for this Worker, not through Miniflare's entry.
          unsafeDirectSockets: [{}],
        },
      ],
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const base = await mf.unsafeGetDirectURL("gateway");
  const rows: Record<string, number | string>[] = [];

  for (const [i, size] of SIZES.entries()) {
    // Drivers within ±0.01° (about a kilometre) of the cell's centre stay inside its ~3 km inner radius.
    const cell = latLngToCell(23.0225 + i * 0.3, 72.5714, 6);
    const [cLat, cLng] = cellToLatLng(cell);
    const center = { lat: cLat, lng: cLng };
    process.stdout.write(`\n${size} drivers in cell ${cell}: updates`);
    const load = (await (
      await fetch(
        `${base.href}load?cell=${cell}&n=${size}&updates=${UPDATES_PER_DRIVER}&lat=${center.lat}&lng=${center.lng}`,
      )
    ).json()) as { connected: number; processed: number; seconds: number };
    if (load.processed < size * UPDATES_PER_DRIVER) {
      console.log(` only ${load.processed} of ${size * UPDATES_PER_DRIVER} updates were handled within 120 s`);
    }
    const updatesPerS = load.processed / load.seconds;
    process.stdout.write(` ${Math.round(updatesPerS)}/s; queries`);
    const q = (await (
      await fetch(`${base.href}nearest?cell=${cell}&n=${QUERIES}&concurrency=16&lat=${center.lat}&lng=${center.lng}`)
    ).json()) as {
      n: number;
      seconds: number;
      latencies: number[];
    };
    const lat = q.latencies.sort((a, b) => a - b);

    // The index alone, in this process: the compute under each query and update.
    const index = new DriverIndex();
    for (let d = 0; d < size; d++) {
      index.upsert({
        driverId: `n${d}`,
        lat: center.lat + (Math.random() - 0.5) * 0.02,
        lng: center.lng + (Math.random() - 0.5) * 0.02,
        vehicleClass: d % 3 === 0 ? "car" : "bike",
        status: "available",
        rating: 5,
        lastSeen: 0,
      });
    }
    const iq = performance.now();
    for (let n = 0; n < 20_000; n++) {
      index.nearest({
        lat: center.lat + (Math.random() - 0.5) * 0.05,
        lng: center.lng + (Math.random() - 0.5) * 0.05,
        radiusM: 3000,
        vehicleClass: "car",
        k: 10,
      });
    }
    const indexQueryUs = ((performance.now() - iq) * 1000) / 20_000;
    const iu = performance.now();
    for (let n = 0; n < 100_000; n++) {
      index.upsert({
        driverId: `n${n % size}`,
        lat: center.lat + (Math.random() - 0.5) * 0.02,
        lng: center.lng + (Math.random() - 0.5) * 0.02,
        vehicleClass: "car",
        status: "available",
        rating: 5,
        lastSeen: 0,
      });
    }
    const indexUpdateUs = ((performance.now() - iu) * 1000) / 100_000;

    rows.push({
      drivers: size,
      "updates/s": Math.round(updatesPerS),
      "drivers at 4 s cadence": Math.round(updatesPerS * 4),
      "nearest q/s (RPC)": Math.round(q.n / q.seconds),
      "nearest p50 ms": Number(percentile(lat, 50).toFixed(2)),
      "nearest p99 ms": Number(percentile(lat, 99).toFixed(2)),
      "index query µs": Number(indexQueryUs.toFixed(1)),
      "index update µs": Number(indexUpdateUs.toFixed(2)),
    });
    process.stdout.write(" done\n");
  }
  await mf.dispose();
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  console.log(`\nCellActor benchmark — ${machine}; load generator on the same machine\n`);
  console.table(rows);
  const json = args.get("json");
  if (json) writeFileSync(json, JSON.stringify({ machine, rows }, null, 2));
}

await main();
