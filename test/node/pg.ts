/** A plain `pg` client on the test database, for tests of the database's own guarantees. */
import pg from "pg";
import { inject } from "vitest";

export async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  return client;
}

/**
 * A random hour in 2500–2600, so windows of different tests never meet and
 * the cron test's sweep (run "in" 2300–2311) never completes them.
 */
export function randomFutureHour(): Date {
  const hours = Math.floor(Math.random() * 24 * 365 * 100);
  const t = Date.UTC(2500, 0, 1) + hours * 3_600_000;
  return new Date(t);
}
