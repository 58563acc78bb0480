/**
 * `npm start`: the whole platform on this machine. Starts the database (the
 * embedded PGlite + PostGIS under .data/, or DATABASE_URL), migrates it,
 * loads the demo data, runs the Worker, actors, queue and cron under
 * `wrangler dev`, waits for /health and prints where everything is.
 * Ctrl-C (or SIGTERM) stops it all cleanly.
 *
 * Also starts the Stripe stand-in (scripts/stripe-standin, port
 * STRIPE_STANDIN_PORT, default 12111), which pushes signed webhooks to the Worker,
 * and the push and email stand-in (scripts/notify-standin, port
 * NOTIFY_STANDIN_PORT, default 12112), which records the FCM and APNs requests
 * the Worker signs and writes each email as an .eml file under DATA_DIR/mail.
 *
 * Environment: PORT (default 8787), DATABASE_URL (optional), TIME_SCALE
 * (simulations: the city's clock N times faster, see src/domain/time-scale.ts),
 * CURBSIDE_DATA_DIR (default .data/: the embedded database, the signing key
 * and, when set, the actors' local state, so a run can start from nothing).
 * While it runs, DATA_DIR/database-url holds the database's URL for local
 * tools (the simulator provisions its accounts there).
 */
import { spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseTimeScale } from "../src/domain/time-scale.ts";
import { ADMIN, DEMO_PASSWORD, DRIVERS, OWNERS, RIDERS } from "./demo/data.ts";
import { loadDemoData } from "./demo/load.ts";
import { vendorAssets } from "./lib/assets.ts";
import { buildConsole } from "./lib/console.ts";
import { redact, startLocalDatabase } from "./lib/database.ts";
import { waitForOk } from "./lib/wait.ts";
import { startNotifyStandin } from "./notify-standin/index.ts";
import { startStripeStandin } from "./stripe-standin/index.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PORT = Number(process.env.PORT ?? 8787);
const BASE = `http://127.0.0.1:${PORT}`;
const say = (message: string) => console.log(`[curbside] ${message}`);
const DATA_DIR = process.env.CURBSIDE_DATA_DIR ? resolve(process.env.CURBSIDE_DATA_DIR) : `${ROOT}.data`;
const DATABASE_URL_FILE = `${DATA_DIR}/database-url`;
const timeScale = parseTimeScale(process.env.TIME_SCALE, "development");
if (!timeScale.ok) {
  say(timeScale.reason);
  process.exit(2);
}

/** The local signing key, kept in .data/ so tokens survive a restart. */
function devSigningKeys(): string {
  const file = `${DATA_DIR}/jwt-signing-keys`;
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(DATA_DIR, { recursive: true });
  const keys = `dev-${new Date().toISOString().slice(0, 10)}:${randomBytes(32).toString("base64url")}`;
  writeFileSync(file, keys, { mode: 0o600 });
  return keys;
}

/**
 * Local push credentials, kept in .data/ like the signing key: the Worker signs real FCM
 * (RS256 service-account assertion) and APNs (ES256 provider token) requests with them.
 * Newlines escaped, as `--var` takes one line (src/notify/push.ts restores them).
 */
function devPushKeys(): { fcm: string; apns: string } {
  const file = `${DATA_DIR}/push-keys.json`;
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as { fcm: string; apns: string };
  mkdirSync(DATA_DIR, { recursive: true });
  const pem = (key: ReturnType<typeof generateKeyPairSync>["privateKey"]) =>
    (key.export({ type: "pkcs8", format: "pem" }) as string).replace(/\n/g, "\\n");
  const keys = {
    fcm: pem(generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey),
    apns: pem(generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey),
  };
  writeFileSync(file, JSON.stringify(keys), { mode: 0o600 });
  return keys;
}

vendorAssets();
buildConsole();
const database = await startLocalDatabase({
  embeddedDataDir: `${DATA_DIR}/pglite`,
  databaseUrl: process.env.DATABASE_URL || undefined,
  log: say,
});
mkdirSync(DATA_DIR, { recursive: true });
writeFileSync(DATABASE_URL_FILE, `${database.url}\n`, { mode: 0o600 });
say("loading demo data");
const loaded = await loadDemoData(database.url);
say(`demo data: ${loaded.users} accounts (${loaded.drivers} drivers), ${loaded.spots} parking spots`);

// Stripe cannot be reached from here: its stand-in, pushing signed webhooks to the Worker.
const STRIPE_PORT = Number(process.env.STRIPE_STANDIN_PORT ?? 12111);
const STRIPE_WEBHOOK_SECRET = "whsec_curbside_local";
const stripe = await startStripeStandin({
  port: STRIPE_PORT,
  webhookSecret: STRIPE_WEBHOOK_SECRET,
  webhookUrl: `${BASE}/v1/webhooks/stripe`,
  // Kept across restarts, as the database that names its customers and accounts is.
  stateFile: `${DATA_DIR}/stripe-standin.json`,
  log: (m) => say(`stripe stand-in: ${m}`),
});
say(`Stripe stand-in on ${stripe.url}`);

// Push and email providers cannot be reached either: their stand-in records what would be sent.
const notify = await startNotifyStandin({
  port: Number(process.env.NOTIFY_STANDIN_PORT ?? 12112),
  mailDir: `${DATA_DIR}/mail`,
  log: (m) => say(`push/email stand-in: ${m}`),
});
say(`push and email stand-in on ${notify.url} (emails as .eml files in ${DATA_DIR}/mail)`);
const pushKeys = devPushKeys();

