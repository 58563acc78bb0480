/**
 * What every request passes through around its route, in one middleware:
 * its request id; on /v1, CORS for browsers, the body limit and the input
 * guard (input-guard.ts); and on the way out, the request id and the
 * browser's headers (browser-headers.ts) on the answer, and the access log.
 *
 * One middleware, not five: each layer of Hono's chain and each header
 * written on an answer costs a measurable share of a fast route such as the
 * estimate (README, Benchmarks). A refusal from the guard or the body limit
 * is answered by the app's error handler and gets the same headers.
 */
import type { Context, ErrorHandler, MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { API_HEADERS, browserCors, DOCUMENT_HEADERS } from "./browser-headers.ts";
import { guardInput } from "./input-guard.ts";
import { logRequest, REQUEST_ID_HEADER, requestIdOf } from "./request-context.ts";
import { isJsonMediaType } from "./schemas.ts";

export interface EdgeOptions {
  /** The body limit for a /v1 path (Hono's bodyLimit). */
  bodyLimit: (path: string) => MiddlewareHandler<AppEnv>;
  /** Answers a refusal (the app's error handler). */
  onError: ErrorHandler<AppEnv>;
  /** Whether to write the access log line for this request, once answered. */
  accessLog: (c: Context<AppEnv>, durationMs: number) => boolean;
}

const API_PREFIX = "/v1/";

export function edge(options: EdgeOptions): MiddlewareHandler<AppEnv> {
  const cors = browserCors();
  return async function edge(c, next) {
    const started = Date.now();
    const requestId = requestIdOf(c.req.raw.headers.get(REQUEST_ID_HEADER));
    c.set("requestId", requestId);
    const api = c.req.path.startsWith(API_PREFIX);
    const browser = api && c.req.raw.headers.get("origin") !== null;
    try {
      if (!api) {
        await next();
      } else {
        const limitThenRoute = async () => {
          await options.bodyLimit(c.req.path)(c, async () => {
            await guardInput(c);
            await next();
          });
        };
        // A preflight is answered by CORS itself, without the route.
        const preflight = browser ? await cors(c, limitThenRoute) : await limitThenRoute();
        if (preflight instanceof Response) c.res = preflight;
      }
    } catch (error) {
      // Hono answers errors thrown inside the route; these are the edge's own refusals.
      if (!(error instanceof Error)) throw error;
      c.error = error;
      c.res = await options.onError(error, c);
    }
    const headers = c.res.headers;
    headers.set(REQUEST_ID_HEADER, requestId);
    for (const [name, value] of API_HEADERS) headers.set(name, value);
    if (!isJsonMediaType(headers.get("content-type") ?? undefined)) {
      for (const [name, value] of DOCUMENT_HEADERS) headers.set(name, value);
    }
    if (api && !browser) headers.append("Vary", "Origin");
    const durationMs = Date.now() - started;
    if (options.accessLog(c, durationMs)) logRequest(c, requestId, durationMs);
  };
}
