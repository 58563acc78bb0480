/**
 * `npm run simulate -- --city ahmedabad --drivers 500 --riders-per-min 120 --minutes 5 [--speed 4]`
 *
 * A city on the platform: drivers on real driver sockets, riders asking for
 * rides as a Poisson process from hotspots and watching them on the ride
 * socket, and renters (`--renters-per-min`, none by default) booking parking
 * spots near hotspots by card, checking in and out. Deliveries (a share of
 * the requests, `--goods-share`, or the city's mix) have 1–3 drops and a
 * package; their drivers photograph the pickup and each drop and complete
 * each drop with the code its recipient reads out. Runs against the local
 * platform (started here with `npm start`'s script on a fresh embedded
 * database when nothing answers on PORT, default 8787) or `--base-url`. Its
 * accounts are provisioned in bulk in the platform's database, then sign in
 * through the public API.
 *
 * `--speed N` runs the simulation's clock N times faster than the wall clock,
 * and needs the platform's timers at the same speed (TIME_SCALE = N): it
 * starts its own platform so, and refuses a running one that differs.
 *
 * After `--minutes` of requests it waits until every ride has ended (at most
 * `--drain-minutes`, then the riders cancel), checks every ride's final
 * state with GET /v1/rides/{id}, counts double bookings in the database, and
 * reports (with the deliveries' drops, photos and codes, and the proofs the
 * senders can read). Exits 1 when a ride was left open, a position was lost,
 * a spot was booked twice at once or the platform answered 5xx.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { MAX_TIME_SCALE, parseTimeScale } from "../../src/domain/time-scale.ts";
import { DEMO_PASSWORD } from "../demo/data.ts";
import { createApiClient, type Schemas } from "../lib/api-client.ts";
import { waitForOk } from "../lib/wait.ts";
import { poissonArrivals } from "./arrivals.ts";
import { SIM_CITIES } from "./cities.ts";
import { ErrorLog, type Session } from "./client.ts";
import { clockText, SimClock } from "./clock.ts";
import { DropCodes } from "./deliveries.ts";
import { DriverBot } from "./driver-bot.ts";
import { emptyDeliveryCounts } from "./driver-drops.ts";
import { mapLimit, provisionFleet, signInAll } from "./fleet.ts";
import { seeded } from "./random.ts";
import { countDoubleBookings, type ParkingVisit, visitSpot } from "./renter-bot.ts";
import {
  type DeliverySamples,
  formatDeliveries,
  formatParking,
  formatReport,
  formatRun,
  type RunTimes,
  summarize,
  summarizeDeliveries,
  summarizeParking,
} from "./report.ts";
import { type Trip, takeTrip } from "./rider-bot.ts";
import { isTerminal, lostPositions, RideTraces, samplesFrom } from "./trace.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const Options = z.object({
  city: z.enum(Object.keys(SIM_CITIES) as [string, ...string[]]).default("ahmedabad"),
  drivers: z.coerce.number().int().min(1).max(5000).default(500),
  "riders-per-min": z.coerce.number().min(0).max(10_000).default(120),
  "renters-per-min": z.coerce.number().min(0).max(1000).default(0),
  minutes: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(5),
  riders: z.coerce.number().int().min(1).max(100_000).optional(),
  accept: z.coerce.number().min(0).max(1).default(0.85),
  cancel: z.coerce.number().min(0).max(1).default(0.05),
  "goods-share": z.coerce.number().min(0).max(1).optional(),
  "failed-drops": z.coerce.number().min(0).max(1).default(0.05),
  "wrong-codes": z.coerce.number().min(0).max(1).default(0.1),
  speed: z
    .string()
    .default("1")
    .transform((raw, ctx) => {
      // Read as the platform reads TIME_SCALE: a plain decimal from 1 to MAX_TIME_SCALE (no 0x10, 1e1); not empty.
      const parsed = raw.trim() === "" ? undefined : parseTimeScale(raw);
      if (parsed?.ok) return parsed.scale;
      ctx.addIssue({ code: "custom", message: `--speed must be a plain decimal from 1 to ${MAX_TIME_SCALE}` });
      return z.NEVER;
    }),
  "drain-minutes": z.coerce.number().min(0).default(90),
  seed: z.coerce
    .number()
    .int()
    .default(() => Date.now() % 1_000_000),
  "base-url": z.url().optional(),
  "database-url": z.string().min(1).optional(),
  "data-dir": z.string().min(1).optional(),
  password: z.string().min(8).default(DEMO_PASSWORD),
  json: z.string().optional(),
});
type Options = z.infer<typeof Options>;

const HELP = `Usage: npm run simulate -- [options]
  --city ahmedabad|new-york   (ahmedabad)
  --drivers N                 driver sockets (500)
  --riders-per-min R          Poisson arrival rate of requests, per simulated minute (120)
  --renters-per-min R         Poisson arrival rate of parking renters, per simulated minute (0): each searches near a
                              hotspot, books by card, pays at the Stripe stand-in, checks in and out (wall-clock
                              windows); the report counts bookings, refusals and double bookings (must be 0)
  --minutes M                 simulated minutes during which requests arrive (5); rides then run to their end
  --riders N                  rider accounts, each on one trip at a time (default: one per request)
  --accept P                  probability a driver accepts an offer (0.85)
  --cancel P                  probability a rider cancels before the trip starts (0.05)
  --goods-share P             the share of requests that are deliveries, 0 to 1 (default: the city's mix, 15 % in
                              Ahmedabad, 25 % in New York; 1: deliveries only). A delivery has 1–3 drops with
                              contacts and a package its class can carry; its driver photographs the pickup and
                              each drop and completes each drop with the code the recipient reads out
  --failed-drops P            probability nobody takes the parcel at a drop: the driver fails it (0.05)
  --wrong-codes P             probability a driver first types a drop's code wrong, then right (0.1)
  --speed N                   simulated time runs N times the wall clock (1; at most ${MAX_TIME_SCALE}); the platform's
                              timers must run at the same speed (TIME_SCALE=N): a platform started here does
  --drain-minutes D           simulated minutes to wait for open rides after the last request (90); then riders
                              cancel what has not started and trips under way get 30 more minutes
  --seed N                    replay a run's randomness
  --base-url URL              a running platform (default: local on PORT, started if not running)
  --database-url URL          that platform's database, where the accounts are provisioned (default: DATABASE_URL,
                              else the one \`npm start\` wrote to .data/database-url)
  --data-dir DIR              when the platform is started here: its data (default: a fresh temporary directory,
                              removed after a clean run)
  --password P                the simulated accounts' password (${DEMO_PASSWORD})
  --json FILE                 also write the report as JSON`;

const log = (line: string) => console.log(`[simulate] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Thrown for a situation the user must change (a running platform at another speed, no database): exit 2. */
class Refusal extends Error {}