say(`starting the Worker under wrangler dev on ${BASE}`);
const wrangler = spawn(
  process.execPath,
  [
    `${ROOT}node_modules/wrangler/bin/wrangler.js`,
    "dev",
    "--ip",
    "127.0.0.1",
    "--port",
    String(PORT),
    "--test-scheduled",
    "--show-interactive-dev-session=false",
    "--var",
    `DATABASE_URL:${database.url}`,
    "--var",
    `DB_PROXY:${database.proxy}`,
    "--var",
    "ENVIRONMENT:development",
    "--var",
    `JWT_SIGNING_KEYS:${devSigningKeys()}`,
    // Phone login codes also come back in the response, for local apps and tools.
    "--var",
    "OTP_ECHO:true",
    "--var",
    "STRIPE_SECRET_KEY:sk_test_curbside_local",
    "--var",
    "STRIPE_PUBLISHABLE_KEY:pk_test_curbside_local",
    "--var",
    `STRIPE_WEBHOOK_SECRET:${STRIPE_WEBHOOK_SECRET}`,
    "--var",
    `STRIPE_API_BASE:${stripe.url}`,
    ...[
      `PUSH_API_BASE:${notify.url}`,
      `EMAIL_API_BASE:${notify.url}`,
      "EMAIL_FROM:Curbside <receipts@curbside.local>",
      "FCM_PROJECT_ID:curbside-local",
      "FCM_CLIENT_EMAIL:push@curbside-local.iam.gserviceaccount.com",
      `FCM_PRIVATE_KEY:${pushKeys.fcm}`,
      "APNS_KEY_ID:LOCALKEY01",
      "APNS_TEAM_ID:LOCALTEAM1",
      `APNS_PRIVATE_KEY:${pushKeys.apns}`,
      "APNS_TOPIC:local.curbside.app",
    ].flatMap((v) => ["--var", v]),
    ...(timeScale.scale !== 1 ? ["--var", `TIME_SCALE:${timeScale.scale}`] : []),
    // A data dir of its own keeps the actors' state (.wrangler/state otherwise) there too.
    ...(process.env.CURBSIDE_DATA_DIR ? ["--persist-to", `${DATA_DIR}/wrangler`] : []),
  ],
  {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      // wrangler dev's local trace capture writes every request's spans and logs to SQLite in the
      // runtime; with it on, the speed-6 city run fell behind on a 2-core machine (README,
      // "Simulating a city"). X_LOCAL_OBSERVABILITY=true npm start brings it back.
      X_LOCAL_OBSERVABILITY: process.env.X_LOCAL_OBSERVABILITY ?? "false",
    },
  },
);
let wranglerAlive = true;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say("stopping");
    clearInterval(cronTicker);
    if (wranglerAlive) {
      const exited = new Promise((resolve) => wrangler.once("exit", resolve));
      wrangler.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (wranglerAlive) wrangler.kill("SIGKILL");
    }
    await stripe.stop();
    await notify.stop();
    await database.stop();
    rmSync(DATABASE_URL_FILE, { force: true });
    say("stopped");
  }
  process.exit(code);
}

let interrupted = false;
wrangler.on("exit", (code, signal) => {
  wranglerAlive = false;
  if (stopping) return;
  // Ctrl-C reaches wrangler and us together; whoever hears it first, it is a clean stop.
  const byUser = interrupted || signal === "SIGINT" || signal === "SIGTERM" || code === 130 || code === 143;
  if (!byUser) say(`wrangler exited with ${code ?? signal}`);
  void stop(byUser ? 0 : (code ?? 1));
});
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    interrupted = true;
    void stop(0);
  });
}

// wrangler dev does not fire cron triggers by itself; tick them every minute
// through its /__scheduled endpoint so the sweeps run locally as in production.
const cronTicker = setInterval(() => {
  fetch(`${BASE}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {});
}, 60_000);

try {
  await waitForOk(`${BASE}/health`, 120_000, () => wranglerAlive);
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  await stop(1);
}

say("");
say(`Curbside is up on ${database.embedded ? "the embedded database" : redact(database.url)}`);
if (timeScale.scale !== 1) say(`  TIME_SCALE ${timeScale.scale}: the platform's timers run ${timeScale.scale}× faster`);
say(`  API:        ${BASE}`);
say(`  API docs:   ${BASE}/docs`);
say(`  OpenAPI:    ${BASE}/openapi.json`);
say(`  Health:     ${BASE}/health`);
say(`  Stripe:     ${stripe.url} (the local stand-in; webhooks go to ${BASE}/v1/webhooks/stripe)`);
say(`  Push/email: ${notify.url}/_standin/requests (what push would send); emails in ${DATA_DIR}/mail`);
say(`  Demo logins (password "${DEMO_PASSWORD}"): ${ADMIN.email}, ${RIDERS[0]?.email}…${RIDERS.at(-1)?.email},`);
say(`    ${OWNERS[0]?.email}…${OWNERS.at(-1)?.email}, ${DRIVERS[0]?.email}…${DRIVERS.at(-1)?.email}`);
say("Press Ctrl-C to stop.");
