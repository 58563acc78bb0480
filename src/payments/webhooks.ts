/**
 * The provider's events (DESIGN.md: "webhooks are the truth about the
 * provider"). Each event is applied once: its id is recorded in the same
 * transaction as its effect, so a duplicate finds it and does nothing. An
 * event older than the last one applied to a payment never moves it back
 * (domain/payment-status.ts). Unknown types are recorded and acknowledged.
 *
 * Handled: payment_intent.* (a top-up is credited to the wallet on
 * `succeeded`), setup_intent.succeeded (the first saved card becomes the
 * default), charge.refunded (refunds made at the provider are mirrored in
 * the ledger), account.updated (payouts enabled), payout.* (a withdrawal
 * paid, or failed and returned to earnings).
 */
import type { Database } from "../db/client.ts";
import {
  lockPayment,
  type PaymentRow,
  paymentByRef,
  profileByConnectAccount,
  profileOf,
  recordDrift,
  recordEvent,
  saveProfile,
  updatePayment,
  updateWithdrawal,
  withdrawalByPayout,
} from "../db/queries/payments.ts";
import type { EventEnvelope } from "../domain/events.ts";
import { platform, wallet } from "../domain/ledger.ts";
import { eventApplies, type PaymentStatus } from "../domain/payment-status.ts";
import { record } from "../ledger/record.ts";
import { confirmPaidBooking, refundLatePayment } from "../parking/book.ts";
import { bookingEvents } from "../parking/events.ts";
import type { PaymentContext } from "./context.ts";
import { paymentEvent } from "./events.ts";
import type { ProviderEvent } from "./provider.ts";
import { mirrorRefund, tellRideOf } from "./refunds.ts";

const INTENT_STATUS: Record<string, PaymentStatus> = {
  "payment_intent.succeeded": "succeeded",
  "payment_intent.amount_capturable_updated": "authorized",
  "payment_intent.requires_action": "requires_action",
  "payment_intent.payment_failed": "failed",
  "payment_intent.canceled": "cancelled",
};

type Outcome = "applied" | "duplicate" | "ignored";

/** Applies a verified event once; returns what happened (for the log). */
export async function applyEvent(ctx: PaymentContext, event: ProviderEvent): Promise<Outcome> {
  let rideToTell: string | null = null;
  const announced: EventEnvelope[] = [];
  const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
    const fresh = await recordEvent(tx, {
      id: event.id,
      provider: "stripe",
      type: event.type,
      createdAt: event.created,
    });
    if (!fresh) return "duplicate";
    const object = event.object;
    if (event.type in INTENT_STATUS) {
      const payment = await paymentByRef(tx, "stripe", object.id);
      if (!payment) return "ignored";
      const moved = await intentEvent(
        ctx,
        tx,
        payment.id,
        event,
        INTENT_STATUS[event.type] as PaymentStatus,
        announced,
      );
      if (moved && payment.rideId) rideToTell = payment.rideId;
      return moved ? "applied" : "ignored";
    }
    switch (event.type) {
      case "charge.refunded": {
        const intentId = typeof object.payment_intent === "string" ? object.payment_intent : null;
        const payment = intentId ? await paymentByRef(tx, "stripe", intentId) : undefined;
        if (!payment) return "ignored";
        // Capturing less than a hold releases the rest as a "refund" inside the charge: only what
        // goes back of the captured money is a refund.
        const released = Math.max(0, Number(object.amount ?? 0) - Number(object.amount_captured ?? object.amount ?? 0));
        const refunded = Number(object.amount_refunded ?? 0) - released;
        const moved = await mirrorRefund(tx, payment.id, refunded, event.created);
        if (moved && payment.rideId) rideToTell = payment.rideId;
        if (moved) announced.push(paymentEvent("payment.refunded", payment, refunded - payment.refundedAmount));
        return moved ? "applied" : "ignored";
      }
      case "setup_intent.succeeded": {
        const userId = (object.metadata as Record<string, string> | undefined)?.user_id;
        const method = typeof object.payment_method === "string" ? object.payment_method : null;
        if (!userId || !method) return "ignored";
        const profile = await profileOf(tx, userId);
        if (profile && !profile.defaultPaymentMethodId)
          await saveProfile(tx, userId, { defaultPaymentMethodId: method });
        return "applied";
      }
      case "account.updated": {
        const profile = await profileByConnectAccount(tx, object.id);
        if (!profile) return "ignored";
        const payoutsEnabled = object.payouts_enabled === true;
        await saveProfile(tx, profile.userId, {
          payoutsEnabled,
          connectStatus: payoutsEnabled ? "enabled" : object.details_submitted ? "restricted" : "onboarding",
        });
        return "applied";
      }
      case "payout.paid":
      case "payout.failed":
      case "payout.canceled":
        return (await payoutEvent(tx, event)) ? "applied" : "ignored";
      default:
        return "ignored";
    }
  });
  if (rideToTell) await tellRideOf(ctx, rideToTell);
  await ctx.announce(announced);
  return outcome;
}

