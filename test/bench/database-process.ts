/**
 * The platform's database for a benchmark, in a process of its own: the
 * embedded PGlite (or the PostgreSQL at DATABASE_URL) behind the local Neon
 * proxy, migrated, with the demo data. Run by platform.ts so that the load
 * generator and the database do not share one event loop. Prints one JSON
 * line `{url, proxy}` when ready and runs until stdin closes or it is killed.
 */
import { loadDemoData } from "../../scripts/demo/load.ts";
import { startLocalDatabase } from "../../scripts/lib/database.ts";

const database = await startLocalDatabase({
  embeddedDataDir: "memory://",
  databaseUrl: process.env.DATABASE_URL || undefined,
});
await loadDemoData(database.url);
console.log(JSON.stringify({ url: database.url, proxy: database.proxy }));
const stop = async () => {
  await database.stop();
  process.exit(0);
};
process.stdin.on("close", stop);
process.stdin.resume();
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, stop);
