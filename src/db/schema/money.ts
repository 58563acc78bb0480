/** Payments, the wallet ledger, coupons and redemptions, referrals, reward points. */
import { sql } from "drizzle-orm";
import {
  boolean,
  char,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  couponAudience,
  discountType,
  ledgerKind,
  paymentMethod,
  paymentStatus,
  pointsKind,
  referralStatus,
  service,
} from "./enums.ts";
import { cities } from "./fleet.ts";
import { users } from "./identity.ts";
import { bookings } from "./parking.ts";
import { rides } from "./rides.ts";

export const payments = pgTable(
  "payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    rideId: uuid().references(() => rides.id),
    bookingId: uuid().references(() => bookings.id),
    method: paymentMethod().notNull(),
    /** `stripe`, `cash`, `wallet`. */
    provider: text().notNull(),
    /** The provider's id (a Stripe PaymentIntent id); unique per provider. */
    providerRef: text(),
    status: paymentStatus().notNull().default("pending"),
    amount: integer().notNull(),
    refundedAmount: integer().notNull().default(0),
    currency: char({ length: 3 }).notNull(),
    failureCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payments_provider_ref_key").on(t.provider, t.providerRef),
    index("payments_user_idx").on(t.userId, t.createdAt.desc()),
    index("payments_ride_idx").on(t.rideId),
    index("payments_booking_idx").on(t.bookingId),
    check(
      "payments_amounts_valid",
      sql`${t.amount} > 0 and ${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.amount}`,
    ),
  ],
);

/**
 * The wallet ledger: append-only, one row per movement, signed amount in
 * minor units. `seq` numbers an account's entries (user, currency) without
 * gaps, so two concurrent writers cannot both append entry N; `balance_after`
 * can never go negative.
 */
export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    currency: char({ length: 3 }).notNull(),
    seq: integer().notNull(),
    kind: ledgerKind().notNull(),
    amount: integer().notNull(),
    balanceAfter: integer().notNull(),
    rideId: uuid().references(() => rides.id),
    bookingId: uuid().references(() => bookings.id),
    paymentId: uuid().references(() => payments.id),
    /** The client's or the event's idempotency key: a retried write adds nothing. */
    idempotencyKey: text(),
    description: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("ledger_entries_account_seq_key").on(t.userId, t.currency, t.seq),
    uniqueIndex("ledger_entries_idempotency_key").on(t.userId, t.idempotencyKey),
    check("ledger_entries_amount_nonzero", sql`${t.amount} <> 0`),
    check("ledger_entries_balance_nonnegative", sql`${t.balanceAfter} >= 0`),
  ],
);

export const coupons = pgTable(
  "coupons",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored upper-cased. */
    code: text().notNull(),
    description: text().notNull().default(""),
    discountType: discountType().notNull(),
    /** Basis points for `percent` (1000 = 10 %), minor units for `fixed`. */
    discountValue: integer().notNull(),
    /** The currency of fixed amounts and caps; null for an uncapped percentage. */
    currency: char({ length: 3 }),
    maxDiscountAmount: integer(),
    minFareAmount: integer().notNull().default(0),
    usageLimit: integer(),
    usageCount: integer().notNull().default(0),
    perUserLimit: integer().notNull().default(1),
    audience: couponAudience().notNull().default("all"),
    cityId: text().references(() => cities.id),
    services: service().array(),
    vehicleClassIds: text().array(),
    validFrom: timestamp({ withTimezone: true }).notNull().defaultNow(),
    validUntil: timestamp({ withTimezone: true }),
    isActive: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("coupons_code_key").on(t.code),
    check("coupons_value_positive", sql`${t.discountValue} > 0`),
    check("coupons_percent_range", sql`${t.discountType} <> 'percent' or ${t.discountValue} <= 10000`),
    check("coupons_usage_within_limit", sql`${t.usageLimit} is null or ${t.usageCount} <= ${t.usageLimit}`),
  ],
);

export const couponRedemptions = pgTable(
  "coupon_redemptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    couponId: uuid()
      .notNull()
      .references(() => coupons.id),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    rideId: uuid().references(() => rides.id),
    bookingId: uuid().references(() => bookings.id),
    discountAmount: integer().notNull(),
    currency: char({ length: 3 }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("coupon_redemptions_user_idx").on(t.userId, t.couponId),
    uniqueIndex("coupon_redemptions_ride_key").on(t.couponId, t.rideId),
    uniqueIndex("coupon_redemptions_booking_key").on(t.couponId, t.bookingId),
    check("coupon_redemptions_amount_positive", sql`${t.discountAmount} > 0`),
  ],
);

export const referrals = pgTable(
  "referrals",
  {
    id: uuid().primaryKey().defaultRandom(),
    referrerId: uuid()
      .notNull()
      .references(() => users.id),
    /** A user is referred at most once. */
    refereeId: uuid()
      .notNull()
      .references(() => users.id),
    code: text().notNull(),
    status: referralStatus().notNull().default("pending"),
    rewardAmount: integer().notNull().default(0),
    currency: char({ length: 3 }),
    rewardPoints: integer().notNull().default(0),
    completedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("referrals_referee_key").on(t.refereeId),
    index("referrals_referrer_idx").on(t.referrerId),
    check("referrals_not_self", sql`${t.referrerId} <> ${t.refereeId}`),
  ],
);

/** Reward points, append-only: a user's balance is the sum of their rows. */
export const rewardPoints = pgTable(
  "reward_points",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: pointsKind().notNull(),
    /** Signed: positive when earned, negative when redeemed or expired. */
    points: integer().notNull(),
    /** `referral`, `ride`, `booking`, `admin`. */
    source: text().notNull(),
    rideId: uuid().references(() => rides.id),
    referralId: uuid().references(() => referrals.id),
    description: text().notNull().default(""),
    expiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reward_points_user_idx").on(t.userId, t.createdAt.desc())],
);
