/** Payments, the double-entry ledger, payouts, coupons and redemptions, referrals, reward points. */
import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  boolean,
  char,
  check,
  foreignKey,
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
  connectStatus,
  couponAudience,
  couponRedemptionStatus,
  discountType,
  ledgerAccountKind,
  paymentMethod,
  paymentPurpose,
  paymentStatus,
  pointsKind,
  referralStatus,
  service,
  transferKind,
  withdrawalStatus,
} from "./enums.ts";
import { cities } from "./fleet.ts";
import { users } from "./identity.ts";
import { bookings } from "./parking.ts";
import { rides } from "./rides.ts";

/**
 * A payment through a provider (a Stripe PaymentIntent) or settled inside
 * Curbside (wallet, cash). The provider's webhooks are the truth about its
 * state: `last_event_at` is the creation time of the newest event applied,
 * so an older one never rolls it back.
 */
export const payments = pgTable(
  "payments",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    purpose: paymentPurpose().notNull(),
    rideId: uuid().references(() => rides.id),
    bookingId: uuid().references(() => bookings.id),
    method: paymentMethod().notNull(),
    /** `stripe`, `cash`, `wallet`. */
    provider: text().notNull(),
    /** The provider's id (a Stripe PaymentIntent id); unique per provider. */
    providerRef: text(),
    status: paymentStatus().notNull().default("pending"),
    /** What was asked for (the hold, for a manual capture). */
    amount: integer().notNull(),
    capturedAmount: integer().notNull().default(0),
    refundedAmount: integer().notNull().default(0),
    currency: char({ length: 3 }).notNull(),
    failureCode: text(),
    lastEventAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("payments_provider_ref_key").on(t.provider, t.providerRef),
    index("payments_user_idx").on(t.userId, t.createdAt.desc()),
    index("payments_ride_idx").on(t.rideId),
    index("payments_booking_idx").on(t.bookingId),
    /** A ride has at most one payment of each purpose (one tip, too). */
    uniqueIndex("payments_ride_purpose_key").on(t.rideId, t.purpose).where(sql`${t.rideId} is not null`),
    check(
      "payments_amounts_valid",
      sql`${t.amount} > 0 and ${t.capturedAmount} >= 0 and ${t.refundedAmount} >= 0 and ${t.refundedAmount} <= ${t.capturedAmount}`,
    ),
  ],
);

