/**
 * `npm run bench:map`: what admins watching the live map cost a cell.
 *
 * Curbside's own bundle on workerd through Miniflare, with the benchmark
 * gateway (cell-gateway.ts) beside it, as `npm run bench:cell` runs it: the
 * gateway connects `--drivers` drivers to one cell from inside workerd and
 * sends `--updates` location frames from each, paced, and times until the
 * cell has handled them all — once with nobody watching, once with
 * `--admins` admins watching a city made of that cell (their sockets open
 * on the city's CityMapActor inside workerd, so the cell publishes every
 * 500 ms and the actor fans out to each of them). Runs alternate, each on a
 * fresh cell, `--rounds` times; the table gives each run and the medians.
 * Beside them, the runtime's ceiling: the gateway's trivial JSON route
 * under autocannon.
 *
 * The machine is shared: figures move by several per cent between runs.
 *
 * Options: --drivers 1000  --updates 40  --admins 10  --rounds 4  --json FILE
 */
import { writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { cellToLatLng, latLngToCell } from "h3-js";
import { convertV4MiniflareOptions, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { DriverIndex } from "../../src/domain/driver-index.ts";
import { emptySent, mapCell, mapChanges } from "../../src/domain/map-summary.ts";
import { args, build, MACHINE, ROOT } from "./bundle.ts";

const DRIVERS = Number(args.get("drivers") ?? 1000);
const UPDATES = Number(args.get("updates") ?? 40);
const ADMINS = Number(args.get("admins") ?? 10);
const ROUNDS = Number(args.get("rounds") ?? 4);

interface Load {
  connected: number;
  processed: number;
  seconds: number;
  adminFrames: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/**
 * The cell's own work for one publish, in this process: the supply summary
 * regrouped into res-8 hexagons and compared with the last one sent, for
 * DRIVERS drivers that all moved (the worst case). Deterministic where the
 * end-to-end runs are noisy.
 */
function publishCostUs(): number {
  const [lat, lng] = cellToLatLng(latLngToCell(23.0225, 72.5714, 6));
  const index = new DriverIndex();
  const sent = emptySent();
  const move = () => {
    for (let d = 0; d < DRIVERS; d++) {
      index.upsert({
        driverId: `d${d}`,
        lat: lat + (Math.random() - 0.5) * 0.02,
        lng: lng + (Math.random() - 0.5) * 0.02,
        vehicleClass: d % 3 === 0 ? "car" : "bike",
        status: "available",
        rating: 5,
        lastSeen: 0,
      });
    }
  };
  const rounds = 200;
  let spent = 0;
  for (let r = 0; r < rounds; r++) {
    move();
    const t0 = performance.now();
    const cell = mapCell("cell", index.byBucket("available"), { surge: 1, openRequests: 0, at: Date.now() });
    mapChanges(cell, [], sent, false);
    spent += performance.now() - t0;
  }
  return (spent * 1000) / rounds;
}

async function main(): Promise<void> {
  console.log("building the project's bundle and the gateway…");
  const curbsideScript = build(`${ROOT}wrangler.toml`, `${ROOT}.bench/curbside`);
  const gatewayScript = build(`${ROOT}test/bench/gateway.wrangler.toml`, `${ROOT}.bench/gateway`);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(`${ROOT}wrangler.toml`);
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      workers: [
        {
          name: "curbside",
          modules: true,
          scriptPath: curbsideScript,
          compatibilityDate: workerOptions.compatibilityDate,
          compatibilityFlags: workerOptions.compatibilityFlags,
          bindings: {
            ...(workerOptions.bindings ?? {}),
            DATABASE_URL: "postgres://unused@127.0.0.1:1/none",
            JWT_SIGNING_KEYS: `bench:${"A".repeat(43)}`,
          },
          durableObjects: workerOptions.durableObjects,
          queueProducers: workerOptions.queueProducers,
          r2Buckets: workerOptions.r2Buckets,
        },
        {
          name: "gateway",
          modules: true,
          scriptPath: gatewayScript,
          compatibilityDate: "2026-11-01",
          compatibilityFlags: ["nodejs_compat"],
          durableObjects: {
            CELL: { className: "CellActor", scriptName: "curbside" },
            MAP: { className: "CityMapActor", scriptName: "curbside" },
          },
          unsafeDirectSockets: [{}],
        },
      ],
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const base = await mf.unsafeGetDirectURL("gateway");
  const runs: { admins: number; updatesPerS: number; adminFrames: number }[] = [];
  const load = async (cell: string, admins: number): Promise<Load> => {
    const [lat, lng] = cellToLatLng(cell);
    const query = `cell=${cell}&n=${DRIVERS}&updates=${UPDATES}&lat=${lat}&lng=${lng}&admins=${admins}`;
    return (await (await fetch(`${base.href}load?${query}`)).json()) as Load;
  };
  // Not counted: the first run also warms the JIT and workerd's isolates.
  await load(latLngToCell(22.5, 72.5714, 6), ADMINS);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so a machine that slows down over the run favours neither.
    const order = round % 2 === 0 ? [0, ADMINS] : [ADMINS, 0];
    for (const [k, admins] of order.entries()) {
      const result = await load(latLngToCell(23.0225 + (round * 2 + k) * 0.3, 72.5714, 6), admins);
      if (result.processed < DRIVERS * UPDATES)
        console.log(`  only ${result.processed} updates were handled within 120 s`);
      const updatesPerS = result.processed / result.seconds;
      runs.push({ admins, updatesPerS, adminFrames: result.adminFrames });
      console.log(
        `round ${round + 1}: ${admins} admins watching — ${Math.round(updatesPerS)} updates/s (${result.adminFrames} frames to admins)`,
      );
    }
  }
  const url = new URL("ping", base).href;
  await autocannon({ url, connections: 16, duration: 2 });
  const ceiling = (await autocannon({ url, connections: 16, duration: 5 })).requests.average;
  await mf.dispose();

  const perPublishUs = publishCostUs();
  const alone = median(runs.filter((r) => r.admins === 0).map((r) => r.updatesPerS));
  const watched = median(runs.filter((r) => r.admins === ADMINS).map((r) => r.updatesPerS));
  const rows = [
    { run: "nobody watching (median)", "updates/s": Math.round(alone), "vs nobody": "100 %" },
    {
      run: `${ADMINS} admins watching (median)`,
      "updates/s": Math.round(watched),
      "vs nobody": `${((watched / alone) * 100).toFixed(1)} %`,
    },
    { run: "trivial JSON route (the runtime's ceiling), req/s", "updates/s": Math.round(ceiling), "vs nobody": "" },
  ];
  const share = (perPublishUs * 2) / 1e6;
  console.log(
    `\nLive map cost — ${DRIVERS} drivers × ${UPDATES} updates in one cell, ${ROUNDS} rounds; ${MACHINE}; load generator on the same machine\n`,
  );
  console.table(rows);
  console.log(
    `One publish (summary of ${DRIVERS} drivers into res-8 hexagons, compared with the last): ${perPublishUs.toFixed(0)} µs in Node;\n` +
      `at 2 publishes a second that is ${(share * 100).toFixed(2)} % of one core, about ${Math.round(share * alone)} of the ${Math.round(alone)} updates/s above.`,
  );
  const json = args.get("json");
  if (json) writeFileSync(json, JSON.stringify({ machine: MACHINE, runs, rows, perPublishUs }, null, 2));
}

await main();
