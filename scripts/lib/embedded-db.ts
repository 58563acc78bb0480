/**
 * The embedded database: PGlite with PostGIS and btree_gist, served on the
 * Postgres wire (pg-wire-server.ts). Used by `npm start` and the test
 * command when DATABASE_URL is not set.
 */
import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { postgis } from "@electric-sql/pglite-postgis";
import { servePgWire } from "./pg-wire-server.ts";

export interface EmbeddedDb {
  /** A postgres:// URL for any Postgres client (pg, Neon driver through the bridge). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite on `dataDir` (a folder, created if missing, or "memory://")
 * and serves it on 127.0.0.1:`port` (0 picks a free port).
 */
export async function startEmbeddedDb(options: { dataDir: string; port: number }): Promise<EmbeddedDb> {
  if (!options.dataDir.startsWith("memory://")) {
    mkdirSync(options.dataDir, { recursive: true });
  }
  const db = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { postgis, btree_gist },
  });
  const server = await servePgWire(db, "127.0.0.1", options.port);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${server.port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