interface Platform {
  base: string;
  /** The platform's database, for provisioning (null when it cannot be known). */
  databaseUrl: string | null;
  /** The platform's TIME_SCALE from /health (1 for a platform that does not report it). */
  timeScale: number;
  /** Started by this run: its data directory and log. */
  own: { dataDir: string; logFile: string; temporary: boolean } | null;
  stop(): Promise<void>;
}

async function healthScale(base: string): Promise<number> {
  let body: Partial<Pick<Schemas["Health"], "time_scale">> = {};
  try {
    // A degraded platform (503) still says its scale.
    const { data, error } = await createApiClient(base).GET("/health", { signal: AbortSignal.timeout(10_000) });
    const said: unknown = data ?? error;
    if (typeof said === "object" && said !== null) body = said;
  } catch (error) {
    // A body that is not JSON says no scale; no answer at all is a failure.
    if (!(error instanceof SyntaxError)) throw error;
  }
  if (body.time_scale === null) throw new Refusal(`the platform at ${base} has an invalid TIME_SCALE (see /health)`);
  return typeof body.time_scale === "number" ? body.time_scale : 1;
}

/** The database of a platform this run did not start: told, or the one `npm start` wrote down. */
function knownDatabaseUrl(o: Options): string | null {
  if (o["database-url"]) return o["database-url"];
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const file = join(
    process.env.CURBSIDE_DATA_DIR ? resolve(process.env.CURBSIDE_DATA_DIR) : `${ROOT}.data`,
    "database-url",
  );
  return existsSync(file) ? readFileSync(file, "utf8").trim() || null : null;
}

