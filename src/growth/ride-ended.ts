/**
 * What a ride's end means for coupons, points and referrals, run by the
 * queue consumer (events/consumer.ts) after the ride's money is settled, for
 * every terminal ride event, as often as it is delivered: each step is
 * idempotent. A completed ride redeems its coupon's use, earns the rider
 * points, and completes the rider's pending referral; a cancelled ride or
 * one with no driver gives its coupon's use back. Once the steps are
 * written, the people concerned are told (growth/notices.ts) — only of
 * what this delivery changed, so a redelivered event tells no one twice.
 */
import type { Database } from "../db/client.ts";
import type { NotificationDraft } from "../domain/notifications.ts";
import type { RideSnapshot } from "../domain/ride.ts";
import { discountIn } from "../domain/ride-quote.ts";
import type { NotifyEnv } from "../notify/notify-user.ts";
import { redeemCoupon, releaseCoupon } from "./coupons.ts";
import { couponReleasedNotice, pointsEarnedNotice, referralRewardNotices, tell } from "./notices.ts";
import { earnForOrder } from "./points.ts";
import { completeReferral } from "./referrals.ts";

export async function rideEnded(env: NotifyEnv, db: Database, ride: RideSnapshot, now: Date): Promise<void> {
  const drafts: NotificationDraft[] = [];
  if (ride.status === "cancelled" || ride.status === "no_driver") {
    const released = await releaseCoupon(db, { rideId: ride.id });
    drafts.push(...released.map((use) => couponReleasedNotice({ ...use, rideId: ride.id })));
  } else if (ride.status === "completed") {
    await redeemCoupon(db, { rideId: ride.id }, discountIn(ride.fare_lines ?? []));
    const points = await earnForOrder(
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
    if (points > 0) drafts.push(pointsEarnedNotice({ userId: ride.rider_id, points, kind: "ride", id: ride.id }));
    const referral = await completeReferral(db, { id: ride.id, riderId: ride.rider_id, currency: ride.currency }, now);
    if (referral) drafts.push(...referralRewardNotices(referral));
  }
  await tell(env, drafts, db);
}
