/**
 * Ratings both ways after a ride (src/growth/ratings.ts, domain/ratings.ts).
 * Three sub-apps, mounted beside the resources they hang from:
 *
 *   POST /v1/rides/{id}/rating                 {rating, comment?, tags?}: the ride's rider rates its driver,
 *                                              its driver the rider; once each, within 7 days of completion
 *   GET  /v1/users/{id}/ratings                the user's summary: themselves, admins, and those who shared a ride
 *   GET  /v1/admin/ratings                     the admins' queue: ratings of 2 or less not yet resolved
 *   POST /v1/admin/ratings/{id}/resolve        an admin takes one off the queue
 *
 * Comments are plain text (markup is 400 naming `comment`), at most 500 characters.
 */

import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditActor, auditStatement } from "../admin/audit.ts";
import { ALL_RATING_TAGS, MAX_RATING_COMMENT, MAX_RATING_TAGS } from "../domain/ratings.ts";
import type { AppEnv } from "../env.ts";
import { ratedNotice, tell } from "../growth/notices.ts";
import {
  flaggedRatings,
  type RatingRow,
  rateRide,
  ratingSummary,
  resolveRating,
  sharedARide,
} from "../growth/ratings.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { background } from "../http/background.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, jsonBody, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { plainText } from "./reviews.ts";

const Comment = plainText(MAX_RATING_COMMENT);

const RateBody = z.object({
  rating: z.number().int().min(1).max(5),
  comment: Comment.optional(),
  tags: z
    .array(z.enum(ALL_RATING_TAGS as [string, ...string[]]))
    .max(MAX_RATING_TAGS)
    .optional()
    .openapi({ description: "Up to five tags; which ones each side may give is in the enum's description." }),
});

const RatingSchema = z
  .object({
    id: z.uuid(),
    ride_id: z.uuid(),
    direction: z.enum(["rider_to_driver", "driver_to_rider"]),
    author_id: z.uuid(),
    subject_id: z.uuid(),
    rating: z.number().int(),
    comment: z.string().nullable(),
    tags: z.array(z.string()),
    flagged: z.boolean().openapi({ description: "2 or less: in the admins' queue until resolved." }),
    created_at: z.string(),
  })
  .openapi("RideRating");

const Histogram = z.record(z.enum(["1", "2", "3", "4", "5"]), z.number().int());
const SummarySchema = z
  .object({
    user_id: z.uuid(),
    role: z.string(),
    average: z.number().openapi({ description: "Two decimals; 5 until the first rating." }),
    count: z.number().int(),
    histogram: Histogram,
    tags: z.record(z.string(), z.number().int()).openapi({ description: "How often each tag was given, most first." }),
  })
  .openapi("RatingSummary");

function ratingJson(r: RatingRow): z.infer<typeof RatingSchema> {
  return {
    id: r.id,
    ride_id: r.rideId as string,
    direction: r.direction as "rider_to_driver" | "driver_to_rider",
    author_id: r.authorId,
    subject_id: r.subjectUserId as string,
    rating: r.rating,
    comment: r.comment,
    tags: r.tags,
    flagged: r.flaggedAt !== null,
    created_at: r.createdAt.toISOString(),
  };
}

const signedIn = requireAuth();
const participants = requireAuth({ roles: ["rider", "driver"] });
const adminOnly = requireAuth({ roles: ["admin"] });

/** POST /v1/rides/{id}/rating */
export const rideRatingRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "post",
    path: "/{id}/rating",
    operationId: "rateRide",
    tags: ["Ratings"],
    summary: "Rate the other side of a completed ride (once, within 7 days)",
    description:
      "The ride's rider rates its driver; its driver rates the rider. 409 `ride_not_completed`, `rating_window_closed` or `already_rated`; 422 `invalid_tag` for a tag the other side's list holds. The rated person's average and count move with the rating.",
    security: bearerSecurity,
    middleware: [participants] as const,
    request: { params: IdParam, body: jsonBody(RateBody) },
    responses: {
      201: { description: "The rating", content: { "application/json": { schema: RatingSchema } } },
      ...problemResponses(400, 401, 403, 404, 409, 422),
    },
  }),
  async (c) => {
    const me = caller(c);
    const id = c.req.valid("param").id;
    const ride = await c.env.RIDE.getByName(id).view({ userId: me.userId, role: me.role });
    const body = c.req.valid("json");
    const rated = await rateRide(
      c.var.db(),
      ride,
      me.userId,
      { rating: body.rating, comment: body.comment ?? null, tags: body.tags ?? [] },
      new Date(),
    );
    // Committed: the rated person hears of it after the answer, never before.
    const notice = ratedNotice({
      id: rated.rating.id,
      subjectId: rated.subject.userId,
      direction: rated.rating.direction,
      average: rated.subject.average,
      count: rated.subject.count,
    });
    background(c)(tell(c.env, [notice]));
    return c.json(ratingJson(rated.rating), 201);
  },
);

/** GET /v1/users/{id}/ratings */
export const userRatingsRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/{id}/ratings",
    operationId: "getUserRatings",
    tags: ["Ratings"],
    summary: "A user's rating: average, count, histogram, tags",
    description:
      "For the user themselves, admins, and anyone who shared a ride with them (either side); others get 404, as for a user who does not exist.",
    security: bearerSecurity,
    middleware: [signedIn] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "The summary", content: { "application/json": { schema: SummarySchema } } },
      ...problemResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const me = caller(c);
    const id = c.req.valid("param").id;
    const maysee = me.userId === id || me.role === "admin" || (await sharedARide(c.var.db(), me.userId, id));
    const summary = maysee ? await ratingSummary(c.var.db(), id) : null;
    if (!summary) throw new ProblemError(404, "user_not_found", "No such user.");
    return c.json(summary, 200);
  },
);

/** /v1/admin/ratings… */
export const adminRatingsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listFlaggedRatings",
      tags: ["Admin"],
      summary: "Ride ratings of 2 or less waiting for an admin, newest first",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: { description: "A page of ratings", content: { "application/json": { schema: pageOf(RatingSchema) } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await flaggedRatings(c.var.db(), limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.flaggedAt as Date, r.id));
      return c.json({ data: result.data.map(ratingJson), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/resolve",
      operationId: "resolveFlaggedRating",
      tags: ["Admin"],
      summary: "Take a flagged rating off the queue (once)",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The rating", content: { "application/json": { schema: RatingSchema } } },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const id = c.req.valid("param").id;
      const by = auditActor(c);
      const row = await c.var.db().transaction(async (tx) => {
        const resolved = await resolveRating(tx, id, by.adminId);
        if (resolved) await auditStatement(tx, by, { action: "rating.resolve", targetType: "rating", targetId: id });
        return resolved;
      });
      if (!row) throw new ProblemError(404, "rating_not_found", "No such flagged rating.");
      return c.json(ratingJson(row), 200);
    },
  );
