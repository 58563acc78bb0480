/** Sessions and one-time codes: refresh tokens (rotating, in families) and phone OTP challenges. */
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { userRole } from "./enums.ts";
import { users } from "./identity.ts";

/**
 * One row per refresh token ever issued. A login starts a family; every
 * refresh uses one token and issues the next in the same family. Presenting
 * a used token again revokes the whole family (it was stolen or replayed).
 * Only a SHA-256 of the token's secret is stored.
 */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid().primaryKey(),
    familyId: uuid().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId), index("refresh_tokens_user_idx").on(t.userId)],
);

/** A phone login code: 6 digits, stored hashed, 5 minutes, 5 attempts. */
export const otpChallenges = pgTable(
  "otp_challenges",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** E.164, `+919484707535`. */
    phone: text().notNull(),
    role: userRole().notNull(),
    codeHash: text().notNull(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(5),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
    requestIp: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("otp_challenges_phone_idx").on(t.phone, t.createdAt.desc()),
    check("otp_challenges_attempts_valid", sql`${t.attempts} >= 0 and ${t.attempts} <= ${t.maxAttempts}`),
  ],
);
