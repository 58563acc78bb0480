/**
 * What a ride's end means for coupons, points and referrals, run by the
 * queue consumer (events/consumer.ts) after the ride's money is settled, for
 * every terminal ride event, as often as it is delivered: each step is
 * idempotent. A completed ride redeems its coupon's use, earns the rider
 * points, and completes the rider's pending referral; a cancelled ride or
 * one with no driver gives its coupon's use back.
 */
import type { Database } from "../db/client.ts";
import type { RideSnapshot } from "../domain/ride.ts";
import { discountIn } from "../domain/ride-quote.ts";
import { redeemCoupon, releaseCoupon } from "./coupons.ts";
import { earnForOrder } from "./points.ts";
import { completeReferral } from "./referrals.ts";

export async function rideEnded(db: Database, ride: RideSnapshot, now: Date): Promise<void> {
  if (ride.status === "cancelled" || ride.status === "no_driver") {
    await releaseCoupon(db, { rideId: ride.id });
    return;
  }
  if (ride.status !== "completed") return;
  await redeemCoupon(db, { rideId: ride.id }, discountIn(ride.fare_lines ?? []));
  await earnForOrder(
    db,
    {
      kind: "ride",
      id: ride.id,
      userId: ride.rider_id,
      cityId: ride.city_id,
      amount: ride.fare_amount ?? 0,
      currency: ride.currency,
    },
    now,
  );
  await completeReferral(db, { id: ride.id, riderId: ride.rider_id, currency: ride.currency }, now);
}
