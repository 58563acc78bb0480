/**
 * Referrals in Postgres (the rules: domain/rewards.ts). Every user's code is
 * made the first time they ask for it. A code is applied once per user (the
 * unique index on `referee_id`); the first completed ride of the referee
 * completes the referral with one conditional UPDATE (`pending` →
 * `completed`), so both sides are rewarded exactly once — wallet credit
 * through the ledger and points — in that transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { referrals, users } from "../db/schema/index.ts";
import { platform, wallet } from "../domain/ledger.ts";
import { REFERRAL_POINTS, referralCode, referralCredit, referralProblem } from "../domain/rewards.ts";
import { ProblemError } from "../http/problem.ts";
import { record } from "../ledger/record.ts";
import { databaseFault } from "../log.ts";
import { earnPoints } from "./points.ts";

export type ReferralRow = typeof referrals.$inferSelect;

/** The user's referral code, made on first ask (a clash with another's code is retried). */
export async function codeOf(db: Database, userId: string): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const [row] = await db.select({ code: users.referralCode }).from(users).where(eq(users.id, userId));
    if (row?.code) return row.code;
    try {
      const [set] = await db
        .update(users)
        .set({ referralCode: referralCode(crypto.getRandomValues(new Uint8Array(8))) })
        .where(and(eq(users.id, userId), sql`${users.referralCode} is null`))
        .returning({ code: users.referralCode });
      if (set?.code) return set.code;
    } catch (error) {
      if (databaseFault(error)?.code !== "23505") throw error;
    }
  }
  throw new Error("no free referral code after 5 attempts");
}

const PROBLEMS = {
  own_referral_code: [422, "Your own code cannot be applied."],
  already_referred: [409, "A referral code has been applied to this account."],
  referral_window_closed: [422, "A referral code is applied within 7 days of signing up."],
} as const;

/** The referee applies a code: within 7 days of sign-up, never their own, once. */
export async function applyCode(db: Database, refereeId: string, code: string, now: Date): Promise<ReferralRow> {
  const [referrer] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.referralCode, code.trim().toUpperCase()));
  if (!referrer) {
    throw new ProblemError(422, "referral_code_not_found", "No user has this referral code.", {
      errors: [{ path: "code", in: "body", message: "unknown code" }],
    });
  }
  const [me] = await db
    .select({ createdAt: users.createdAt, referredBy: users.referredBy })
    .from(users)
    .where(eq(users.id, refereeId));
  const problem = referralProblem(
    { id: refereeId, createdAt: me?.createdAt ?? now, referred: Boolean(me?.referredBy) },
    referrer.id,
    now,
  );
  if (problem) throw new ProblemError(PROBLEMS[problem][0], problem, PROBLEMS[problem][1]);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(referrals)
        .values({ referrerId: referrer.id, refereeId, code: code.trim().toUpperCase() })
        .returning();
      await tx.update(users).set({ referredBy: referrer.id, updatedAt: now }).where(eq(users.id, refereeId));
      return row as ReferralRow;
    });
  } catch (error) {
    if (databaseFault(error)?.code === "23505")
      throw new ProblemError(409, "already_referred", PROBLEMS.already_referred[1]);
    throw error;
  }
}

/**
 * The referee completed a ride: a pending referral completes, and both
 * sides get the city currency's credit and the points, once.
 */
export async function completeReferral(
  db: Database,
  ride: { id: string; riderId: string; currency: string },
  now: Date,
): Promise<ReferralRow | null> {
  const credit = referralCredit(ride.currency);
  const done = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(referrals)
      .set({
        status: "completed",
        completedAt: now,
        rewardAmount: credit,
        currency: ride.currency,
        rewardPoints: REFERRAL_POINTS,
      })
      .where(and(eq(referrals.refereeId, ride.riderId), eq(referrals.status, "pending")))
      .returning();
    if (!row) return null;
    if (credit > 0) {
      await record(
        tx,
        (["referrer", "referee"] as const).map((side) => ({
          key: `referral:${row.id}:${side}`,
          debit: platform("revenue", ride.currency),
          credit: wallet(side === "referrer" ? row.referrerId : row.refereeId, ride.currency),
          amount: credit,
          currency: ride.currency,
          code: "referral_bonus",
          ...(side === "referee" ? { rideId: ride.id } : {}),
        })),
      );
    }
    for (const side of ["referrer", "referee"] as const) {
      await earnPoints(
        tx,
        {
          userId: side === "referrer" ? row.referrerId : row.refereeId,
          points: REFERRAL_POINTS,
          source: "referral",
          key: `referral:${row.id}:${side}`,
          currency: ride.currency,
          referralId: row.id,
          description: side === "referrer" ? "A friend you referred took their first ride" : "Your first ride",
        },
        now,
      );
    }
    return row;
  });
  return done;
}

/** How the user's referrals stand: counts, and what they earned from them. */
export async function referralStats(db: Database, userId: string) {
  const rows = await db
    .select({
      status: referrals.status,
      n: sql<number>`count(*)`.mapWith(Number),
    })
    .from(referrals)
    .where(eq(referrals.referrerId, userId))
    .groupBy(referrals.status);
  const earned = await db
    .select({
      currency: referrals.currency,
      amount: sql<number>`sum(${referrals.rewardAmount})`.mapWith(Number),
      points: sql<number>`sum(${referrals.rewardPoints})`.mapWith(Number),
    })
    .from(referrals)
    .where(and(eq(referrals.referrerId, userId), eq(referrals.status, "completed")))
    .groupBy(referrals.currency);
  const count = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  const [mine] = await db
    .select({ status: referrals.status, referrerId: referrals.referrerId })
    .from(referrals)
    .where(eq(referrals.refereeId, userId));
  return {
    code: await codeOf(db, userId),
    referred: count("pending") + count("completed") + count("expired"),
    pending: count("pending"),
    completed: count("completed"),
    earned: earned.filter((e) => e.currency).map((e) => ({ amount: e.amount, currency: e.currency as string })),
    points_earned: earned.reduce((sum, e) => sum + e.points, 0),
    referred_by: mine ? { user_id: mine.referrerId, status: mine.status } : null,
  };
}
