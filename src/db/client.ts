/**
 * The database client factory. One pool per request (Workers may not share
 * I/O objects between requests); `close()` goes to `waitUntil` when done.
 * Locally, DB_WS_PROXY points the Neon driver at the websocket bridge in
 * front of the embedded or local Postgres; in production it talks to Neon.
 */
import { neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle } from "drizzle-orm/neon-serverless";
import type { Env } from "../env.ts";
import * as schema from "./schema/index.ts";

export type Database = ReturnType<typeof drizzle<typeof schema>>;

export interface DbHandle {
  db: Database;
  pool: Pool;
  close(): Promise<void>;
}

export function createDb(env: Pick<Env, "DATABASE_URL" | "DB_WS_PROXY">): DbHandle {
  if (!env.DATABASE_URL) throw new Error("DATABASE_URL is not set");
  const proxy = env.DB_WS_PROXY;
  if (proxy) {
    neonConfig.wsProxy = (host, port) => `${proxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: env.DATABASE_URL, max: 4 });
  // An idle client's socket error must not become an unhandled rejection.
  pool.on("error", () => {});
  const db = drizzle(pool, { schema, casing: "snake_case" });
  return { db, pool, close: () => pool.end() };
}
