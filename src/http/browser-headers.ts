/**
 * What a browser expects of every answer: Hono's secure headers (HSTS,
 * nosniff, frame denial, no referrer), and CORS for the web apps whose
 * origins the operator lists in APP_ORIGINS (comma-separated; none by
 * default). A preflight from anywhere gets its answer (204); only a listed
 * origin is told it may read the response. The console's own
 * Content-Security-Policy travels with its static files (public/_headers),
 * which Workers serves without running this code.
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import type { AppEnv } from "../env.ts";

/** Headers apps may send across origins, and those they may read back. */
const ALLOW_HEADERS = ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"];
const EXPOSE_HEADERS = ["X-Request-Id", "Retry-After", "Location"];

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
 * Hono's secure headers, limited to those that mean something here: HSTS,
 * `nosniff` and frame denial (what OWASP's REST Security Cheat Sheet asks of
 * every API answer), no referrer, the cross-origin resource policy (photos
 * and receipts) and the opener policy (the /docs page). Hono's other
 * defaults are for HTML pages in old browsers (`X-XSS-Protection`,
 * `X-Download-Options`, `X-DNS-Prefetch-Control`,
 * `X-Permitted-Cross-Domain-Policies`, `Origin-Agent-Cluster`); each header
 * is a call into the runtime on every answer, so they are left out.
 */
export function browserHeaders(): MiddlewareHandler<AppEnv> {
  return secureHeaders({
    xFrameOptions: "DENY",
    // Photos and receipts may be shown by an app on another origin of the same site.
    crossOriginResourcePolicy: "same-site",
    // The API reference page (/docs) is opened in a tab of its own; nothing here needs an opener.
    crossOriginOpenerPolicy: "same-origin",
    xXssProtection: false,
    xDownloadOptions: false,
    xDnsPrefetchControl: false,
    xPermittedCrossDomainPolicies: false,
    originAgentCluster: false,
  });
}

/**
 * Hono's CORS for requests that carry an `Origin` (every browser request
 * across origins, and every preflight); the rest — apps, servers, webhooks —
 * only get `Vary: Origin`, so a cache never serves their answer to a
 * browser. Hono's middleware sets its headers before the route runs, which
 * makes the context build an empty Response and then copy it into the
 * route's: an extra Response and header copy on every answer, for headers
 * no app reads.
 */
export function appCors(): MiddlewareHandler<AppEnv> {
  const browsers = cors({
    origin: (origin, c) => (appOrigins(c.env).has(origin) ? origin : null),
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ALLOW_HEADERS,
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: 600,
  });
  return async function appCors(c, next) {
    if (c.req.header("origin") !== undefined) return browsers(c, next);
    await next();
    c.header("Vary", "Origin", { append: true });
  };
}
