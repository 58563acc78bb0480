/**
 * `database()` puts the request's database handle on the context as
 * `c.var.db()`, created on first use. Its queries go over HTTP and need no
 * closing; if the request ran an interactive transaction, the websocket Pool
 * that carried it is ended after the response, off the critical path.
 */
import type { MiddlewareHandler } from "hono";
import { createDb, type DbHandle } from "../db/client.ts";
import type { AppEnv } from "../env.ts";
import { background } from "./background.ts";

export function database(): MiddlewareHandler<AppEnv> {
  return async function database(c, next) {
    let handle: DbHandle | undefined;
    c.set("db", () => {
      handle ??= createDb(c.env);
      return handle.db;
    });
    try {
      await next();
    } finally {
      if (handle) background(c)(handle.close().catch(() => {}));
    }
  };
}
