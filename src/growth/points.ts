/**
 * Reward points in Postgres (the rules: domain/rewards.ts). The table is
 * append-only: earned rows (with their expiry), redeemed rows (negative).
 * Each row settles one thing under a unique `key`, so a completed ride,
 * booking or referral earns once however often its event is delivered.
 * Redeeming locks the user's row, so two redemptions cannot both spend the
 * same points; the credit reaches the wallet through a ledger transfer.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { afterCursor, type Cursor, keysetOrder } from "../db/queries/cursor.ts";
import { cities, rewardPoints, users } from "../db/schema/index.ts";
import { platform, wallet } from "../domain/ledger.ts";
import {
  MIN_REDEEM_POINTS,
  type PointsRule,
  pointsExpiry,
  pointsFor,
  pointsValue,
  spendablePoints,
} from "../domain/rewards.ts";
import { ProblemError } from "../http/problem.ts";
import { record } from "../ledger/record.ts";

export type PointsRow = typeof rewardPoints.$inferSelect;

export interface Earning {
  userId: string;
  points: number;
  source: "ride" | "booking" | "referral";
  key: string;
  currency: string;
  rideId?: string | undefined;
  bookingId?: string | undefined;
  referralId?: string | undefined;
  description: string;
}

/** Writes earned points once per key (a repeat changes nothing); whether this call wrote them. */
export async function earnPoints(db: Database, e: Earning, now: Date): Promise<boolean> {
  if (e.points <= 0) return false;
  const written = await db
    .insert(rewardPoints)
    .values({
      userId: e.userId,
      kind: "earned",
      points: e.points,
      source: e.source,
      rideId: e.rideId ?? null,
      bookingId: e.bookingId ?? null,
      referralId: e.referralId ?? null,
      currency: e.currency,
      key: e.key,
      description: e.description,
      expiresAt: pointsExpiry(now),
      createdAt: now,
    })
    .onConflictDoNothing({ target: rewardPoints.key })
    .returning({ id: rewardPoints.id });
  return written.length > 0;
}

/** The city's points rule (null: the platform's default). */
export async function cityPointsRule(db: Database, cityId: string | null): Promise<PointsRule | null> {
  if (!cityId) return null;
  const [row] = await db.select({ rule: cities.pointsRule }).from(cities).where(eq(cities.id, cityId));
  return row?.rule ?? null;
}

/**
 * Points for a completed ride or booking that paid `amount`, by its city's
 * rule. Resolves to the points this call wrote: 0 when the order had earned
 * them before (a redelivered event) or earns none.
 */
export async function earnForOrder(
  db: Database,
  order: {
    kind: "ride" | "booking";
    id: string;
    userId: string;
    cityId: string | null;
    amount: number;
    currency: string;
  },
  now: Date,
): Promise<number> {
  const points = pointsFor(await cityPointsRule(db, order.cityId), order.amount);
  const written = await earnPoints(
    db,
    {
      userId: order.userId,
      points,
      source: order.kind,
      key: `${order.kind}:${order.id}`,
      currency: order.currency,
      ...(order.kind === "ride" ? { rideId: order.id } : { bookingId: order.id }),
      description: order.kind === "ride" ? "A completed ride" : "A completed booking",
    },
    now,
  );
  return written ? points : 0;
}

/** What the user can spend now. */
export async function pointsBalance(db: Database, userId: string, now: Date): Promise<number> {
  const rows = await db
    .select({ points: rewardPoints.points, expiresAt: rewardPoints.expiresAt })
    .from(rewardPoints)
    .where(eq(rewardPoints.userId, userId));
  const spent = -rows.filter((r) => r.points < 0).reduce((sum, r) => sum + r.points, 0);
  return spendablePoints(
    rows.filter((r) => r.points > 0),
    spent,
    now,
  );
}

export function pointsHistory(db: Database, userId: string, limit: number, after?: Cursor) {
  return db
    .select()
    .from(rewardPoints)
    .where(
      and(
        eq(rewardPoints.userId, userId),
        after ? afterCursor(rewardPoints.createdAt, rewardPoints.id, after, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(rewardPoints.createdAt, rewardPoints.id, "desc"))
    .limit(limit + 1);
}

/** The currency the user's points were last earned in: where redeemed points go by default. */
async function lastCurrency(db: Database, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ currency: rewardPoints.currency })
    .from(rewardPoints)
    .where(and(eq(rewardPoints.userId, userId), sql`${rewardPoints.currency} is not null`))
    .orderBy(sql`${rewardPoints.createdAt} desc`)
    .limit(1);
  return row?.currency ?? null;
}

/**
 * Turns `points` into wallet credit in `currency` (default: the currency
 * they were last earned in). 422 `insufficient_points`, `below_minimum`,
 * `currency_not_supported`. Returns the balance after and the credit.
 */
export async function redeemPoints(
  db: Database,
  userId: string,
  points: number,
  currency: string | undefined,
  now: Date,
): Promise<{ balance: number; credit: { amount: number; currency: string }; row: PointsRow }> {
  if (points < MIN_REDEEM_POINTS) {
    throw new ProblemError(422, "below_minimum", `At least ${MIN_REDEEM_POINTS} points are redeemed at once.`);
  }
  const into = currency ?? (await lastCurrency(db, userId));
  const value = into ? pointsValue(points, into) : null;
  if (!into || value === null) {
    throw new ProblemError(422, "currency_not_supported", "Points cannot be redeemed in this currency.", {
      errors: [{ path: "currency", in: "body", message: "no points rate for this currency" }],
    });
  }
  return db.transaction(async (tx) => {
    // One redemption of a user's points at a time: the balance is read under the lock.
    await tx.select({ id: users.id }).from(users).where(eq(users.id, userId)).for("update");
    const balance = await pointsBalance(tx, userId, now);
    if (points > balance) {
      throw new ProblemError(422, "insufficient_points", `Only ${balance} points can be redeemed.`, {
        members: { balance },
      });
    }
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(rewardPoints)
      .values({
        id,
        userId,
        kind: "redeemed",
        points: -points,
        source: "redeem",
        currency: into,
        key: `redeem:${id}`,
        description: "Turned into wallet credit",
        createdAt: now,
      })
      .returning();
    await record(tx, [
      {
        key: `points:${id}`,
        debit: platform("revenue", into),
        credit: wallet(userId, into),
        amount: value,
        currency: into,
        code: "cashback",
      },
    ]);
    return { balance: balance - points, credit: { amount: value, currency: into }, row: row as PointsRow };
  });
}
