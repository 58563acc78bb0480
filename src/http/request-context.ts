/**
 * Request ids and one-line JSON access logs (the edge middleware, edge.ts,
 * calls both for every request).
 *
 * A request keeps the caller's `X-Request-Id` when it is sane, otherwise
 * gets a new one; the answer echoes it. The access log is one JSON object
 * per request it is asked to keep:
 * `{ ts, level, msg: "request", request_id, method, path, status, duration_ms }`.
 */
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { log } from "../log.ts";

/** The header carrying the id both ways. */
export const REQUEST_ID_HEADER = "X-Request-Id";

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's id when it is sane (a token of at most 128 characters), otherwise a new UUID. */
export function requestIdOf(given: string | null): string {
  return given && SANE_ID.test(given) ? given : crypto.randomUUID();
}

/** The access log line of an answered request. */
export function logRequest(c: Context<AppEnv>, requestId: string, durationMs: number): void {
  log("info", "request", {
    request_id: requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    duration_ms: durationMs,
  });
}
