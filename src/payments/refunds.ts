/**
 * Refunds: an admin's (`POST /v1/admin/payments/{id}/refund`) and the
 * provider's (a `charge.refunded` webhook). Both end in `mirrorRefund`,
 * which moves the ledger by the difference between the refunded total the
 * provider reports and the one Curbside has recorded, under a key made of
 * that total: whichever of the two arrives first moves the money, the other
 * finds nothing left to do.
 *
 * A ride's refund takes back each party's share in proportion
 * (domain/fees.ts, `splitRefund`); a wallet-paid ride's refund goes back to
 * the wallet, a card's to the provider; a top-up's comes out of the wallet;
 * a tip's out of the driver's earnings. Cash is not refunded here.
 */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import {
  lockPayment,
  type PaymentRow,
  paymentById,
  recordDrift,
  ridePayments,
  updatePayment,
} from "../db/queries/payments.ts";
import { ledgerTransfers, rides } from "../db/schema/index.ts";
import { type FareSplit, splitRefund, withDiscount } from "../domain/fees.ts";
import { accountKey, earnings, platform, type TransferSpec, undivide, wallet } from "../domain/ledger.ts";
import { refundStatus } from "../domain/payment-status.ts";
import { ProblemError } from "../http/problem.ts";
import { availableIn } from "../ledger/read.ts";
import { LedgerError, record } from "../ledger/record.ts";
import type { PaymentContext } from "./context.ts";
import { ridePaymentOf } from "./ride-payment.ts";

/** What is left to refund of a payment. */
export function refundable(payment: PaymentRow): number {
  return payment.capturedAmount - payment.refundedAmount;
}

/**
 * Refunds `amount` (the rest when absent) of a payment; the key makes a
 * retry the same refund. 404 for no such payment, 409 when nothing (or less)
 * is left to refund, or for a cash payment.
 */
export async function refundPayment(
  ctx: PaymentContext,
  paymentId: string,
  input: { amount?: number | undefined; reason: string; key: string },
): Promise<PaymentRow> {
  const payment = await paymentById(ctx.db, paymentId);
  if (!payment) throw new ProblemError(404, "payment_not_found", "No such payment.");
  if (payment.provider === "cash") throw new ProblemError(409, "not_refundable", "A cash payment is settled in cash.");
  const amount = input.amount ?? refundable(payment);
  if (amount <= 0 || amount > refundable(payment)) {
    throw new ProblemError(409, "refund_exceeds_payment", `At most ${refundable(payment)} can be refunded.`);
  }
  if (payment.purpose === "topup") {
    if ((await availableIn(ctx.db, accountKey(wallet(payment.userId, payment.currency)))) < amount) {
      throw new ProblemError(409, "insufficient_funds", "The wallet no longer holds the amount to refund.");
    }
  }
  if (payment.provider === "stripe" && payment.providerRef) {
    // The provider keeps the request's key: a retry is the same refund, and its total does not move.
    await ctx.provider.refund(payment.providerRef, amount, `refund:${payment.id}:${input.key}`, input.reason);
    const total = await ctx.provider.refundedTotal(payment.providerRef);
    await ctx.db.transaction((tx) => mirrorRefund(tx, payment.id, total, new Date()));
  } else {
    // Inside Curbside (a wallet), the request's key names the movement: a retry finds it written.
    await ctx.db.transaction((tx) =>
      mirrorRefund(
        tx,
        payment.id,
        payment.refundedAmount + amount,
        new Date(),
        `refund:${payment.id}:request:${input.key}`,
      ),
    );
  }
  if (payment.rideId) await tellRideOf(ctx, payment.rideId);
  return (await paymentById(ctx.db, payment.id)) as PaymentRow;
}

/** Tells the ride's actor how its payment now stands (a refund shows on the ride and its socket). */
export async function tellRideOf(ctx: PaymentContext, rideId: string): Promise<void> {
  const rows = await ridePayments(ctx.db, rideId);
  const main = rows.find((r) => r.purpose === "ride");
  if (main) await ctx.tellRide(rideId, ridePaymentOf(main.method, rows, main.currency));
}

/**
 * Brings the ledger and the payment up to a refunded total of `total`;
 * false when it already was. The movement's key is made of the total, or
 * is `requestKey` when the refund is one request's (and then written once).
 */
