/**
 * The database client factory, as Neon recommends for Workers. One-shot
 * queries (and `batch()`, one non-interactive transaction) go over the Neon
 * driver's HTTP path: one fetch each, no connection to open. Only an
 * interactive `transaction()` opens a websocket `Pool`, created on first use
 * and ended by `close()` (Workers may not share I/O objects between requests).
 *
 * Locally, DB_PROXY (`127.0.0.1:PORT`) points both paths at the stand-in for
 * Neon's proxy (scripts/lib/neon-proxy.ts) in front of the embedded or local
 * Postgres; unset, as in production, the driver talks to Neon itself.
 *
 * Used by the request middleware (http/database.ts), the queue consumer, the
 * cron sweeps and the ride actor.
 */
import { neon, neonConfig, Pool } from "@neondatabase/serverless";
import { drizzle as drizzleHttp, type NeonHttpDatabase } from "drizzle-orm/neon-http";
import { drizzle as drizzlePool } from "drizzle-orm/neon-serverless";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema/index.ts";

/** The part of a query result both drivers return (what `execute()` resolves to). */
export interface QueryResult<TRow> {
  rows: TRow[];
  rowCount: number | null;
  command: string;
}

export interface QueryResultHKT extends PgQueryResultHKT {
  type: QueryResult<this["row"]>;
}

/**
 * What query functions take: the HTTP handle, a Pool-backed drizzle or a
 * transaction's `tx` all satisfy it.
 */
export type Database = PgDatabase<QueryResultHKT, typeof schema>;

/**
 * The handle `createDb` returns: queries and `batch([...])` over HTTP,
 * `transaction(async (tx) => …)` on the request's own websocket Pool.
 *
 * @example
 * const rows = await db.select().from(users).where(eq(users.id, id)); // one fetch
 * await db.batch([db.insert(a).values(x), db.update(b).set(y)]); // one fetch, one transaction
 * await db.transaction(async (tx) => { … }); // opens the Pool on first use
 */
export type HttpDatabase = Database & Pick<NeonHttpDatabase<typeof schema>, "batch">;

export interface DbHandle {
  db: HttpDatabase;
  /** Ends the transaction Pool if one was opened; nothing to do otherwise. */
  close(): Promise<void>;
}

const options = { schema, casing: "snake_case" } as const;

// One HTTP drizzle per connection string and isolate. It holds no I/O object
// (each query is its own fetch), so requests may share it; building it
// (drizzle reads the whole schema) costs about half a millisecond.
const httpByUrl = new Map<string, NeonHttpDatabase<typeof schema>>();

/** The Worker's database settings (see env.ts): DATABASE_URL, and DB_PROXY locally. */
export interface DbSettings {
  DATABASE_URL: string;
  DB_PROXY?: string | undefined;
}

export function createDb(env: DbSettings): DbHandle {
  const url = env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  if (env.DB_PROXY) useLocalProxy(env.DB_PROXY);
  let http = httpByUrl.get(url);
  if (!http) {
    http = drizzleHttp({ client: neon(url), ...options });
    httpByUrl.set(url, http);
  }
  // The Pool is this handle's own: Workers may not share a socket between requests.
  let pool: Pool | undefined;
  let pooled: Database | undefined;
  const transaction: Database["transaction"] = (run, config) => {
    if (!pool || !pooled) {
      pool = new Pool({ connectionString: url, max: 4 });
      // An idle client's socket error must not become an unhandled rejection.
      pool.on("error", () => {});
      pooled = drizzlePool({ client: pool, ...options });
    }
    return pooled.transaction(run, config);
  };
  // neon-http has no interactive transactions: this handle is the shared HTTP
  // drizzle (its prototype) with transaction() routed to the Pool.
  const db: HttpDatabase = Object.create(http, { transaction: { value: transaction } });
  return {
    db,
    close: async () => {
      const opened = pool;
      pool = undefined;
      pooled = undefined;
      await opened?.end();
    },
  };
}

/** Sends the driver's HTTP queries and websockets to the local stand-in at `host:port`. */
function useLocalProxy(proxy: string): void {
  neonConfig.fetchEndpoint = () => `http://${proxy}/sql`;
  neonConfig.wsProxy = (host, port) => `${proxy}/v1?address=${host}:${port}`;
  neonConfig.useSecureWebSocket = false;
  neonConfig.pipelineTLS = false;
  neonConfig.pipelineConnect = false;
}
