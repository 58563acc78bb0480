/**
 * What ratings, referrals, points and coupons tell people (notify/notify-user.ts
 * sends it). Each notice carries a dedupe key made of the fact it reports, so
 * a redelivered event or a retried call tells no one twice. `tell` is called
 * after the change committed, never inside its transaction, and never fails
 * its caller: what could not be told is logged.
 *
 * A rating tells the rated person their new average and count, not who rated
 * them, the ride, or the score: both sides rate each other, and a score seen
 * before rating back invites retaliation (as the large ride apps do).
 */
import type { Database } from "../db/client.ts";
import { formatMoney, type NotificationDraft } from "../domain/notifications.ts";
import { shownAverage } from "../domain/ratings.ts";
import { errorFields, log } from "../log.ts";
import { type NotifyEnv, notifyAll } from "../notify/notify-user.ts";

/** Sends the notices; a failure is logged, never thrown (what they report has happened). */
export async function tell(env: NotifyEnv, drafts: NotificationDraft[], db?: Database): Promise<void> {
  if (drafts.length === 0) return;
  try {
    await notifyAll(env, drafts, db);
  } catch (error) {
    log("warn", "growth.notify_failed", { types: drafts.map((d) => d.type), ...errorFields(error) });
  }
}

/** The rated person: their rating moved (not who rated, nor the score). */
export function ratedNotice(r: {
  id: string;
  subjectId: string;
  direction: string;
  average: number;
  count: number;
}): NotificationDraft {
  const by = r.direction === "rider_to_driver" ? "A rider" : "A driver";
  const average = shownAverage(r.average).toFixed(2);
  return {
    user_id: r.subjectId,
    category: "rating",
    type: "rating.received",
    title: "New rating",
    body: `${by} rated a recent trip. Your rating is now ${average} from ${r.count} rating${r.count === 1 ? "" : "s"}.`,
    data: { average: shownAverage(r.average), count: r.count },
    dedupe_key: `rating:${r.id}`,
  };
}

/** The referrer: a friend applied their code. */
export function referralAppliedNotice(r: { id: string; referrerId: string }): NotificationDraft {
  return {
    user_id: r.referrerId,
    category: "promotion",
    type: "referral.applied",
    title: "A friend used your code",
    body: "Someone signed up with your referral code. You both get a reward when they complete their first ride.",
    data: { referral_id: r.id },
    dedupe_key: `referral:${r.id}:applied`,
  };
}

/** Both sides of a completed referral: the wallet credit (if any) and the points. */
export function referralRewardNotices(r: {
  id: string;
  referrerId: string;
  refereeId: string;
  rewardAmount: number | null;
  currency: string | null;
  rewardPoints: number | null;
}): NotificationDraft[] {
  const credit = r.rewardAmount && r.currency ? formatMoney(r.rewardAmount, r.currency) : null;
  const points = r.rewardPoints ?? 0;
  const what = [credit ? `${credit} in your wallet` : null, points > 0 ? `${points} points` : null]
    .filter(Boolean)
    .join(" and ");
  const data = {
    referral_id: r.id,
    credit: credit ? { amount: r.rewardAmount, currency: r.currency } : null,
    points,
  };
  const draft = (user_id: string, side: string, body: string): NotificationDraft => ({
    user_id,
    category: credit ? "payment" : "promotion",
    type: "referral.rewarded",
    title: "Referral reward",
    body,
    data,
    dedupe_key: `referral:${r.id}:${side}:rewarded`,
  });
  return [
    draft(r.referrerId, "referrer", `A friend you referred took their first ride: you earned ${what}.`),
    draft(r.refereeId, "referee", `Your first ride earned you ${what} for joining with a friend's code.`),
  ];
}

/** Points earned by a completed ride or booking. */
export function pointsEarnedNotice(e: {
  userId: string;
  points: number;
  kind: "ride" | "booking";
  id: string;
}): NotificationDraft {
  return {
    user_id: e.userId,
    category: "promotion",
    type: "points.earned",
    title: "Points earned",
    body: `Your ${e.kind} earned you ${e.points} point${e.points === 1 ? "" : "s"}.`,
    data: { points: e.points, [`${e.kind}_id`]: e.id },
    dedupe_key: `points:${e.kind}:${e.id}`,
  };
}

/** Points turned into wallet credit. */
export function pointsRedeemedNotice(r: {
  userId: string;
  entryId: string;
  points: number;
  credit: { amount: number; currency: string };
}): NotificationDraft {
  return {
    user_id: r.userId,
    category: "payment",
    type: "points.redeemed",
    title: "Wallet credited",
    body: `${formatMoney(r.credit.amount, r.credit.currency)} was added to your wallet for ${r.points} points.`,
    data: { points: r.points, credit: r.credit, entry_id: r.entryId },
    dedupe_key: `points:redeem:${r.entryId}`,
  };
}

/** A cancelled ride gave its coupon's use back. */
export function couponReleasedNotice(r: { userId: string; code: string; rideId: string }): NotificationDraft {
  return {
    user_id: r.userId,
    category: "promotion",
    type: "coupon.released",
    title: "Your coupon is usable again",
    body: `Your ride was not completed, so coupon ${r.code} can be used again.`,
    data: { code: r.code, ride_id: r.rideId },
    dedupe_key: `coupon:release:ride:${r.rideId}`,
  };
}
