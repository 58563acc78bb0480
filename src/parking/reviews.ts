/**
 * Reviews of spots (seed 004): one per completed booking by its renter, one
 * response by the spot's owner, "helpful" votes by other users (one each).
 * The spot's average and count move in the same transaction as the review,
 * in one UPDATE, so concurrent reviews cannot lose one another.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { afterCursor, type Cursor, keysetOrder } from "../db/queries/cursor.ts";
import { reviews, reviewVotes, spots, users } from "../db/schema/index.ts";
import { ProblemError } from "../http/problem.ts";
import { databaseFault } from "../log.ts";

export type ReviewRow = typeof reviews.$inferSelect;

export async function reviewBooking(
  db: Database,
  booking: { id: string; spotId: string; renterId: string; status: string },
  input: { rating: number; comment: string | null },
): Promise<ReviewRow> {
  if (booking.status !== "completed") {
    throw new ProblemError(409, "invalid_state", "A booking is reviewed once it is completed.");
  }
  try {
    return await db.transaction(async (tx) => {
      const [review] = await tx
        .insert(reviews)
        .values({
          direction: "renter_to_spot",
          authorId: booking.renterId,
          spotId: booking.spotId,
          bookingId: booking.id,
          rating: input.rating,
          comment: input.comment,
        })
        .returning();
      await tx
        .update(spots)
        .set({
          ratingAvg: sql`(${spots.ratingAvg} * ${spots.ratingCount} + ${input.rating}) / (${spots.ratingCount} + 1)`,
          ratingCount: sql`${spots.ratingCount} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(spots.id, booking.spotId));
      return review as ReviewRow;
    });
  } catch (error) {
    if (databaseFault(error)?.code === "23505") {
      throw new ProblemError(409, "already_reviewed", "This booking has been reviewed.");
    }
    throw error;
  }
}

export async function reviewById(db: Database, id: string): Promise<ReviewRow | undefined> {
  const [row] = await db.select().from(reviews).where(eq(reviews.id, id));
  return row;
}

/** The spot's owner answers, once. */
export async function respond(db: Database, review: ReviewRow, ownerId: string, response: string): Promise<ReviewRow> {
  const [spot] = review.spotId ? await db.select().from(spots).where(eq(spots.id, review.spotId)) : [];
  if (!spot || spot.ownerId !== ownerId) throw new ProblemError(404, "review_not_found", "No such review.");
  const [row] = await db
    .update(reviews)
    .set({ ownerResponse: response, ownerRespondedAt: new Date() })
    .where(and(eq(reviews.id, review.id), sql`${reviews.ownerResponse} is null`))
    .returning();
  if (!row) throw new ProblemError(409, "already_responded", "The owner has answered this review.");
  return row;
}

/** Another user finds it helpful: one vote each, counted with the vote. */
export async function voteHelpful(db: Database, review: ReviewRow, userId: string): Promise<ReviewRow> {
  if (review.authorId === userId)
    throw new ProblemError(409, "own_review", "Authors do not vote for their own review.");
  return db.transaction(async (tx) => {
    const voted = await tx
      .insert(reviewVotes)
      .values({ reviewId: review.id, userId })
      .onConflictDoNothing()
      .returning();
    if (voted.length === 0) return review;
    const [row] = await tx
      .update(reviews)
      .set({ helpfulCount: sql`${reviews.helpfulCount} + 1` })
      .where(eq(reviews.id, review.id))
      .returning();
    return row as ReviewRow;
  });
}

export async function reviewsOfSpot(db: Database, spotId: string, limit: number, after?: Cursor) {
  return db
    .select({ review: reviews, authorName: users.name })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.authorId))
    .where(
      and(eq(reviews.spotId, spotId), after ? afterCursor(reviews.createdAt, reviews.id, after, "desc") : undefined),
    )
    .orderBy(...keysetOrder(reviews.createdAt, reviews.id, "desc"))
    .limit(limit + 1);
}

/** Average, count and the histogram of ratings 1–5. */
export async function reviewSummary(db: Database, spotId: string) {
  const rows = await db
    .select({ rating: reviews.rating, n: sql<number>`count(*)`.mapWith(Number) })
    .from(reviews)
    .where(eq(reviews.spotId, spotId))
    .groupBy(reviews.rating)
    .orderBy(desc(reviews.rating));
  const histogram = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } as Record<"1" | "2" | "3" | "4" | "5", number>;
  let count = 0;
  let sum = 0;
  for (const r of rows) {
    histogram[String(r.rating) as keyof typeof histogram] = r.n;
    count += r.n;
    sum += r.rating * r.n;
  }
  return { average: count ? Math.round((sum / count) * 100) / 100 : 0, count, histogram };
}
