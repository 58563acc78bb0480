/**
 * Authentication at the edge: `requireAuth({ roles })` checks the bearer
 * access token, that its account is not suspended (auth/suspensions.ts:
 * from memory, no database read per request) and, optionally, the caller's
 * role, and puts the caller on the context (`c.var.auth`). 401
 * `unauthenticated`, `token_expired` or `invalid_token`; 403
 * `account_suspended`; 403 `forbidden` for a role that may never use the
 * route (ownership is checked by the handlers, which answer 404 for what is
 * not the caller's). Admin-only routes answer other roles 404
 * `route_not_found`, exactly as a path that does not exist: to anyone but an
 * admin they are not there.
 */
import type { Context, MiddlewareHandler } from "hono";
import { isSuspended } from "../auth/suspensions.ts";
import { type AccessClaims, type Role, verifyAccessToken } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { background } from "./background.ts";
import { ProblemError } from "./problem.ts";

export interface RequireAuthOptions {
  /** Roles allowed to call the route; all roles when omitted. */
  roles?: readonly Role[];
}

const CHALLENGE = { "WWW-Authenticate": 'Bearer realm="curbside"' };

export function requireAuth(options: RequireAuthOptions = {}): MiddlewareHandler<AppEnv> {
  return async function requireAuth(c, next) {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new ProblemError(401, "unauthenticated", "Send an access token: Authorization: Bearer <token>.", {
        headers: CHALLENGE,
      });
    }
    const result = await verifyAccessToken(match[1], c.env.JWT_SIGNING_KEYS);
    if (!result.ok) {
      const expired = result.reason === "expired";
      throw new ProblemError(
        401,
        expired ? "token_expired" : "invalid_token",
        expired ? "The access token has expired; refresh it." : "The access token is not valid.",
        { headers: { "WWW-Authenticate": `Bearer realm="curbside", error="invalid_token"` } },
      );
    }
    if (options.roles && !options.roles.includes(result.claims.role)) {
      if (options.roles.every((role) => role === "admin")) throw routeNotFound(c);
      throw new ProblemError(403, "forbidden", `This route is for ${options.roles.join(" or ")} accounts.`);
    }
    if (await isSuspended(result.claims.userId, c.var.db, background(c))) throw accountSuspended();
    c.set("auth", result.claims);
    await next();
  };
}

/** The authenticated caller; only inside routes behind `requireAuth`. */
export function caller(c: Context<AppEnv>): AccessClaims {
  const auth = c.get("auth");
  if (!auth) throw new Error("caller() used on a route without requireAuth()");
  return auth;
}

/** 403 `account_suspended`: the token is genuine, its account is suspended. */
export function accountSuspended(): ProblemError {
  return new ProblemError(403, "account_suspended", "This account is suspended.");
}

/** The answer to a path no route serves (http/errors.ts, notFound), for a route the caller may not know of. */
function routeNotFound(c: Context<AppEnv>): ProblemError {
  return new ProblemError(404, "route_not_found", `No route for ${c.req.method} ${c.req.path}.`);
}
