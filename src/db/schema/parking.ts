/**
 * Parking spots and bookings. Two bookings of one spot that hold it
 * (`pending`, `confirmed`, `in_progress`) cannot overlap: the exclusion
 * constraint `bookings_no_overlap` is added in migrations/0002 (drizzle has
 * no EXCLUDE), over `tstzrange(starts_at, ends_at, '[)')`, so touching
 * windows (one ends when the next starts) are allowed.
 */
import { sql } from "drizzle-orm";
import {
  boolean,
  char,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { geographyPoint } from "../geography.ts";
import {
  actor,
  bookingStatus,
  cancellationPolicy,
  paymentMethod,
  paymentStatus,
  spotType,
  vehicleSize,
} from "./enums.ts";
import { users } from "./identity.ts";

/** Opening hours per weekday (`mon`…`sun`), `"HH:MM-HH:MM"` in the spot's local time. */
export type OperatingHours = Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", string[]>>;

export const spots = pgTable(
  "spots",
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerId: uuid()
      .notNull()
      .references(() => users.id),
    title: text().notNull(),
    description: text().notNull().default(""),
    spotType: spotType().notNull(),
    vehicleSize: vehicleSize().notNull(),
    address: text().notNull(),
    city: text().notNull(),
    postalCode: text(),
    countryCode: char({ length: 2 }).notNull(),
    timezone: text().notNull(),
    location: geographyPoint().notNull(),
    currency: char({ length: 3 }).notNull(),
    hourlyRate: integer().notNull(),
    dailyRate: integer(),
    monthlyRate: integer(),
    isCovered: boolean().notNull().default(false),
    hasEvCharging: boolean().notNull().default(false),
    hasSecurity: boolean().notNull().default(false),
    hasLighting: boolean().notNull().default(false),
    isAccessible: boolean().notNull().default(false),
    images: text().array().notNull().default([]),
    operatingHours: jsonb().$type<OperatingHours>(),
    accessInstructions: text(),
    cancellationPolicy: cancellationPolicy().notNull().default("moderate"),
    isActive: boolean().notNull().default(true),
    ratingAvg: doublePrecision().notNull().default(0),
    ratingCount: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("spots_location_gist").using("gist", t.location),
    index("spots_owner_idx").on(t.ownerId),
    check(
      "spots_rates_nonnegative",
      sql`${t.hourlyRate} >= 0 and coalesce(${t.dailyRate}, 0) >= 0 and coalesce(${t.monthlyRate}, 0) >= 0`,
    ),
  ],
);

export const bookings = pgTable(
  "bookings",
  {
    id: uuid().primaryKey().defaultRandom(),
    spotId: uuid()
      .notNull()
      .references(() => spots.id),
    renterId: uuid()
      .notNull()
      .references(() => users.id),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    status: bookingStatus().notNull().default("pending"),
    currency: char({ length: 3 }).notNull(),
    subtotalAmount: integer().notNull(),
    serviceFeeAmount: integer().notNull().default(0),
    totalAmount: integer().notNull(),
    ownerPayoutAmount: integer().notNull().default(0),
    paymentStatus: paymentStatus().notNull().default("pending"),
    /** `card` (a PaymentIntent the app confirms) or `wallet` (paid at once). */
    paymentMethod: paymentMethod().notNull().default("card"),
    /** What refunds returned to the renter, and what an overstay added (minor units). */
    refundedAmount: integer().notNull().default(0),
    overstayAmount: integer().notNull().default(0),
    /** A coupon's discount off the total (coupon_redemptions), paid by the platform, not the owner. */
    discountAmount: integer().notNull().default(0),
    /** The 6-character code the renter shows at the spot. */
    checkInCode: text(),
    cancelledBy: actor(),
    /** The renter's Idempotency-Key of the request that made the booking, and a hash of that request. */
    idempotencyKey: text(),
    requestHash: text(),
    vehiclePlate: text(),
    vehicleMake: text(),
    vehicleModel: text(),
    vehicleColor: text(),
    specialRequests: text(),
    cancellationReason: text(),
    cancelledAt: timestamp({ withTimezone: true }),
    checkedInAt: timestamp({ withTimezone: true }),
    checkedOutAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("bookings_spot_idx").on(t.spotId, t.startsAt),
    index("bookings_renter_idx").on(t.renterId, t.startsAt.desc()),
    index("bookings_status_idx").on(t.status),
    uniqueIndex("bookings_idempotency_key").on(t.renterId, t.idempotencyKey),
    check("bookings_window_valid", sql`${t.endsAt} > ${t.startsAt}`),
    check(
      "bookings_amounts_valid",
      sql`${t.subtotalAmount} >= 0 and ${t.serviceFeeAmount} >= 0 and ${t.discountAmount} >= 0 and ${t.totalAmount} = ${t.subtotalAmount} + ${t.serviceFeeAmount} - ${t.discountAmount} and ${t.ownerPayoutAmount} >= 0`,
    ),
  ],
);
