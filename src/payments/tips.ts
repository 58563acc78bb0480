/**
 * A tip after a completed ride: paid to the driver in full (no commission),
 * by card (off session, on the rider's default card) or from the wallet.
 * One tip per ride; the same request again returns the same tip.
 */
import { insertRidePayment, type PaymentRow, updatePayment } from "../db/queries/payments.ts";
import { earnings, platform, wallet } from "../domain/ledger.ts";
import { ProblemError } from "../http/problem.ts";
import { LedgerError, record } from "../ledger/record.ts";
import type { PaymentContext } from "./context.ts";
import { chargeableCard } from "./customers.ts";
import { PaymentDeclined } from "./provider.ts";

export interface TipRequest {
  rideId: string;
  riderId: string;
  driverId: string;
  amount: number;
  currency: string;
  method: "card" | "wallet";
}

export async function tip(ctx: PaymentContext, request: TipRequest): Promise<PaymentRow> {
  const { rideId, riderId, driverId, amount, currency, method } = request;
  const row = await insertRidePayment(ctx.db, {
    userId: riderId,
    purpose: "tip",
    rideId,
    method,
    provider: method === "card" ? "stripe" : "wallet",
    amount,
    currency,
    status: "pending",
  });
  if (row.amount !== amount || row.method !== method) {
    throw new ProblemError(409, "already_tipped", "This ride has already been tipped.");
  }
  if (row.status === "succeeded") return row;
  const credit = {
    key: `tip:${rideId}`,
    credit: earnings(driverId, currency),
    amount,
    currency,
    code: "tip",
    rideId,
    paymentId: row.id,
  };
  if (method === "wallet") {
    try {
      return await ctx.db.transaction(async (tx) => {
        await record(tx, [{ ...credit, debit: wallet(riderId, currency) }]);
        return updatePayment(tx, row.id, { status: "succeeded", capturedAmount: amount });
      });
    } catch (error) {
      if (error instanceof LedgerError && error.code === "insufficient_funds") {
        await updatePayment(ctx.db, row.id, { status: "failed", failureCode: "insufficient_funds" });
        throw new ProblemError(402, "insufficient_funds", "The wallet's balance does not cover this tip.");
      }
      throw error;
    }
  }
  const card = await chargeableCard(ctx, riderId);
  let intent: Awaited<ReturnType<PaymentContext["provider"]["charge"]>>;
  try {
    intent = await ctx.provider.charge({
      amount,
      currency,
      ...card,
      capture: "automatic",
      offSession: true,
      idempotencyKey: `tip:${rideId}`,
      description: `Curbside tip for ride ${rideId}`,
      metadata: { ride_id: rideId, user_id: riderId, purpose: "tip" },
    });
  } catch (error) {
    if (!(error instanceof PaymentDeclined)) throw error;
    await updatePayment(ctx.db, row.id, { status: "failed", failureCode: error.declineCode ?? error.code });
    throw new ProblemError(402, "payment_failed", `The card was declined (${error.declineCode ?? error.code}).`);
  }
  if (intent.status !== "succeeded") {
    await updatePayment(ctx.db, row.id, { status: "failed", providerRef: intent.id, failureCode: intent.failureCode });
    throw new ProblemError(402, "payment_failed", "The card could not be charged without its holder.");
  }
  return ctx.db.transaction(async (tx) => {
    await record(tx, [{ ...credit, debit: platform("provider", currency) }]);
    return updatePayment(tx, row.id, { status: "succeeded", providerRef: intent.id, capturedAmount: intent.received });
  });
}
