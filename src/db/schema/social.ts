/** Reviews (riders ↔ drivers, renters → spots, with owner responses). Notifications: notify.ts. */
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { reviewDirection } from "./enums.ts";
import { users } from "./identity.ts";
import { bookings, spots } from "./parking.ts";
import { rides } from "./rides.ts";

export const reviews = pgTable(
  "reviews",
  {
    id: uuid().primaryKey().defaultRandom(),
    direction: reviewDirection().notNull(),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    /** The rated person (a ride's driver or rider); null for a spot review. */
    subjectUserId: uuid().references(() => users.id),
    rideId: uuid().references(() => rides.id),
    spotId: uuid().references(() => spots.id),
    bookingId: uuid().references(() => bookings.id),
    rating: smallint().notNull(),
    /** Optional sub-ratings, e.g. `{ cleanliness: 5, access: 4 }`. */
    aspects: jsonb().$type<Record<string, number>>(),
    comment: text(),
    ownerResponse: text(),
    ownerRespondedAt: timestamp({ withTimezone: true }),
    /** How many other users found it helpful (one vote each, in review_votes). */
    helpfulCount: integer().notNull().default(0),
    /** A ride rating's tags (`polite`, `late`, …; domain/ratings.ts). */
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** A ride rating of 2 or less waits in the admins' queue until one resolves it. */
    flaggedAt: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    resolvedBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("reviews_rating_range", sql`${t.rating} between 1 and 5`),
    check(
      "reviews_target_matches_direction",
      sql`(${t.direction} = 'renter_to_spot' and ${t.spotId} is not null and ${t.bookingId} is not null)
        or (${t.direction} <> 'renter_to_spot' and ${t.rideId} is not null and ${t.subjectUserId} is not null)`,
    ),
    // One review per author per ride or booking.
    uniqueIndex("reviews_ride_author_key").on(t.rideId, t.authorId),
    uniqueIndex("reviews_booking_author_key").on(t.bookingId, t.authorId),
    index("reviews_subject_idx").on(t.subjectUserId, t.createdAt.desc()),
    index("reviews_spot_idx").on(t.spotId, t.createdAt.desc()),
    index("reviews_flagged_idx")
      .on(t.flaggedAt.desc(), t.id)
      .where(sql`${t.flaggedAt} is not null and ${t.resolvedAt} is null`),
  ],
);

/** "Helpful" votes on reviews: one per user and review. */
export const reviewVotes = pgTable(
  "review_votes",
  {
    reviewId: uuid()
      .notNull()
      .references(() => reviews.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.reviewId, t.userId] })],
);
