/**
 * Ratings both ways after a ride (domain/ratings.ts for the rules), used by
 * routes/ratings.ts. The rating and the rated person's average and count
 * are written in one transaction: the average moves under the rated row's
 * lock (a driver's profile, a rider's user row), so concurrent ratings of
 * one person are applied one after the other and none is lost. One rating
 * per author and ride is the database's unique index.
 */
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { afterCursor, type Cursor, keysetOrder } from "../db/queries/cursor.ts";
import { driverProfiles, reviews, users } from "../db/schema/index.ts";
import {
  directionOf,
  needsAttention,
  type RatingDirection,
  type RatingSummary,
  ratingWindow,
  shownAverage,
  tagProblem,
  withRating,
} from "../domain/ratings.ts";
import type { RideView } from "../domain/ride.ts";
import { ProblemError } from "../http/problem.ts";
import { databaseFault } from "../log.ts";

export type RatingRow = typeof reviews.$inferSelect;

export interface RatingInput {
  rating: number;
  comment: string | null;
  tags: string[];
}

/** What a new rating changed: the rating, and the rated person's summary after it. */
export interface Rated {
  rating: RatingRow;
  subject: RatingSummary & { userId: string };
}

const rideNotFound = () => new ProblemError(404, "ride_not_found", "No such ride.");

/**
 * The rider rates the ride's driver, or the driver the rider. `ride` is the
 * ride as its actor shows it to the caller (null when they may not see it).
 */
export async function rateRide(
  db: Database,
  ride: RideView | null,
  authorId: string,
  input: RatingInput,
  now: Date,
): Promise<Rated> {
  if (!ride || (ride.rider_id !== authorId && ride.driver?.id !== authorId)) throw rideNotFound();
  const who = directionOf({ riderId: ride.rider_id, driverId: ride.driver?.id ?? null }, authorId);
  if (ride.status !== "completed" || !who) {
    throw new ProblemError(409, "ride_not_completed", "A ride is rated once it is completed.");
  }
  const completedAt = ride.timestamps.completed_at;
  if (completedAt && ratingWindow(new Date(completedAt), now)) {
    throw new ProblemError(409, "rating_window_closed", "A ride can be rated for 7 days after it completed.");
  }
  const wrongTag = tagProblem(who.direction, input.tags);
  if (wrongTag !== null) {
    throw new ProblemError(422, "invalid_tag", `"${wrongTag}" is not a tag this side may give.`, {
      errors: [{ path: "tags", in: "body", message: `not a ${who.direction} tag` }],
    });
  }
  try {
    return await db.transaction(async (tx) => {
      const [rating] = await tx
        .insert(reviews)
        .values({
          direction: who.direction,
          authorId,
          subjectUserId: who.subjectId,
          rideId: ride.id,
          rating: input.rating,
          comment: input.comment,
          tags: [...new Set(input.tags)],
          flaggedAt: needsAttention(input.rating) ? now : null,
        })
        .returning();
      const summary = await moveAverage(tx, who.direction, who.subjectId, input.rating);
      return { rating: rating as RatingRow, subject: { userId: who.subjectId, ...summary } };
    });
  } catch (error) {
    if (databaseFault(error)?.code === "23505") {
      throw new ProblemError(409, "already_rated", "You have rated this ride.");
    }
    throw error;
  }
}

/** Moves the rated person's average and count by one rating, under their row's lock. */
async function moveAverage(
  tx: Database,
  direction: RatingDirection,
  subjectId: string,
  rating: number,
): Promise<RatingSummary> {
  const table = direction === "rider_to_driver" ? driverProfiles : users;
  const key = direction === "rider_to_driver" ? driverProfiles.userId : users.id;
  const [before] = await tx
    .select({ average: table.ratingAvg, count: table.ratingCount })
    .from(table)
    .where(eq(key, subjectId))
    .for("update");
  if (!before) return { average: rating, count: 1 };
  const after = withRating(before, rating);
  await tx.update(table).set({ ratingAvg: after.average, ratingCount: after.count }).where(eq(key, subjectId));
  return after;
}

