/**
 * Reviews of spots. Three sub-apps, mounted beside the resources they hang from:
 *
 *   POST /v1/bookings/{id}/review        {rating, comment?}: the renter, once the booking is completed, once
 *   POST /v1/reviews/{id}/response       {response}: the spot's owner, once
 *   POST /v1/reviews/{id}/helpful        another user's vote, once each
 *   GET  /v1/spots/{id}/reviews          newest first (cursor-paginated)
 *   GET  /v1/spots/{id}/reviews/summary  average, count, histogram
 *
 * Comments and responses are plain text: markup is 422 `no_html`.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { spotById } from "../db/queries/spots.ts";
import { commentProblem, MAX_COMMENT } from "../domain/review-text.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, jsonBody, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { bookingFor } from "../parking/booking-access.ts";
import { parkingEvent } from "../parking/events.ts";
import {
  type ReviewRow,
  respond,
  reviewBooking,
  reviewById,
  reviewSummary,
  reviewsOfSpot,
  voteHelpful,
} from "../parking/reviews.ts";
import { paymentContext } from "../payments/context.ts";

/** Plain text of 1 to `max` characters after trimming; markup is refused, naming the field. */
export function plainText(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((text, ctx) => {
      if (commentProblem(text) === "no_html") ctx.addIssue({ code: "custom", message: "plain text only: no HTML" });
    });
}

const PlainText = plainText(MAX_COMMENT);

const ReviewSchema = z
  .object({
    id: z.uuid(),
    spot_id: z.uuid(),
    booking_id: z.uuid(),
    author_id: z.uuid(),
    author_name: z.string().nullable(),
    rating: z.number().int(),
    comment: z.string().nullable(),
    owner_response: z.string().nullable(),
    owner_responded_at: z.string().nullable(),
    helpful_count: z.number().int(),
    created_at: z.string(),
  })
  .openapi("SpotReview");

function reviewJson(r: ReviewRow, authorName: string | null = null): z.infer<typeof ReviewSchema> {
  return {
    id: r.id,
    spot_id: r.spotId as string,
    booking_id: r.bookingId as string,
    author_id: r.authorId,
    author_name: authorName,
    rating: r.rating,
    comment: r.comment,
    owner_response: r.ownerResponse,
    owner_responded_at: r.ownerRespondedAt?.toISOString() ?? null,
    helpful_count: r.helpfulCount,
    created_at: r.createdAt.toISOString(),
  };
}

const signedIn = requireAuth();
const reviewNotFound = () => new ProblemError(404, "review_not_found", "No such review.");
const asReview = (description: string) => ({ description, content: { "application/json": { schema: ReviewSchema } } });

/** POST /v1/bookings/{id}/review */
export const bookingReviewRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "post",
    path: "/{id}/review",
    operationId: "reviewBooking",
    tags: ["Parking"],
    summary: "Review the spot of a completed booking (its renter, once)",
    security: bearerSecurity,
    middleware: [signedIn] as const,
    request: {
      params: IdParam,
      body: jsonBody(z.object({ rating: z.number().int().min(1).max(5), comment: PlainText.optional() })),
    },
    responses: { 201: asReview("The review"), ...problemResponses(400, 401, 404, 409) },
  }),
  async (c) => {
    const me = caller(c);
    const { booking, spot, as } = await bookingFor(c.var.db(), c.req.valid("param").id, me);
    if (as !== "renter") throw new ProblemError(404, "booking_not_found", "No such booking.");
    const body = c.req.valid("json");
    const review = await reviewBooking(c.var.db(), booking, { rating: body.rating, comment: body.comment ?? null });
    const ctx = paymentContext(c.env, c.var.db());
    // The spot's rating moved: search sorts by it.
    await ctx.spots.changed([spot]);
    await ctx.announce([
      parkingEvent("new_review", review.id, {
        review_id: review.id,
        spot_id: booking.spotId,
        // The owner is told of it (events/notifications.ts).
        owner_id: spot.ownerId,
        rating: review.rating,
      }),
    ]);
    return c.json(reviewJson(review), 201);
  },
);

/** /v1/reviews/{id}/… */
export const reviewsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/response",
      operationId: "respondToReview",
      tags: ["Parking"],
      summary: "The spot's owner answers a review (once)",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam, body: jsonBody(z.object({ response: PlainText })) },
      responses: { 200: asReview("The review with its response"), ...problemResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const review = await reviewById(c.var.db(), c.req.valid("param").id);
      if (!review?.spotId) throw reviewNotFound();
      return c.json(reviewJson(await respond(c.var.db(), review, caller(c).userId, c.req.valid("json").response)), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/helpful",
      operationId: "voteReviewHelpful",
      tags: ["Parking"],
      summary: "Mark a review helpful (one vote per user; not one's own)",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: { 200: asReview("The review and its count"), ...problemResponses(400, 401, 404, 409) },
    }),
    async (c) => {
      const review = await reviewById(c.var.db(), c.req.valid("param").id);
      if (!review?.spotId) throw reviewNotFound();
      return c.json(reviewJson(await voteHelpful(c.var.db(), review, caller(c).userId)), 200);
    },
  );

/** /v1/spots/{id}/reviews… */
export const spotReviewsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/reviews",
      operationId: "listSpotReviews",
      tags: ["Parking"],
      summary: "A spot's reviews, newest first",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam, query: PageQuerySchema },
      responses: {
        200: { description: "A page of reviews", content: { "application/json": { schema: pageOf(ReviewSchema) } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const spot = await spotById(c.var.db(), c.req.valid("param").id);
      if (!spot) throw new ProblemError(404, "spot_not_found", "No such spot.");
      const { limit, cursor } = c.req.valid("query");
      const rows = await reviewsOfSpot(c.var.db(), spot.id, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.review.createdAt, r.review.id));
      return c.json(
        { data: result.data.map((r) => reviewJson(r.review, r.authorName)), next_cursor: result.next_cursor },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/reviews/summary",
      operationId: "getSpotReviewSummary",
      tags: ["Parking"],
      summary: "A spot's rating: average, count and histogram",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: {
        200: {
          description: "The summary",
          content: {
            "application/json": {
              schema: z.object({
                average: z.number(),
                count: z.number().int(),
                histogram: z.record(z.enum(["1", "2", "3", "4", "5"]), z.number().int()),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const spot = await spotById(c.var.db(), c.req.valid("param").id);
      if (!spot) throw new ProblemError(404, "spot_not_found", "No such spot.");
      return c.json(await reviewSummary(c.var.db(), spot.id), 200);
    },
  );