async function runningPlatform(base: string, o: Options): Promise<Platform> {
  return {
    base,
    databaseUrl: knownDatabaseUrl(o),
    timeScale: await healthScale(base),
    own: null,
    stop: async () => {},
  };
}

/** The platform on PORT, or one started here: `npm start`'s script, TIME_SCALE = speed, a fresh data directory. */
async function localPlatform(o: Options): Promise<Platform> {
  const base = `http://127.0.0.1:${process.env.PORT ?? 8787}`;
  try {
    await waitForOk(`${base}/health`, 1000);
    log(`using the platform already running at ${base}`);
    return runningPlatform(base, o);
  } catch {
    // Nothing there (or not healthy): start one.
  }
  const temporary = !o["data-dir"];
  const dataDir = o["data-dir"] ? resolve(o["data-dir"]) : mkdtempSync(join(tmpdir(), "curbside-sim-"));
  const logFile = join(dataDir, "platform.log");
  log(`nothing answers at ${base}: starting the platform (npm start's script, embedded database unless`);
  log(`DATABASE_URL is set) with TIME_SCALE=${o.speed}, data in ${dataDir}, its log in ${logFile}…`);
  mkdirSync(dataDir, { recursive: true });
  const out = createWriteStream(logFile, { flags: "a" });
  const child: ChildProcess = spawn(process.execPath, ["scripts/start.ts"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      TIME_SCALE: String(o.speed),
      CURBSIDE_DATA_DIR: dataDir,
    },
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let alive = true;
  const exited = new Promise<void>((resolve) =>
    child.on("exit", () => {
      alive = false;
      resolve();
    }),
  );
  const stop = async () => {
    if (!alive || child.pid === undefined) return;
    process.kill(-child.pid, "SIGINT");
    await Promise.race([exited, sleep(15_000)]);
    if (alive) process.kill(-child.pid, "SIGKILL");
  };
  try {
    await waitForOk(`${base}/health`, 300_000, () => alive);
  } catch (error) {
    await stop();
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n") : "";
    throw new Error(`the platform did not start: ${error instanceof Error ? error.message : error}\n${tail}`);
  }
  const urlFile = join(dataDir, "database-url");
  return {
    base,
    databaseUrl: existsSync(urlFile) ? readFileSync(urlFile, "utf8").trim() : null,
    timeScale: await healthScale(base),
    own: { dataDir, logFile, temporary },
    stop,
  };
}

async function main(): Promise<void> {
  const wallStarted = Date.now();
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
  log(`seed ${o.seed} (replay with --seed ${o.seed}), speed ${o.speed}`);
  // The arrivals are drawn first (the seed decides them), so there is one rider per request.
  const random = seeded(o.seed);
  const arrivals = poissonArrivals(random, o["riders-per-min"], o.minutes);
  const riderCount = o.riders ?? Math.max(1, arrivals.length);
  // Renters draw from their own stream, so adding them leaves a seed's rides as they were.
  const renterRandom = seeded(o.seed + 1_000_000);
  const renterArrivals = poissonArrivals(renterRandom, o["renters-per-min"], o.minutes);
  const renterCount = renterArrivals.length;

  let platform: Platform;
  try {
    platform = o["base-url"] ? await runningPlatform(o["base-url"].replace(/\/$/, ""), o) : await localPlatform(o);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    log(`cannot run: ${error.message}`);
    process.exit(2);
  }
  const platformStartS = (Date.now() - wallStarted) / 1000;
  // Ctrl-C stops the platform this run started, too.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void platform.stop().finally(() => process.exit(130));
    });
  }
  const refuse = async (message: string) => {
    log(`cannot run: ${message}`);
    await platform.stop();
    process.exit(2);
  };
  if (platform.timeScale !== o.speed) {
    return refuse(
      `the platform at ${platform.base} runs its timers at TIME_SCALE ${platform.timeScale}, and this run asks for --speed ${o.speed}: a simulation at another speed than the platform's would not be honest. Run with --speed ${platform.timeScale}, or restart the platform with TIME_SCALE=${o.speed} npm start (or stop it and let the simulator start its own).`,
    );
  }
  if (!platform.databaseUrl) {
    return refuse(
      `the simulator provisions its ${o.drivers + riderCount + renterCount} accounts in the platform's database, and does not know the database of the platform at ${platform.base}. Pass --database-url (or set DATABASE_URL) to the database that platform uses, or stop it and let the simulator start its own.`,
    );
  }

  const errors = new ErrorLog();
  const traces = new RideTraces();
  const codes = new DropCodes();
  const deliveryCounts = emptyDeliveryCounts();
  let passed = false;
  try {
    log(
      `provisioning ${o.drivers} drivers and ${riderCount} riders${renterCount ? ` (and ${renterCount} renters)` : ""} in the platform's database…`,
    );
    const provisionStarted = Date.now();
    const people = await provisionFleet({
      databaseUrl: platform.databaseUrl,
      city,
      drivers: o.drivers,
      // Renters are riders too, in a pool of their own: the last renterCount accounts.
      riders: riderCount + renterCount,
      password: o.password,
    }).catch((error: unknown) => {
      throw new Error(
        `could not provision the accounts in ${redact(platform.databaseUrl as string)}: ${error instanceof Error ? error.message : error}`,
      );
    });
    const provisionS = (Date.now() - provisionStarted) / 1000;
    log(`accounts written in ${provisionS.toFixed(1)} s; signing them in through POST /v1/auth/login…`);
    const signInStarted = Date.now();
    let signedIn = 0;
    let lastShown = 0;
    const total = o.drivers + riderCount + renterCount;
    const onSignedIn = () => {
      signedIn++;
      if (signedIn === total || Date.now() - lastShown > 5000) {
        lastShown = Date.now();
        log(`  signed in: ${signedIn}/${total}`);
      }
    };
    let signInS = 0;
    const driverSessions = await signInAll(platform.base, people.drivers, o.password, errors, onSignedIn);
    // The riders sign in while the drivers come online.
    const riderSessions = signInAll(platform.base, people.riders, o.password, errors, onSignedIn).then((sessions) => {
      signInS = (Date.now() - signInStarted) / 1000;
      return sessions;
    });

    const clock = new SimClock(o.speed);
    const onlineStarted = Date.now();
    const bots = driverSessions.map(
      (session, i) =>
        new DriverBot({
          base: platform.base,
          session,
          city,
          random: seeded(o.seed + 1 + i),
          acceptProbability: o.accept,
          clock,
          traces,
          errors,
          codes,
          deliveries: deliveryCounts,
          door: { failShare: o["failed-drops"], wrongCodeShare: o["wrong-codes"] },
        }),
    );
    // Drivers come online in groups of 25, as a shift starts, not all in one instant.
    for (let i = 0; i < bots.length; i += 25) {
      const group = bots.slice(i, i + 25);
      for (const bot of group) bot.start();
      for (let w = 0; w < 100 && group.some((b) => !b.connected); w++) await sleep(100);
    }
    log(`${bots.filter((b) => b.connected).length}/${bots.length} drivers online`);
    const onlineS = (Date.now() - onlineStarted) / 1000;
    const everyone = await riderSessions;
    const riders = everyone.slice(0, riderCount);
    const renters = everyone.slice(riderCount);
    log(`everyone signed in, in ${signInS.toFixed(1)} s`);

    log(
      `${arrivals.length} requests over ${o.minutes} simulated min (${o["riders-per-min"]}/min, Poisson, from hotspots)${o.speed === 1 ? "" : `: ${clockText((o.minutes * 60) / o.speed)} of wall clock at speed ${o.speed}`}`,
    );
    if (renterCount > 0)
      log(`${renterCount} parking renters over the same minutes (${o["renters-per-min"]}/min, Poisson)`);
    const trips: Trip[] = [];
    const visits: ParkingVisit[] = [];
    const sessionOf = new Map<string, Session>();
    const riderBusyUntil = new Map<Session, number>();
    const requestsStartS = clock.nowS();
    const requestsWallStarted = Date.now();
    const simText = () => clockText(clock.nowS() - requestsStartS);
    const wallText = () => clockText((Date.now() - requestsWallStarted) / 1000);
    const progress = () => {
      const all = traces.all().filter((t) => t.requestedAt !== undefined);
      const count = (...statuses: string[]) => all.filter((t) => statuses.includes(t.status ?? "")).length;
      const errorCount = Object.values(errors.byCode).reduce((a, b) => a + b, 0);
      const parking = renterCount > 0 ? ` · parking bookings ${visits.filter((v) => v.booked).length}` : "";
      const goods = trips.filter((t) => t.id && t.service === "goods");
      const delivering = goods.length
        ? ` · deliveries ${goods.length} (completed ${goods.filter((t) => traces.of(t.id as string).status === "completed").length}, drops done ${deliveryCounts.dropsCompleted}, failed ${deliveryCounts.dropsFailed})`
        : "";
      const top = Object.entries(errors.byCode)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([code, n]) => `${code} ${n}`)
        .join(", ");
      log(
        `sim ${simText()} (wall ${wallText()})  drivers online ${bots.filter((b) => b.connected).length}/${bots.length} · requests ${all.length} · searching ${count("requested", "searching")} · on trips ${count("driver_assigned", "driver_arrived", "in_progress")} · completed ${count("completed")} · no_driver ${count("no_driver")} · cancelled ${count("cancelled")}${delivering}${parking} · errors ${errorCount}${top ? ` (${top})` : ""}`,
      );
    };
    const ticker = setInterval(progress, 10_000);

    // Requests at their arrival times; a rider takes one trip at a time while others are free.
    const pending: Promise<void>[] = arrivals.map(async (atS) => {
      await sleep(clock.wallMsUntil(requestsStartS + atS));
      const rider = [...riders].sort((a, b) => (riderBusyUntil.get(a) ?? 0) - (riderBusyUntil.get(b) ?? 0))[0];
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
        clock,
        goodsShare: o["goods-share"],
        codes,
      });
      trips.push(trip);
      if (trip.id) sessionOf.set(trip.id, rider);
      await trip.done;
      riderBusyUntil.set(rider, Date.now());
    });

    // Renters at their arrival times, one account a visit; the app reads the payments configuration once.
    let paymentsConfig: Promise<Schemas["PaymentsConfig"]> | undefined;
    const payments = () => {
      paymentsConfig ??= (renters[0] as Session).request("get", "/v1/payments/config", {}).catch((error: unknown) => {
        paymentsConfig = undefined;
        throw error;
      });
      return paymentsConfig;
    };
    const visiting = renterArrivals.map(async (atS, i) => {
      await sleep(clock.wallMsUntil(requestsStartS + atS));
      const session = renters[i];
      if (session) visits.push(await visitSpot({ session, city, random: renterRandom, errors, payments }));
    });

    await sleep(clock.wallMsUntil(requestsStartS + o.minutes * 60));
    const requestsWallS = (Date.now() - requestsWallStarted) / 1000;
    const drainStartS = clock.nowS();
    const drainWallStarted = Date.now();
    log(
      `sim ${simText()} (wall ${wallText()})  requests over; waiting for every ride to end (at most ${o["drain-minutes"]} simulated min)…`,
    );
    const allEnded = Promise.all(pending).then(() => true);
    // Every half minute of wall clock, ask the platform about the rides still open: a ride whose
    // socket missed its end is settled (and counted as an error) rather than waited for.
    let drained = false;
    while (!drained && clock.nowS() - drainStartS < o["drain-minutes"] * 60) {
      drained = await Promise.race([allEnded, sleep(30_000).then(() => false)]);
      if (drained) break;
      const open = trips.filter((t) => t.id && !isTerminal(traces.of(t.id).status));
      await mapLimit(open, 8, async (t) => {
        const ride = await (sessionOf.get(t.id as string) as Session)
          .request("get", "/v1/rides/{id}", { params: { path: { id: t.id as string } } })
          .catch(() => null);
        if (ride && isTerminal(ride.status)) t.settle(ride.status);
      });
    }
    if (!drained) {
      const open = trips.filter((t) => t.id && !isTerminal(traces.of(t.id).status));
      log(`sim ${simText()} (wall ${wallText()})  drain time is up: the riders of ${open.length} open rides cancel`);
      await Promise.all(open.map((t) => t.cancel("simulation ended").catch(() => {})));
      // A trip under way cannot be cancelled by its rider; its driver finishes it (at most
      // 8 km at city speed), so wait for those too, up to half an hour of simulated time.
      const underway = open.filter((t) => traces.of(t.id as string).status === "in_progress").length;
      if (underway > 0) log(`sim ${simText()}  waiting for ${underway} trips under way to reach their drop-off`);
      await Promise.race([allEnded, sleep(clock.wallMs(underway > 0 ? 30 * 60_000 : 15_000))]);
    }
    const drainS = clock.nowS() - drainStartS;
    const drainWallS = (Date.now() - drainWallStarted) / 1000;
    clearInterval(ticker);
    progress();

    // The platform's own word on how every ride ended (a few tries each: a ride that cannot be
    // read keeps what its rider's socket said, and is counted).
    const ids = [...sessionOf.keys()];
    const finalStops = new Map<string, string[]>();
    await mapLimit(ids, 16, async (id) => {
      for (let attempt = 1; attempt <= 4; attempt++) {
        try {
          const ride = await (sessionOf.get(id) as Session).request("get", "/v1/rides/{id}", {
            params: { path: { id } },
          });
          traces.of(id).status = ride.status;
          if (ride.stops.length > 0)
            finalStops.set(
              id,
              ride.stops.map((s) => s.status),
            );
          return;
        } catch {
          await sleep(2000 * attempt);
        }
      }
      errors.add("final_status_unread", `GET /v1/rides/${id}: no answer after 4 tries`);
    });
    for (const trace of traces.open()) {
      const driver = bots.map((b) => b.describe()).find((d) => d.rideId === trace.id);
      log(
        `left open: ride ${trace.id} is ${trace.status}; its driver: ${driver ? `${driver.phase}${driver.connected ? "" : ", offline"}` : "none"}`,
      );
    }
    for (const bot of bots) bot.stop();
    // Each visit ends by itself (every step has a timeout); then the database's word on overlaps.
    await Promise.all(visiting);
    let parking: ReturnType<typeof summarizeParking> | null = null;
    if (renterCount > 0) {
      const doubleBookings = await countDoubleBookings(platform.databaseUrl).catch((error: unknown) => {
        log(`could not count double bookings: ${error instanceof Error ? error.message : error}`);
        return null;
      });
      parking = summarizeParking(visits, doubleBookings);
    }

    const deliveries = await deliveriesOf(trips, traces, finalStops, sessionOf, deliveryCounts);

    const samples = samplesFrom(traces.all(), o.speed);
    samples.errorsByCode = errors.byCode;
    samples.serverErrors = errors.serverErrors;
    const report = summarize(samples);
    const run: RunTimes = {
      speed: o.speed,
      platformTimeScale: platform.timeScale,
      simulated: { requestsS: o.minutes * 60, drainS },
      wall: {
        platformStartS,
        provisionS,
        signInS,
        onlineS,
        requestsS: requestsWallS,
        drainS: drainWallS,
        totalS: (Date.now() - wallStarted) / 1000,
      },
    };
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB`;
    const handoffs = bots.reduce((sum, b) => sum + b.handoffs, 0);
    const positions = bots.reduce((sum, b) => sum + b.positionsSent, 0);
    console.log(
      `\nCurbside city simulation — ${o.city}, ${o.drivers} drivers, ${o["riders-per-min"]} requests/min (${o["goods-share"] === undefined ? "the city's mix of rides and deliveries" : `${Math.round(o["goods-share"] * 100)} % deliveries`})${renterCount > 0 ? ` and ${o["renters-per-min"]} renters/min` : ""} for ${o.minutes} simulated min, speed ${o.speed}, seed ${o.seed}`,
    );
    console.log(
      `platform ${platform.base}${platform.own ? ` (started by this run, on ${process.env.DATABASE_URL ? "DATABASE_URL" : platform.own.temporary ? "a fresh embedded database" : `the embedded database in ${platform.own.dataDir}`})` : ""} · ${machine} · ${positions} driver positions, ${handoffs} cell handoffs`,
    );
    console.log(`${formatRun(run)}\n`);
    console.log(formatReport(report));
    if (deliveries.requested > 0) console.log(formatDeliveries(deliveries));
    if (parking) console.log(formatParking(parking));
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
      const { password: _, ...shown } = o;
      writeJson(o.json, {
        options: shown,
        speed: o.speed,
        platform_time_scale: platform.timeScale,
        simulated_s: {
          requests: run.simulated.requestsS,
          drain: Math.round(drainS),
          total: Math.round(o.minutes * 60 + drainS),
        },
        wall_s: Object.fromEntries(Object.entries(run.wall).map(([k, v]) => [k.replace(/S$/, ""), Math.round(v)])),
        machine,
        base: platform.base,
        database: platform.own ? (process.env.DATABASE_URL ? "DATABASE_URL" : "embedded") : "the running platform's",
        driver_positions: positions,
        handoffs,
        report,
        deliveries,
        ...(parking ? { parking } : {}),
        error_examples: errors.examples,
        lost,
      });
      log(`report written to ${o.json}`);
    }
    const faults = [
      report.not_terminal > 0 && `${report.not_terminal} rides did not end`,
      report.messages_lost > 0 && `${report.messages_lost} positions were lost`,
      report.server_errors > 0 && `${report.server_errors} answers were 5xx`,
      parking && parking.double_bookings === null && "double bookings could not be counted",
      parking?.double_bookings && `${parking.double_bookings} pairs of bookings hold one spot at once`,
    ].filter(Boolean);
    if (faults.length) {
      log(`FAILED: ${faults.join("; ")}`);
      process.exitCode = 1;
    } else passed = true;
  } finally {
    await platform.stop();
    if (platform.own) {
      if (passed && platform.own.temporary) rmSync(platform.own.dataDir, { recursive: true, force: true });
      else log(`the platform's data and log are kept in ${platform.own.dataDir}`);
    }
  }
}