/** A user's standing at the provider: their Stripe customer and Connect account. */
export const paymentProfiles = pgTable("payment_profiles", {
  userId: uuid()
    .primaryKey()
    .references(() => users.id),
  customerId: text(),
  defaultPaymentMethodId: text(),
  connectAccountId: text(),
  connectStatus: connectStatus().notNull().default("none"),
  payoutsEnabled: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A ledger account (DESIGN.md, "Money"), in one currency. `key` names it
 * (`wallet:<user>:INR`, `commission:INR`). The amounts are kept as
 * TigerBeetle keeps them and always equal the sums of the account's
 * transfers; `debits_must_not_exceed_credits` is the flag that forbids a
 * negative balance, and the database enforces it.
 */
export const ledgerAccounts = pgTable(
  "ledger_accounts",
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull(),
    kind: ledgerAccountKind().notNull(),
    userId: uuid().references(() => users.id),
    currency: char({ length: 3 }).notNull(),
    debitsMustNotExceedCredits: boolean().notNull().default(false),
    debitsPending: bigint({ mode: "number" }).notNull().default(0),
    debitsPosted: bigint({ mode: "number" }).notNull().default(0),
    creditsPending: bigint({ mode: "number" }).notNull().default(0),
    creditsPosted: bigint({ mode: "number" }).notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ledger_accounts_key").on(t.key),
    /** The target of the transfers' (account, currency) foreign keys. */
    unique("ledger_accounts_id_currency_key").on(t.id, t.currency),
    index("ledger_accounts_user_idx").on(t.userId),
    check(
      "ledger_accounts_amounts_nonnegative",
      sql`${t.debitsPending} >= 0 and ${t.debitsPosted} >= 0 and ${t.creditsPending} >= 0 and ${t.creditsPosted} >= 0`,
    ),
    check(
      "ledger_accounts_no_overdraft",
      sql`not ${t.debitsMustNotExceedCredits} or ${t.debitsPending} + ${t.debitsPosted} <= ${t.creditsPosted}`,
    ),
  ],
);

/**
 * A transfer: immutable (a trigger refuses updates and deletes), one debit
 * account, one credit account, one amount, in the currency of both (the
 * composite foreign keys), under an idempotency key unique across
 * transfers. A `pending` one is resolved at most once, by a
 * `post_pending` or `void_pending` transfer with `pending_id`.
 */
export const ledgerTransfers = pgTable(
  "ledger_transfers",
  {
    id: uuid().primaryKey().defaultRandom(),
    idempotencyKey: text().notNull(),
    debitAccountId: uuid().notNull(),
    creditAccountId: uuid().notNull(),
    amount: bigint({ mode: "number" }).notNull(),
    currency: char({ length: 3 }).notNull(),
    kind: transferKind().notNull().default("single"),
    pendingId: uuid().references((): AnyPgColumn => ledgerTransfers.id),
    /** Why: `topup`, `ride_fare`, `commission`, `tax`, `driver_share`, `tip`, `withdrawal`, `refund`, `cash`, … */
    code: text().notNull(),
    rideId: uuid().references(() => rides.id),
    bookingId: uuid().references(() => bookings.id),
    paymentId: uuid().references(() => payments.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("ledger_transfers_idempotency_key").on(t.idempotencyKey),
    uniqueIndex("ledger_transfers_pending_resolved_once").on(t.pendingId).where(sql`${t.pendingId} is not null`),
    index("ledger_transfers_debit_idx").on(t.debitAccountId, t.createdAt.desc()),
    index("ledger_transfers_credit_idx").on(t.creditAccountId, t.createdAt.desc()),
    index("ledger_transfers_ride_idx").on(t.rideId).where(sql`${t.rideId} is not null`),
    foreignKey({
      name: "ledger_transfers_debit_currency_fk",
      columns: [t.debitAccountId, t.currency],
      foreignColumns: [ledgerAccounts.id, ledgerAccounts.currency],
    }),
    foreignKey({
      name: "ledger_transfers_credit_currency_fk",
      columns: [t.creditAccountId, t.currency],
      foreignColumns: [ledgerAccounts.id, ledgerAccounts.currency],
    }),
    check("ledger_transfers_amount_positive", sql`${t.amount} > 0`),
    check("ledger_transfers_two_accounts", sql`${t.debitAccountId} <> ${t.creditAccountId}`),
    check(
      "ledger_transfers_resolution_names_hold",
      sql`(${t.kind} in ('post_pending', 'void_pending')) = (${t.pendingId} is not null)`,
    ),
  ],
);

/** Provider events applied, one row per event id, written in the transaction of its effect. */
export const webhookEvents = pgTable("webhook_events", {
  id: text().primaryKey(),
  provider: text().notNull(),
  type: text().notNull(),
  /** The provider's creation time of the event. */
  createdAt: timestamp({ withTimezone: true }).notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A driver's or owner's withdrawal to their connected account: a Stripe transfer, then a payout. */
export const withdrawals = pgTable(
  "withdrawals",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    amount: integer().notNull(),
    currency: char({ length: 3 }).notNull(),
    status: withdrawalStatus().notNull().default("pending"),
    /** The client's Idempotency-Key, unique per user. */
    idempotencyKey: text(),
    transferRef: text(),
    payoutRef: text(),
    failureCode: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("withdrawals_user_idx").on(t.userId, t.createdAt.desc()),
    uniqueIndex("withdrawals_idempotency_key").on(t.userId, t.idempotencyKey),
    uniqueIndex("withdrawals_payout_ref_key").on(t.payoutRef),
    check("withdrawals_amount_positive", sql`${t.amount} > 0`),
  ],
);

/** What the daily reconciliation found out of step between the provider and the ledger, for admins. */
export const paymentDrifts = pgTable(
  "payment_drifts",
  {
    id: uuid().primaryKey().defaultRandom(),
    paymentId: uuid().references(() => payments.id),
    providerRef: text(),
    /** `status`, `captured_amount`, `refunded_amount`, `ledger`. */
    field: text().notNull(),
    ours: text().notNull(),
    theirs: text().notNull(),
    foundAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex("payment_drifts_open_key").on(t.paymentId, t.field).where(sql`${t.resolvedAt} is null`)],
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
    /** Whether parking bookings may use it (`services` names ride services only). */
    parking: boolean().notNull().default(true),
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
    /** Counted against the limits while `reserved` or `redeemed`. */
    status: couponRedemptionStatus().notNull().default("reserved"),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
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
    bookingId: uuid().references(() => bookings.id),
    referralId: uuid().references(() => referrals.id),
    /** The currency of what earned them; redeemed points name the wallet's currency. */
    currency: char({ length: 3 }),
    /** What the row settles (`ride:<id>`, `referral:<id>:referee`, a redemption's key): written once. */
    key: text(),
    description: text().notNull().default(""),
    expiresAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reward_points_user_idx").on(t.userId, t.createdAt.desc()), uniqueIndex("reward_points_key").on(t.key)],
);
