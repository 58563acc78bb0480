/**
 * Starts the test database once for every project: DATABASE_URL when set
 * (any Postgres with PostGIS), otherwise a fresh in-memory embedded PGlite.
 * Migrates it, loads the demo world, starts the Stripe stand-in and the
 * push and email stand-in and hands their addresses to the tests
 * (`inject("databaseUrl")`, `inject("dbProxy")`, `inject("stripeApiBase")`,
 * `inject("notifyStandinBase")`).
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { loadDemoData } from "../../scripts/demo/load.ts";
import { vendorAssets } from "../../scripts/lib/assets.ts";
import { buildConsole } from "../../scripts/lib/console.ts";
import { redact, startLocalDatabase } from "../../scripts/lib/database.ts";
import { startNotifyStandin } from "../../scripts/notify-standin/index.ts";
import { startStripeStandin } from "../../scripts/stripe-standin/index.ts";

/** The stand-in signs webhooks with this; the Worker verifies with it (vitest.config.ts). */
export const TEST_WEBHOOK_SECRET = "whsec_curbside_test";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** `127.0.0.1:PORT` of the local Neon proxy (the Worker's DB_PROXY). */
    dbProxy: string;
    /** `http://127.0.0.1:PORT` of the Stripe stand-in (the Worker's STRIPE_API_BASE). */
    stripeApiBase: string;
    /** `http://127.0.0.1:PORT` of the push and email stand-in (PUSH_API_BASE, EMAIL_API_BASE). */
    notifyStandinBase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  vendorAssets();
  buildConsole();
  const database = await startLocalDatabase({
    embeddedDataDir: "memory://",
    databaseUrl: process.env.DATABASE_URL || undefined,
    log: (m) => console.log(`[test-setup] ${m}`),
  });
  console.log(`[test-setup] database ready: ${database.embedded ? "embedded PGlite" : redact(database.url)}`);
  await loadDemoData(database.url);
  // The Worker under test has no port of its own: tests pull the stand-in's signed webhooks and post them.
  const stripe = await startStripeStandin({ webhookSecret: TEST_WEBHOOK_SECRET, payoutDelayMs: null });
  console.log(`[test-setup] Stripe stand-in at ${stripe.url}`);
  project.provide("databaseUrl", database.url);
  project.provide("dbProxy", database.proxy);
  project.provide("stripeApiBase", stripe.url);
  const notify = await startNotifyStandin({ mailDir: join(tmpdir(), `curbside-test-mail-${process.pid}`) });
  console.log(`[test-setup] push and email stand-in at ${notify.url}`);
  project.provide("notifyStandinBase", notify.url);
  return async () => {
    await notify.stop();
    await stripe.stop();
    await database.stop();
  };
}
