/**
 * Starts the test database once for every project: DATABASE_URL when set
 * (any Postgres with PostGIS), otherwise a fresh in-memory embedded PGlite.
 * Migrates it, loads the demo world and hands the connection details to the
 * tests (`inject("databaseUrl")`, `inject("dbProxy")`).
 */
import type { TestProject } from "vitest/node";
import { loadDemoData } from "../../scripts/demo/load.ts";
import { vendorAssets } from "../../scripts/lib/assets.ts";
import { redact, startLocalDatabase } from "../../scripts/lib/database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** `127.0.0.1:PORT` of the local Neon proxy (the Worker's DB_PROXY). */
    dbProxy: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  vendorAssets();
  const database = await startLocalDatabase({
    embeddedDataDir: "memory://",
    databaseUrl: process.env.DATABASE_URL || undefined,
    log: (m) => console.log(`[test-setup] ${m}`),
  });
  console.log(`[test-setup] database ready: ${database.embedded ? "embedded PGlite" : redact(database.url)}`);
  await loadDemoData(database.url);
  project.provide("databaseUrl", database.url);
  project.provide("dbProxy", database.proxy);
  return () => database.stop();
}
