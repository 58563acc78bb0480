/**
 * `npm run simulate -- --city ahmedabad --drivers 500 --riders-per-min 120 --minutes 5`
 *
 * A city on the platform: drivers on real driver sockets, riders asking for
 * rides as a Poisson process from hotspots and watching them on the ride
 * socket. Runs against the local platform (started here with `npm start`'s
 * script when nothing answers on PORT, default 8787) or `--base-url`.
 * After `--minutes` of requests it lets every ride run to its end (at most
 * `--drain-minutes`, then the riders cancel), checks every ride's final state
 * with GET /v1/rides/{id}, and reports. Exits 1 when a ride was left open, a
 * position was lost or the platform answered 5xx.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { parseArgs } from "node:util";
import { z } from "zod";
import { DEMO_PASSWORD } from "../demo/data.ts";
import { waitForOk } from "../lib/wait.ts";
import { poissonArrivals } from "./arrivals.ts";
import { SIM_CITIES } from "./cities.ts";
import { ErrorLog, type Session } from "./client.ts";
import { DriverBot } from "./driver-bot.ts";
import { mapLimit, provisionFleet } from "./fleet.ts";
import { seeded } from "./random.ts";
import { formatReport, summarize } from "./report.ts";
import { type Trip, takeTrip } from "./rider-bot.ts";
import { isTerminal, lostPositions, RideTraces, samplesFrom } from "./trace.ts";

const Options = z.object({
  city: z.enum(Object.keys(SIM_CITIES) as [string, ...string[]]).default("ahmedabad"),
  drivers: z.coerce.number().int().min(1).max(5000).default(500),
  "riders-per-min": z.coerce.number().min(0).max(10_000).default(120),
  minutes: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(5),
  riders: z.coerce.number().int().min(1).max(100_000).optional(),
  accept: z.coerce.number().min(0).max(1).default(0.85),
  cancel: z.coerce.number().min(0).max(1).default(0.05),
  "time-scale": z.coerce.number().min(0.1).max(6).default(1),
  "drain-minutes": z.coerce.number().min(0).default(45),
  seed: z.coerce
    .number()
    .int()
    .default(() => Date.now() % 1_000_000),
  "base-url": z.url().optional(),
  "admin-email": z.email().default("admin@curbside.test"),
  password: z.string().default(DEMO_PASSWORD),
  json: z.string().optional(),
});

const HELP = `Usage: npm run simulate -- [options]
  --city ahmedabad|new-york   (ahmedabad)
  --drivers N                 driver sockets (500)
  --riders-per-min R          Poisson arrival rate of requests (120)
  --minutes M                 how long requests arrive (5); rides then run to their end
  --riders N                  rider accounts, each on one trip at a time (one per request, at least 20)
  --accept P                  probability a driver accepts an offer (0.85)
  --cancel P                  probability a rider cancels before the trip starts (0.05)
  --time-scale S              drivers move S times faster than real time (1; at most 6)
  --drain-minutes D           longest wait for open rides after the last request (45); trips
                              under way then still get up to 30 min to reach their drop-off
  --seed N                    replay a run's randomness
  --base-url URL              a running platform (default: local, started if not running)
  --json FILE                 also write the report as JSON`;

const log = (line: string) => console.log(`[simulate] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function localPlatform(): Promise<{ base: string; stop: () => Promise<void> }> {
  const base = `http://127.0.0.1:${process.env.PORT ?? 8787}`;
  try {
    await waitForOk(`${base}/health`, 1000);
    log(`using the platform already running at ${base}`);
    return { base, stop: async () => {} };
  } catch {
    log(`nothing answers at ${base}: starting the local platform (npm start, embedded database)…`);
  }
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  let alive = true;
  child.on("exit", () => {
    alive = false;
  });
  await waitForOk(`${base}/health`, 240_000, () => alive);
  return {
    base,
    stop: async () => {
      if (!alive || child.pid === undefined) return;
      process.kill(-child.pid, "SIGINT");
      for (let i = 0; i < 50 && alive; i++) await sleep(200);
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: Object.fromEntries(
      [...Object.keys(Options.shape), "help"].map((k) => [k, { type: k === "help" ? "boolean" : "string" }]),
    ) as Record<string, { type: "string" | "boolean" }>,
  });
  if (values.help) return console.log(HELP);
  const parsed = Options.safeParse(values);
  if (!parsed.success) {
    console.error(`${z.prettifyError(parsed.error)}\n\n${HELP}`);
    process.exit(2);
  }
  const o = parsed.data;
  const city = SIM_CITIES[o.city];
  if (!city) throw new Error(`unknown city ${o.city}`);
  // One rider per request by default: at city speeds a trip takes longer than the whole run.
  const riderCount = o.riders ?? Math.max(20, Math.ceil(o["riders-per-min"] * o.minutes));
  const platform = o["base-url"]
    ? { base: o["base-url"].replace(/\/$/, ""), stop: async () => {} }
    : await localPlatform();
  // Ctrl-C stops the platform this run started, too.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void platform.stop().finally(() => process.exit(130));
    });
  }
  const errors = new ErrorLog();
  const traces = new RideTraces();
  log(`seed ${o.seed} (replay with --seed ${o.seed})`);

  try {
    log(`signing in ${o.drivers} drivers and ${riderCount} riders (registering and verifying new ones)…`);
    let lastShown = 0;
    const fleet = await provisionFleet({
      base: platform.base,
      city,
      drivers: o.drivers,
      riders: riderCount,
      errors,
      adminEmail: o["admin-email"],
      password: o.password,
      onProgress: (done, total) => {
        if (done === total || Date.now() - lastShown > 2000) {
          lastShown = Date.now();
          log(`  accounts ready: ${done}/${total}`);
        }
      },
    });

    const bots = fleet.drivers.map(
      (d, i) =>
        new DriverBot({
          base: platform.base,
          session: d.session,
          city,
          random: seeded(o.seed + 1 + i),
          acceptProbability: o.accept,
          timeScale: o["time-scale"],
          traces,
          errors,
        }),
    );
    // Drivers come online in groups of 25, as a shift starts, not all in one instant.
    for (let i = 0; i < bots.length; i += 25) {
      const group = bots.slice(i, i + 25);
      for (const bot of group) bot.start();
      for (let w = 0; w < 100 && group.some((b) => !b.connected); w++) await sleep(100);
    }
    log(`${bots.filter((b) => b.connected).length}/${bots.length} drivers online`);

    const random = seeded(o.seed);
    const arrivals = poissonArrivals(random, o["riders-per-min"], o.minutes);
    log(`${arrivals.length} requests over ${o.minutes} min (${o["riders-per-min"]}/min, Poisson, from hotspots)`);
    const trips: Trip[] = [];
    const sessionOf = new Map<string, Session>();
    const riderBusyUntil = new Map<Session, number>();
    const started = Date.now();
    const elapsed = () => {
      const s = Math.round((Date.now() - started) / 1000);
      return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    };
    const progress = () => {
      const all = traces.all().filter((t) => t.requestedAt !== undefined);
      const count = (...statuses: string[]) => all.filter((t) => statuses.includes(t.status ?? "")).length;
      const errorCount = Object.values(errors.byCode).reduce((a, b) => a + b, 0);
      const top = Object.entries(errors.byCode)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([code, n]) => `${code} ${n}`)
        .join(", ");
      log(
        `${elapsed()}  drivers online ${bots.filter((b) => b.connected).length}/${bots.length} · requests ${all.length} · searching ${count("requested", "searching")} · on trips ${count("driver_assigned", "driver_arrived", "in_progress")} · completed ${count("completed")} · no_driver ${count("no_driver")} · cancelled ${count("cancelled")} · errors ${errorCount}${top ? ` (${top})` : ""}`,
      );
    };
    const ticker = setInterval(progress, 10_000);

    // Requests at their arrival times; a rider takes one trip at a time while others are free.
    const pending: Promise<void>[] = arrivals.map(async (atS) => {
      await sleep(atS * 1000 - (Date.now() - started));
      const rider = [...fleet.riders].sort((a, b) => (riderBusyUntil.get(a) ?? 0) - (riderBusyUntil.get(b) ?? 0))[0];
      if (!rider) return;
      riderBusyUntil.set(rider, Number.MAX_SAFE_INTEGER);
      const trip = await takeTrip({
        base: platform.base,
        session: rider,
        city,
        random,
        traces,
        errors,
        cancelProbability: o.cancel,
      });
      trips.push(trip);
      if (trip.id) sessionOf.set(trip.id, rider);
      await trip.done;
      riderBusyUntil.set(rider, Date.now());
    });

    await sleep(o.minutes * 60_000 - (Date.now() - started));
    log(`${elapsed()}  requests over; waiting for open rides to end (at most ${o["drain-minutes"]} min)…`);
    const drained = await Promise.race([
      Promise.all(pending).then(() => true),
      sleep(o["drain-minutes"] * 60_000).then(() => false),
    ]);
    if (!drained) {
      const open = trips.filter((t) => t.id && !isTerminal(traces.of(t.id).status));
      log(`${elapsed()}  drain time is up: the riders of ${open.length} open rides cancel`);
      await Promise.all(open.map((t) => t.cancel("simulation ended").catch(() => {})));
      // A trip under way cannot be cancelled by its rider; its driver finishes it (at most
      // 8 km at city speed), so wait for those too, up to half an hour.
      const underway = open.filter((t) => traces.of(t.id as string).status === "in_progress").length;
      if (underway > 0) log(`${elapsed()}  waiting for ${underway} trips under way to reach their drop-off`);
      await Promise.race([Promise.all(pending), sleep(underway > 0 ? 30 * 60_000 : 15_000)]);
    }
    clearInterval(ticker);
    progress();

    // The platform's own word on how every ride ended.
    const ids = [...sessionOf.keys()];
    await mapLimit(ids, 16, async (id) => {
      const ride = await (sessionOf.get(id) as Session).call<{ status: string }>("GET", `/v1/rides/${id}`);
      traces.of(id).status = ride.status;
    });
    for (const trace of traces.open()) {
      const driver = bots.map((b) => b.describe()).find((d) => d.rideId === trace.id);
      log(
        `left open: ride ${trace.id} is ${trace.status}; its driver: ${driver ? `${driver.phase}${driver.connected ? "" : ", offline"}` : "none"}`,
      );
    }
    for (const bot of bots) bot.stop();

    const samples = samplesFrom(traces.all());
    samples.errorsByCode = errors.byCode;
    samples.serverErrors = errors.serverErrors;
    const report = summarize(samples);
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
    const handoffs = bots.reduce((sum, b) => sum + b.handoffs, 0);
    const positions = bots.reduce((sum, b) => sum + b.positionsSent, 0);
    console.log(
      `\nCurbside city simulation — ${o.city}, ${o.drivers} drivers, ${o["riders-per-min"]} requests/min for ${o.minutes} min, time scale ${o["time-scale"]}, seed ${o.seed}`,
    );
    console.log(`platform ${platform.base} · ${machine} · ${positions} driver positions, ${handoffs} cell handoffs\n`);
    console.log(formatReport(report));
    for (const [code, example] of Object.entries(errors.examples)) console.log(`  ${code}: ${example}`);
    // Each lost position with what both ends did around it: where to start looking.
    const lost = traces.all().flatMap(lostPositions);
    for (const l of lost.slice(0, 20)) {
      console.log(`  lost: ride ${l.rideId}, position sent ${new Date(l.ts).toISOString()}`);
      for (const line of l.context) console.log(`      ${line}`);
    }
    if (lost.length > 20)
      console.log(`  … and ${lost.length - 20} more lost positions${o.json ? ` (all in ${o.json})` : ""}`);
    if (o.json) {
      writeFileSync(
        o.json,
        `${JSON.stringify({ options: o, machine, base: platform.base, driver_positions: positions, handoffs, report, error_examples: errors.examples, lost }, null, 2)}\n`,
      );
      log(`report written to ${o.json}`);
    }
    const faults = [
      report.not_terminal > 0 && `${report.not_terminal} rides did not end`,
      report.messages_lost > 0 && `${report.messages_lost} positions were lost`,
      report.server_errors > 0 && `${report.server_errors} answers were 5xx`,
    ].filter(Boolean);
    if (faults.length) {
      log(`FAILED: ${faults.join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    await platform.stop();
  }
}

await main();
process.exit();
