/** Accounts and their saved addresses. */
import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { geographyPoint } from "../geography.ts";
import { userRole, userStatus } from "./enums.ts";

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Stored lower-cased; unique when present. */
    email: text(),
    /** E.164 (`+919484707535`); unique when present. */
    phone: text(),
    name: text().notNull().default(""),
    role: userRole().notNull(),
    status: userStatus().notNull().default("active"),
    /** `pbkdf2-sha256$iterations$salt$hash`; null for phone-only accounts. */
    passwordHash: text(),
    referralCode: text(),
    referredBy: uuid().references((): AnyPgColumn => users.id),
    /** The user's rating as a rider, from drivers (a driver's own is on driver_profiles); 5 until rated. */
    ratingAvg: doublePrecision().notNull().default(5),
    ratingCount: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastLoginAt: timestamp({ withTimezone: true }),
    /** When an admin suspended the account; null while active. Tokens of recent suspensions are refused (auth/suspensions.ts). */
    suspendedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("users_email_key").on(t.email),
    uniqueIndex("users_phone_key").on(t.phone),
    uniqueIndex("users_referral_code_key").on(t.referralCode),
    index("users_role_idx").on(t.role),
    index("users_suspended_idx").on(t.suspendedAt).where(sql`${t.status} = 'suspended'`),
  ],
);

export const addresses = pgTable(
  "addresses",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    label: text().notNull().default("other"),
    line: text().notNull(),
    landmark: text(),
    location: geographyPoint().notNull(),
    isDefault: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("addresses_user_idx").on(t.userId),
    // At most one default address per user.
    uniqueIndex("addresses_one_default_key").on(t.userId).where(sql`${t.isDefault}`),
  ],
);