/** A rider's rating as the driver's offer shows it (domain/ratings.ts `shownAverage`). */
export async function riderRating(db: Database, userId: string): Promise<RatingSummary> {
  const [row] = await db
    .select({ average: users.ratingAvg, count: users.ratingCount })
    .from(users)
    .where(eq(users.id, userId));
  return { average: shownAverage(row?.average ?? 5), count: row?.count ?? 0 };
}

/** The user's rating as those who may see it see it: average, count, histogram and tags given. */
export async function ratingSummary(db: Database, userId: string) {
  const [user] = await db
    .select({ role: users.role, riderAvg: users.ratingAvg, riderCount: users.ratingCount })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return null;
  const asDriver = user.role === "driver";
  const [profile] = asDriver
    ? await db
        .select({ average: driverProfiles.ratingAvg, count: driverProfiles.ratingCount })
        .from(driverProfiles)
        .where(eq(driverProfiles.userId, userId))
    : [];
  const direction: RatingDirection = asDriver ? "rider_to_driver" : "driver_to_rider";
  const received = and(eq(reviews.subjectUserId, userId), eq(reviews.direction, direction));
  const rows = await db
    .select({ rating: reviews.rating, n: sql<number>`count(*)`.mapWith(Number) })
    .from(reviews)
    .where(received)
    .groupBy(reviews.rating);
  const tagRows = await db
    .select({ tag: sql<string>`t.tag`, n: sql<number>`count(*)`.mapWith(Number) })
    .from(sql`${reviews}, unnest(${reviews.tags}) as t(tag)`)
    .where(received)
    .groupBy(sql`t.tag`);
  const histogram = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 } as Record<"1" | "2" | "3" | "4" | "5", number>;
  for (const r of rows) histogram[String(r.rating) as keyof typeof histogram] = r.n;
  const average = asDriver ? (profile?.average ?? 5) : user.riderAvg;
  const count = asDriver ? (profile?.count ?? 0) : user.riderCount;
  return {
    user_id: userId,
    role: user.role,
    average: shownAverage(average),
    count,
    histogram,
    tags: Object.fromEntries(tagRows.sort((a, b) => b.n - a.n).map((t) => [t.tag, t.n])),
  };
}

/**
 * Whether `viewerId` shared a ride with `userId` (either side), so may see their rating. A rating
 * between them proves it at once: the ride's own row learns its driver from the ride's events, a
 * moment later.
 */
export async function sharedARide(db: Database, viewerId: string, userId: string): Promise<boolean> {
  const between = (a: string, b: string) => sql`(r.rider_id = ${a} and r.driver_id = ${b})`;
  const rated = (a: string, b: string) => sql`(v.author_id = ${a} and v.subject_user_id = ${b})`;
  const { rows } = await db.execute<{ shared: boolean }>(sql`
    select exists (select 1 from rides r where ${between(viewerId, userId)} or ${between(userId, viewerId)})
        or exists (select 1 from reviews v where v.ride_id is not null and (${rated(viewerId, userId)} or ${rated(userId, viewerId)}))
      as shared`);
  return rows[0]?.shared === true;
}

/** The admins' queue: ratings of 2 or less not yet resolved, newest first. */
export function flaggedRatings(db: Database, limit: number, after?: Cursor) {
  return db
    .select()
    .from(reviews)
    .where(
      and(
        isNotNull(reviews.flaggedAt),
        isNull(reviews.resolvedAt),
        after ? afterCursor(reviews.flaggedAt, reviews.id, after, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(reviews.flaggedAt, reviews.id, "desc"))
    .limit(limit + 1);
}

/** An admin resolves a flagged rating (once); null when there is no such flagged rating. */
export async function resolveRating(db: Database, id: string, adminId: string): Promise<RatingRow | null> {
  const [row] = await db
    .update(reviews)
    .set({ resolvedAt: new Date(), resolvedBy: adminId })
    .where(and(eq(reviews.id, id), isNotNull(reviews.flaggedAt), isNull(reviews.resolvedAt)))
    .returning();
  if (row) return row;
  const [existing] = await db
    .select()
    .from(reviews)
    .where(and(eq(reviews.id, id), isNotNull(reviews.flaggedAt)))
    .orderBy(desc(reviews.createdAt));
  if (existing) throw new ProblemError(409, "already_resolved", "This rating has been resolved.");
  return null;
}