export async function mirrorRefund(
  tx: Database,
  paymentId: string,
  total: number,
  at: Date,
  requestKey?: string,
): Promise<boolean> {
  const payment = await lockPayment(tx, paymentId);
  if (!payment) return false;
  if (requestKey && (await transferExists(tx, `${requestKey}:returned`))) return false;
  const delta = Math.min(total, payment.capturedAmount) - payment.refundedAmount;
  if (delta <= 0) return false;
  const key = requestKey ?? `refund:${payment.id}:${payment.refundedAmount + delta}`;
  try {
    await record(tx, await refundSteps(tx, payment, delta, key));
  } catch (error) {
    if (!(error instanceof LedgerError) || error.code !== "insufficient_funds") throw error;
    // The provider refunded money the wallet had already spent: for admins to settle.
    await recordDrift(tx, {
      paymentId: payment.id,
      field: "refunded_amount",
      ours: String(payment.refundedAmount),
      theirs: String(total),
    });
    return false;
  }
  const refunded = payment.refundedAmount + delta;
  await updatePayment(tx, payment.id, {
    refundedAmount: refunded,
    status: refundStatus(payment.capturedAmount, refunded),
    lastEventAt: payment.lastEventAt && payment.lastEventAt > at ? payment.lastEventAt : at,
  });
  return true;
}

async function refundSteps(tx: Database, payment: PaymentRow, amount: number, key: string): Promise<TransferSpec[]> {
  const cur = payment.currency;
  const links = { paymentId: payment.id, rideId: payment.rideId ?? undefined };
  // The money's way back is always `<key>:returned`: a request's refund is known by it.
  const back = (from: TransferSpec["debit"], to: TransferSpec["credit"]): TransferSpec => ({
    key: `${key}:returned`,
    debit: from,
    credit: to,
    amount,
    currency: cur,
    code: "refund",
    ...links,
  });
  const payer = payment.provider === "wallet" ? wallet(payment.userId, cur) : platform("provider", cur);
  switch (payment.purpose) {
    case "topup":
      return [back(wallet(payment.userId, cur), platform("provider", cur))];
    case "tip": {
      const driverId = await driverOf(tx, payment.rideId as string);
      return [back(earnings(driverId, cur), payer)];
    }
    case "ride":
    case "ride_extra": {
      const rideId = payment.rideId as string;
      const driverId = await driverOf(tx, rideId);
      // The shares divided fare + coupon discount; the refund takes back its part of both, and the
      // discount's part returns to the platform's revenue, which paid it.
      const { split, discount } = await splitOf(tx, rideId);
      const takeBack = withDiscount(split, discount, amount);
      const shares = splitRefund(split, takeBack);
      const discountBack: TransferSpec = {
        key: `${key}:discount`,
        debit: platform("settlement", cur),
        credit: platform("revenue", cur),
        amount: takeBack - amount,
        currency: cur,
        code: "refund_coupon_discount",
        ...links,
      };
      const undone = undivide(key, driverId, cur, shares, links);
      return [...undone, back(platform("settlement", cur), payer), ...(discountBack.amount > 0 ? [discountBack] : [])];
    }
    default:
      throw new ProblemError(409, "not_refundable", "This payment is refunded with its booking.");
  }
}

async function transferExists(tx: Database, key: string): Promise<boolean> {
  const rows = await tx
    .select({ id: ledgerTransfers.id })
    .from(ledgerTransfers)
    .where(eq(ledgerTransfers.idempotencyKey, key));
  return rows.length > 0;
}

async function driverOf(tx: Database, rideId: string): Promise<string> {
  const [ride] = await tx.select({ driverId: rides.driverId }).from(rides).where(eq(rides.id, rideId));
  if (!ride?.driverId) throw new ProblemError(409, "not_refundable", "The ride has no driver to take the refund from.");
  return ride.driverId;
}

/**
 * What is left of the ride's division to take back: each party's share,
 * from its transfers, less what refunds took back already, and what is left
 * of the coupon discount the platform put in. Refunds in parts are
 * proportional to what is left, so the last one takes back exactly the rest.
 */
async function splitOf(tx: Database, rideId: string): Promise<{ split: FareSplit; discount: number }> {
  const codes = ["driver_share", "commission", "tax", "coupon_discount"];
  const rows = await tx
    .select({ code: ledgerTransfers.code, amount: ledgerTransfers.amount })
    .from(ledgerTransfers)
    .where(
      and(
        eq(ledgerTransfers.rideId, rideId),
        inArray(ledgerTransfers.code, [...codes, ...codes.map((c) => `refund_${c}`)]),
      ),
    );
  const left = (code: string) =>
    rows.reduce((s, r) => s + (r.code === code ? r.amount : r.code === `refund_${code}` ? -r.amount : 0), 0);
  const split = { driver: left("driver_share"), commission: left("commission"), taxes: left("tax") };
  return { split, discount: left("coupon_discount") };
}
