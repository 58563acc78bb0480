/**
 * The database for a local run: the PostgreSQL at DATABASE_URL when set,
 * otherwise the embedded PGlite + PostGIS. Either way it is migrated, and a
 * stand-in for Neon's proxy (neon-proxy.ts: HTTP queries and websockets) is
 * started in front of it, so the Worker reaches it through the Neon
 * serverless driver exactly as it reaches Neon in production.
 */
import { type EmbeddedDb, startEmbeddedDb } from "./embedded-db.ts";
import { migrateDatabase } from "./migrate.ts";
import { startNeonProxy } from "./neon-proxy.ts";

export interface LocalDatabase {
  /** The connection string the Worker and Node clients use. */
  url: string;
  /** The Worker's DB_PROXY: `127.0.0.1:PORT` of the local Neon proxy. */
  proxy: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function startLocalDatabase(options: {
  /** Where the embedded database keeps its files (or "memory://"). */
  embeddedDataDir: string;
  databaseUrl?: string | undefined;
  log?: (message: string) => void;
}): Promise<LocalDatabase> {
  const log = options.log ?? (() => {});
  let embedded: EmbeddedDb | undefined;
  let url = options.databaseUrl;
  if (!url) {
    log(`starting the embedded database (PGlite + PostGIS) in ${options.embeddedDataDir}`);
    embedded = await startEmbeddedDb({ dataDir: options.embeddedDataDir, port: 0 });
    url = embedded.url;
  } else {
    log(`using the database at ${redact(url)}`);
  }
  try {
    log("applying migrations");
    await migrateDatabase(url);
    const proxy = await startNeonProxy();
    return {
      url,
      proxy: proxy.address,
      embedded: embedded !== undefined,
      async stop() {
        await proxy.stop();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/** The URL without its password, for logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
