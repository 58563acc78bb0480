/**
 * Coupons in Postgres (the rules: domain/coupons.ts). A use is `reserved`
 * when a ride or booking is requested, `redeemed` when it completes and
 * `released` when it is cancelled; reserved and redeemed uses count against
 * the limits.
 *
 * The limits hold under any concurrency: a reservation first raises the
 * coupon's `usage_count` with a conditional UPDATE (`usage_count <
 * usage_limit`), which also locks the coupon's row until the transaction
 * ends, so the per-user count read after it sees every earlier use of the
 * coupon; the CHECK `usage_count <= usage_limit` is the last line.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { afterCursor, type Cursor, keysetOrder } from "../db/queries/cursor.ts";
import { bookings, couponRedemptions, coupons, rides } from "../db/schema/index.ts";
import { type Coupon, type CouponCheck, checkCoupon, normalizeCode, type Order } from "../domain/coupons.ts";
import type { RideCoupon } from "../domain/ride-quote.ts";
import { ProblemError } from "../http/problem.ts";

export type CouponRow = typeof coupons.$inferSelect;

/** The coupon as the rules read it. */
export function couponOf(row: CouponRow): Coupon {
  return { ...row, services: row.services ?? null, vehicleClassIds: row.vehicleClassIds ?? null };
}

/** What a ride keeps of its coupon. */
export function rideCouponOf(row: CouponRow): RideCoupon {
  return {
    id: row.id,
    code: row.code,
    discountType: row.discountType,
    discountValue: row.discountValue,
    currency: row.currency,
    maxDiscountAmount: row.maxDiscountAmount,
  };
}

export async function couponByCode(db: Database, code: string): Promise<CouponRow | undefined> {
  const [row] = await db
    .select()
    .from(coupons)
    .where(eq(coupons.code, normalizeCode(code)));
  return row;
}

const HOLDING = ["reserved", "redeemed"] as const;
/** A coupon id no coupon has: the user's standing without a coupon's uses. */
const NO_COUPON = "00000000-0000-0000-0000-000000000000";

/** The user's uses of the coupon, and whether they have completed no ride or booking yet. */
async function standing(db: Database, userId: string, couponId: string) {
  const { rows } = await db.execute<{ uses: number; rides: number; bookings: number }>(sql`
    select
      (select count(*)::int from ${couponRedemptions}
        where ${couponRedemptions.userId} = ${userId} and ${couponRedemptions.couponId} = ${couponId}
          and ${couponRedemptions.status} in ('reserved', 'redeemed')) as uses,
      (select count(*)::int from ${rides} where ${rides.riderId} = ${userId} and ${rides.status} = 'completed') as rides,
      (select count(*)::int from ${bookings} where ${bookings.renterId} = ${userId} and ${bookings.status} = 'completed') as bookings`);
  const row = rows[0] ?? { uses: 0, rides: 0, bookings: 0 };
  return { uses: Number(row.uses), isNew: Number(row.rides) + Number(row.bookings) === 0 };
}

/** Whether `userId` may use the coupon `code` on `order` now, and the discount; null for no such coupon. */
export async function checkCode(
  db: Database,
  userId: string,
  code: string,
  order: Order,
  now: Date,
): Promise<{ row: CouponRow; check: CouponCheck } | null> {
  const row = await couponByCode(db, code);
  if (!row) return null;
  return { row, check: checkCoupon(couponOf(row), order, await standing(db, userId, row.id), now) };
}

/** The problem a request with an unusable coupon is refused with. */
export function couponProblem(found: { check: CouponCheck } | null): ProblemError {
  if (!found) return new ProblemError(422, "coupon_not_found", "No coupon has this code.");
  if (found.check.ok) return new ProblemError(500, "internal", "The coupon was usable.");
  return new ProblemError(422, found.check.reason, found.check.message, {
    errors: [{ path: "coupon_code", in: "body", message: found.check.message }],
  });
}

/** The coupon for an order, or the 422 that names why not. */
export async function usableCoupon(
  db: Database,
  userId: string,
  code: string,
  order: Order,
  now: Date,
): Promise<{ row: CouponRow; discount: number }> {
  const found = await checkCode(db, userId, code, order, now);
  if (!found?.check.ok) throw couponProblem(found);
  return { row: found.row, discount: found.check.discount.amount };
}

export interface Reservation {
  couponId: string;
  userId: string;
  rideId?: string;
  bookingId?: string;
  discount: number;
  currency: string;
}

/**
 * Reserves one use of the coupon for a ride or booking, in a transaction of
 * its own (a savepoint in a booking's). Throws the 422 that names why not
 * when the coupon was used up or the user's uses reached their limit meanwhile.
 */
