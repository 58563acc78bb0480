/**
 * Two projects: `node` (the database's own guarantees, the demo data,
 * scripts, the simulator) and `workers` (the Worker, actors, queue and cron,
 * inside workerd through the Workers vitest integration). Both use the
 * database that test/setup/global.ts starts: DATABASE_URL when set, the
 * embedded PGlite + PostGIS otherwise. The pure domain's tests (test/domain)
 * are not vitest's: they run under `deno test` (`npm run test:deno`), so
 * neither project includes them.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Push credentials made per run: the Worker signs real FCM and APNs requests with them, for the stand-in. */
const pem = (type: "rsa" | "ec") =>
  (type === "rsa"
    ? generateKeyPairSync("rsa", { modulusLength: 2048 })
    : generateKeyPairSync("ec", { namedCurve: "P-256" })
  ).privateKey.export({ type: "pkcs8", format: "pem" }) as string;

export default defineConfig({
  test: {
    globalSetup: ["./test/setup/global.ts"],
    reporters: ["default", "./test/setup/summary-reporter.ts"],
    // PGlite and workerd share two cores here; keep parallelism modest.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                DATABASE_URL: inject("databaseUrl"),
                DB_PROXY: inject("dbProxy"),
                ENVIRONMENT: "test",
                // A fresh signing key per run; a second, older key proves rotation.
                JWT_SIGNING_KEYS: `test-${Date.now()}:${randomBytes(32).toString("base64url")},old:${randomBytes(32).toString("base64url")}`,
                OTP_ECHO: "true",
                // A web app allowed to call the API from a browser (test/worker/browser-headers.test.ts).
                APP_ORIGINS: "https://app.curbside.test, https://ops.curbside.test/",
                // The real Stripe SDK, against the stand-in test/setup/global.ts starts.
                STRIPE_SECRET_KEY: "sk_test_curbside",
                STRIPE_PUBLISHABLE_KEY: "pk_test_curbside",
                STRIPE_WEBHOOK_SECRET: "whsec_curbside_test",
                STRIPE_API_BASE: inject("stripeApiBase"),
                // Push and email: the real request code, against the stand-in test/setup/global.ts starts.
                PUSH_API_BASE: inject("notifyStandinBase"),
                EMAIL_API_BASE: inject("notifyStandinBase"),
                EMAIL_FROM: "Curbside <receipts@curbside.test>",
                FCM_PROJECT_ID: "curbside-test",
                FCM_CLIENT_EMAIL: "push@curbside-test.iam.gserviceaccount.com",
                FCM_PRIVATE_KEY: pem("rsa"),
                APNS_KEY_ID: "TESTKEY123",
                APNS_TEAM_ID: "TESTTEAM12",
                APNS_PRIVATE_KEY: pem("ec"),
                APNS_TOPIC: "test.curbside.rider",
                // Replays a randomised ledger test (test/worker/ledger.test.ts prints its seed).
                LEDGER_SEED: process.env.LEDGER_SEED ?? "",
                // Short enough that expiry and giving up can be watched in a test.
                OFFER_TIMEOUT_S: "2",
                DISPATCH_WINDOW_S: "4",
              },
            },
          })),
        ],
        test: {
          name: "workers",
          include: ["test/worker/**/*.test.ts"],
          // Two cores carry workerd, Postgres, the proxy, the Stripe stand-in and the node
          // project's embedded database at once: in one of six full runs on 2026-11-30 the
          // first two files waited about 40 s at start-up, then passed alone and on rerun.
          testTimeout: 60_000,
        },
      },
    ],
  },
});
