/**
 * Ratings both ways after a ride (POST /v1/rides/{id}/rating, src/growth/ratings.ts):
 * the rider rates the driver and the driver rates the rider, 1–5, once each,
 * within 7 days of completion, with an optional plain-text comment and tags
 * from a fixed list. A rating of 2 or less goes to the admins' queue.
 *
 * The running average is kept beside the count and moved one rating at a
 * time (`withRating`), under the rated person's row lock, so concurrent
 * ratings never lose one another.
 *
 * @example
 * withRating({ average: 5, count: 0 }, 4)   // → { average: 4, count: 1 } (the default 5 counts for nothing)
 * withRating({ average: 4, count: 1 }, 5)   // → { average: 4.5, count: 2 }
 * ratingWindow(new Date("2026-11-01T10:00Z"), new Date("2026-11-09T10:00Z")) // → "rating_window_closed"
 */

/** Days after completion during which a ride can be rated. */
export const RATING_WINDOW_DAYS = 7;
/** The longest comment, after trimming. */
export const MAX_RATING_COMMENT = 500;
/** At most this many tags on one rating. */
export const MAX_RATING_TAGS = 5;
/** Ratings at or under this go to the admins' queue. */
export const FLAG_AT_OR_BELOW = 2;

/** Who rates whom: the rider rates the driver, the driver the rider. */
export type RatingDirection = "rider_to_driver" | "driver_to_rider";

/** The tags each side may give. */
export const RATING_TAGS: Record<RatingDirection, readonly string[]> = {
  rider_to_driver: [
    "safe_driving",
    "clean_vehicle",
    "polite",
    "on_time",
    "good_navigation",
    "unsafe_driving",
    "dirty_vehicle",
    "rude",
    "late",
    "wrong_route",
  ],
  driver_to_rider: ["polite", "on_time", "respectful", "clear_pickup", "rude", "late", "messy", "wrong_pickup"],
};

/** Every tag either side may give (for validation at the edge; `tagProblem` checks the side). */
export const ALL_RATING_TAGS: readonly string[] = [...new Set(Object.values(RATING_TAGS).flat())];

export interface RatingSummary {
  average: number;
  count: number;
}

/**
 * The summary after one more rating. A count of 0 means the stored average
 * is only a default, and the first rating replaces it.
 */
export function withRating(before: RatingSummary, rating: number): RatingSummary {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw new RangeError(`rating must be 1–5, got ${rating}`);
  const count = Math.max(0, before.count) + 1;
  const sum = (count === 1 ? 0 : before.average * before.count) + rating;
  return { average: sum / count, count };
}

/** An average as shown: two decimals. */
export function shownAverage(average: number): number {
  return Math.round(average * 100) / 100;
}

/** Which way a ride's participant rates, or null for anyone else. */
export function directionOf(
  ride: { riderId: string; driverId: string | null },
  userId: string,
): { direction: RatingDirection; subjectId: string } | null {
  if (!ride.driverId) return null;
  if (userId === ride.riderId) return { direction: "rider_to_driver", subjectId: ride.driverId };
  if (userId === ride.driverId) return { direction: "driver_to_rider", subjectId: ride.riderId };
  return null;
}

/** Whether a ride completed at `completedAt` may still be rated at `now`. */
export function ratingWindow(completedAt: Date, now: Date): null | "rating_window_closed" {
  return now.getTime() - completedAt.getTime() > RATING_WINDOW_DAYS * 86_400_000 ? "rating_window_closed" : null;
}

/** A tag the side may not give, or null. */
export function tagProblem(direction: RatingDirection, tags: readonly string[]): string | null {
  return tags.find((t) => !RATING_TAGS[direction].includes(t)) ?? null;
}

/** Whether the rating waits for an admin. */
export function needsAttention(rating: number): boolean {
  return rating <= FLAG_AT_OR_BELOW;
}