export async function reserveCoupon(db: Database, r: Reservation, now: Date): Promise<void> {
  const run = async (tx: Database) => {
    const [raised] = await tx
      .update(coupons)
      .set({ usageCount: sql`${coupons.usageCount} + 1` })
      .where(
        and(
          eq(coupons.id, r.couponId),
          eq(coupons.isActive, true),
          sql`(${coupons.usageLimit} is null or ${coupons.usageCount} < ${coupons.usageLimit})`,
          sql`${coupons.validFrom} <= ${now.toISOString()}::timestamptz`,
          sql`(${coupons.validUntil} is null or ${coupons.validUntil} > ${now.toISOString()}::timestamptz)`,
        ),
      )
      .returning({ perUserLimit: coupons.perUserLimit, code: coupons.code });
    if (!raised) {
      throw new ProblemError(422, "coupon_used_up", "This coupon has been used as many times as it may be.", {
        errors: [{ path: "coupon_code", in: "body", message: "used up" }],
      });
    }
    // After the coupon's row lock: every earlier use of this coupon is committed and counted.
    const [mine] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(couponRedemptions)
      .where(
        and(
          eq(couponRedemptions.couponId, r.couponId),
          eq(couponRedemptions.userId, r.userId),
          inArray(couponRedemptions.status, [...HOLDING]),
        ),
      );
    if ((mine?.n ?? 0) >= raised.perUserLimit) {
      throw new ProblemError(422, "coupon_already_used", "You have used this coupon as many times as you may.", {
        errors: [{ path: "coupon_code", in: "body", message: "already used" }],
      });
    }
    await tx.insert(couponRedemptions).values({
      couponId: r.couponId,
      userId: r.userId,
      rideId: r.rideId ?? null,
      bookingId: r.bookingId ?? null,
      discountAmount: r.discount,
      currency: r.currency,
    });
    if (r.rideId) {
      await tx.update(rides).set({ couponCode: raised.code, discountAmount: r.discount }).where(eq(rides.id, r.rideId));
    }
  };
  // Inside a booking's transaction this is a savepoint: a refusal undoes the use alone, then the booking.
  await db.transaction(run);
}

type Target = { rideId: string } | { bookingId: string };

function ofTarget(t: Target) {
  return "rideId" in t ? eq(couponRedemptions.rideId, t.rideId) : eq(couponRedemptions.bookingId, t.bookingId);
}

/** The use is spent: the ride or booking completed (`discount`: what it finally took off). Idempotent. */
export async function redeemCoupon(db: Database, target: Target, discount: number): Promise<void> {
  await db
    .update(couponRedemptions)
    .set({
      status: "redeemed",
      updatedAt: new Date(),
      ...(discount > 0 ? { discountAmount: discount } : {}),
    })
    .where(and(ofTarget(target), eq(couponRedemptions.status, "reserved")));
  if ("rideId" in target && discount > 0) {
    await db.update(rides).set({ discountAmount: discount }).where(eq(rides.id, target.rideId));
  }
}

/**
 * The use is given back: the ride or booking was cancelled. Idempotent: a
 * use is released once. Resolves to the uses this call released (none on a repeat).
 */
export async function releaseCoupon(db: Database, target: Target): Promise<{ userId: string; code: string }[]> {
  return db.transaction(async (tx) => {
    const released = await tx
      .update(couponRedemptions)
      .set({ status: "released", updatedAt: new Date() })
      .where(and(ofTarget(target), eq(couponRedemptions.status, "reserved")))
      .returning({ couponId: couponRedemptions.couponId, userId: couponRedemptions.userId });
    const uses: { userId: string; code: string }[] = [];
    for (const { couponId, userId } of released) {
      const [coupon] = await tx
        .update(coupons)
        .set({ usageCount: sql`${coupons.usageCount} - 1` })
        .where(eq(coupons.id, couponId))
        .returning({ code: coupons.code });
      if (coupon) uses.push({ userId, code: coupon.code });
    }
    return uses;
  });
}

/** A ride that could not be opened after all: its use is given back and forgotten, so the ride's row can go. */
export async function abandonCoupon(db: Database, rideId: string): Promise<void> {
  await releaseCoupon(db, { rideId });
  await db.delete(couponRedemptions).where(eq(couponRedemptions.rideId, rideId));
}

/** Coupons `userId` can use now, newest first: active, in their window, not used up, within their limit and audience. */
export async function usableCoupons(db: Database, userId: string, limit: number, after?: Cursor) {
  const { isNew } = await standing(db, userId, NO_COUPON);
  const mine = sql<number>`(select count(*)::int from ${couponRedemptions}
    where ${couponRedemptions.couponId} = ${coupons.id} and ${couponRedemptions.userId} = ${userId}
      and ${couponRedemptions.status} in ('reserved', 'redeemed'))`;
  return db
    .select({ coupon: coupons, uses: mine.mapWith(Number) })
    .from(coupons)
    .where(
      and(
        eq(coupons.isActive, true),
        sql`${coupons.validFrom} <= now() and (${coupons.validUntil} is null or ${coupons.validUntil} > now())`,
        sql`(${coupons.usageLimit} is null or ${coupons.usageCount} < ${coupons.usageLimit})`,
        sql`${mine} < ${coupons.perUserLimit}`,
        isNew ? undefined : eq(coupons.audience, "all"),
        after ? afterCursor(coupons.createdAt, coupons.id, after, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(coupons.createdAt, coupons.id, "desc"))
    .limit(limit + 1);
}

/** Every coupon, newest first (admins). */
export function allCoupons(db: Database, limit: number, after?: Cursor) {
  return db
    .select()
    .from(coupons)
    .where(after ? afterCursor(coupons.createdAt, coupons.id, after, "desc") : undefined)
    .orderBy(...keysetOrder(coupons.createdAt, coupons.id, "desc"))
    .limit(limit + 1);
}
