/**
 * What a browser expects of an answer: security headers, and CORS for the
 * web apps whose origins the operator lists in APP_ORIGINS (comma-separated;
 * none by default). A preflight from anywhere gets its answer (204); only a
 * listed origin is told it may read the response. The console's own
 * Content-Security-Policy travels with its static files (public/_headers),
 * which Workers serves without running this code. The edge middleware
 * (edge.ts) applies all of it.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../env.ts";

/** Headers apps may send across origins, and those they may read back. */
const ALLOW_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"];
const EXPOSE_HEADERS = ["X-Request-Id", "Retry-After", "Location"];

/**
 * On every answer: what OWASP's REST Security Cheat Sheet asks of an API —
 * HSTS, `nosniff` and frame denial — with the values Hono's secureHeaders
 * gives them.
 */
export const API_HEADERS: readonly (readonly [string, string])[] = [
  ["Strict-Transport-Security", "max-age=15552000; includeSubDomains"],
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
];

/**
 * On answers that are not JSON (the /docs page, photos, receipts): no
 * referrer for the links a page holds, photos and receipts shown only by
 * apps of the same site, and no opener for a page opened in a tab of its
 * own. A JSON answer is neither a page nor an embeddable resource, so these
 * are left off it: each header is a call into the runtime on every answer.
 */
export const DOCUMENT_HEADERS: readonly (readonly [string, string])[] = [
  ["Referrer-Policy", "no-referrer"],
  ["Cross-Origin-Resource-Policy", "same-site"],
  ["Cross-Origin-Opener-Policy", "same-origin"],
];

/** The listed origins, parsed once per bindings object. */
const parsed = new WeakMap<object, ReadonlySet<string>>();

export function appOrigins(env: { APP_ORIGINS?: string | undefined }): ReadonlySet<string> {
  let origins = parsed.get(env);
  if (!origins) {
    const listed = (env.APP_ORIGINS ?? "").split(",").map((o) => o.trim().replace(/\/+$/, ""));
    origins = new Set(listed.filter((o) => o !== ""));
    parsed.set(env, origins);
  }
  return origins;
}

/**
 * Hono's CORS, for requests that carry an `Origin` (every browser request
 * across origins, and every preflight). The rest — apps, servers, webhooks
 * — only get `Vary: Origin` (edge.ts), so a cache never serves their answer
 * to a browser.
 */
export function browserCors(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => (appOrigins(c.env).has(origin) ? origin : null),
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ALLOW_HEADERS,
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: 600,
  });
}
