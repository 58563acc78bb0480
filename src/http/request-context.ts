/**
 * Request ids and one-line JSON access logs.
 *
 * `requestContext()` takes the caller's `X-Request-Id` when it is sane,
 * otherwise makes one, echoes it on the response and logs one JSON object
 * for each request `accessLog` picks (by default every one):
 * `{ ts, level, msg: "request", request_id, method, path, status, duration_ms }`.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { log } from "../log.ts";

export interface RequestContextOptions {
  /** The header carrying the id both ways. */
  header?: string;
  /** Whether to write the access log line for this request, once answered (default: always). */
  accessLog?: (c: Context<AppEnv>, durationMs: number) => boolean;
}

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestContext(options: RequestContextOptions = {}): MiddlewareHandler<AppEnv> {
  const header = options.header ?? "X-Request-Id";
  const accessLog = options.accessLog ?? (() => true);
  return async function requestContext(c, next) {
    const started = Date.now();
    const given = c.req.header(header);
    const requestId = given && SANE_ID.test(given) ? given : crypto.randomUUID();
    c.set("requestId", requestId);
    await next();
    c.res.headers.set(header, requestId);
    const durationMs = Date.now() - started;
    if (accessLog(c, durationMs)) {
      log("info", "request", {
        request_id: requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        duration_ms: durationMs,
      });
    }
  };
}