/** A PaymentIntent moved: the payment follows unless the event is older; a top-up's success credits the wallet. */
async function intentEvent(
  ctx: PaymentContext,
  tx: Database,
  paymentId: string,
  event: ProviderEvent,
  next: PaymentStatus,
  announced: EventEnvelope[],
): Promise<boolean> {
  const payment = (await lockPayment(tx, paymentId)) as PaymentRow;
  if (!eventApplies(payment.status, payment.lastEventAt, next, event.created)) return false;
  const received = Number(event.object.amount_received ?? 0);
  const failure = event.object.last_payment_error as { code?: string; decline_code?: string } | null | undefined;
  if (next === "succeeded" && payment.purpose === "booking") {
    const paid = await confirmPaidBooking(tx, payment);
    if (paid?.confirmed) announced.push(...bookingEvents("booking_update", paid.booking, paid.ownerId));
    if (paid && !paid.confirmed && paid.booking.status === "cancelled") {
      await refundLatePayment(ctx, tx, payment, paid.booking);
      return true;
    }
  }
  if (next === "succeeded" && payment.purpose === "topup") {
    await record(tx, [
      {
        key: `topup:${payment.id}`,
        debit: platform("provider", payment.currency),
        credit: wallet(payment.userId, payment.currency),
        amount: received || payment.amount,
        currency: payment.currency,
        code: "topup",
        paymentId: payment.id,
      },
    ]);
  }
  // The payer hears of a top-up that arrived and of a payment that failed (events/notifications.ts).
  if (next === "succeeded" && payment.purpose === "topup") {
    announced.push(paymentEvent("payment.succeeded", payment, received || payment.amount));
  }
  if (next === "failed" && payment.status !== "failed")
    announced.push(paymentEvent("payment.failed", payment, payment.amount));
  await updatePayment(tx, payment.id, {
    status: next,
    lastEventAt: event.created,
    capturedAmount: Math.max(payment.capturedAmount, received),
    ...(next === "failed" ? { failureCode: failure?.decline_code ?? failure?.code ?? "failed" } : {}),
  });
  return true;
}

/**
 * A withdrawal's payout was paid, or failed. A failed payout's money stays
 * on the holder's connected account at the provider (Stripe returns it
 * there, not to the platform), so the ledger is right as it is; the failure
 * is recorded for admins, who pay it out again once the bank details are fixed.
 */
async function payoutEvent(tx: Database, event: ProviderEvent): Promise<boolean> {
  const withdrawal = await withdrawalByPayout(tx, event.object.id);
  if (!withdrawal || withdrawal.status === "paid" || withdrawal.status === "failed") return false;
  if (event.type === "payout.paid") {
    await updateWithdrawal(tx, withdrawal.id, { status: "paid" });
    return true;
  }
  await updateWithdrawal(tx, withdrawal.id, {
    status: "failed",
    failureCode: String(event.object.failure_code ?? "payout_failed"),
  });
  await recordDrift(tx, {
    providerRef: event.object.id,
    field: "payout",
    ours: "in_transit",
    theirs: String(event.object.failure_code ?? "failed"),
  });
  return true;
}
