/**
 * What admin routes share: the admin-only guard (other roles get 404, as for
 * a path that does not exist: http/auth.ts), the query fields of a time
 * window, and the check that a window is one.
 */
import { z } from "@hono/zod-openapi";
import { requireAuth } from "./auth.ts";
import { ProblemError } from "./problem.ts";

/** Admins only; any other caller gets 404 `route_not_found`. */
export const adminOnly = requireAuth({ roles: ["admin"] });

/** An ISO 8601 instant with its offset (`2026-11-30T08:00:00Z`). */
export const Instant = z.iso.datetime({ offset: true }).openapi({ example: "2026-11-30T00:00:00Z" });

/** `from` (inclusive) and `to` (exclusive), both optional. */
export const TimeWindowQuery = z.object({
  from: Instant.optional().openapi({ description: "From this instant, inclusive (ISO 8601)." }),
  to: Instant.optional().openapi({ description: "Until this instant, exclusive (ISO 8601)." }),
});

/** The window as dates; 400 `invalid_window` unless `from` is before `to`. */
export function timeWindow(q: { from?: string | undefined; to?: string | undefined }): { from?: Date; to?: Date } {
  const from = q.from === undefined ? undefined : new Date(q.from);
  const to = q.to === undefined ? undefined : new Date(q.to);
  if (from && to && !(from < to)) {
    throw new ProblemError(400, "invalid_window", "`from` must be before `to`.", {
      errors: [{ path: "to", in: "query", message: "after from" }],
    });
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** A city's id in a query or path (`ahmedabad`). */
export const CityId = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/)
  .openapi({ description: "A city's id (`ahmedabad`).", example: "ahmedabad" });