/**
 * The deliveries counted: the senders' requests, each drop's end as the
 * platform says (GET /v1/rides/{id} after the run), what the drivers did,
 * and the proofs each sender can read (GET /v1/rides/{id}/proofs).
 */
async function deliveriesOf(
  trips: readonly Trip[],
  traces: RideTraces,
  finalStops: ReadonlyMap<string, string[]>,
  sessionOf: ReadonlyMap<string, Session>,
  drivers: DeliverySamples["drivers"],
): Promise<ReturnType<typeof summarizeDeliveries>> {
  const goods = trips.filter((t): t is Trip & { id: string } => t.id !== null && t.service === "goods");
  const stops = goods.flatMap((t) => finalStops.get(t.id) ?? []);
  const proofs = { photos: 0, wrongCodes: 0, confirmed: 0, flagged: 0, unread: 0 };
  await mapLimit(goods, 8, async (t) => {
    try {
      const p = await (sessionOf.get(t.id) as Session).request("get", "/v1/rides/{id}/proofs", {
        params: { path: { id: t.id } },
      });
      proofs.photos += p.photos.length;
      for (const s of p.stops) {
        proofs.wrongCodes += s.wrong_codes;
        if (s.code_status === "confirmed") proofs.confirmed++;
        if (s.flagged) proofs.flagged++;
      }
    } catch {
      proofs.unread++;
    }
  });
  return summarizeDeliveries({
    requested: goods.length,
    completed: goods.filter((t) => traces.of(t.id).status === "completed").length,
    drops: goods.reduce((sum, t) => sum + t.drops, 0),
    stopsCompleted: stops.filter((s) => s === "completed").length,
    stopsFailed: stops.filter((s) => s === "failed").length,
    drivers,
    proofs: goods.length > 0 ? proofs : null,
  });
}

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A database URL without its password, for messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

await main();
process.exit();
