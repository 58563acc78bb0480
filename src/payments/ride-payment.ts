/**
 * Paying for a ride (DESIGN.md, "Money"; README, "Money"):
 *
 * - at request, `authorizeRide`: a card holds the estimate plus the city's
 *   buffer (a manual-capture PaymentIntent on the rider's default card); a
 *   wallet holds the estimate in the ledger (a pending transfer); cash holds
 *   nothing. A decline is 402 `payment_failed`, a short wallet 402
 *   `insufficient_funds`, and the caller then writes no ride.
 * - at the end, `settleRide` (from the queue consumer, for every terminal
 *   ride event, as often as it is delivered): a completed ride captures its
 *   fare (a fare above the hold captures the hold and charges the rest off
 *   session), posts the wallet hold, and divides the money between the
 *   driver, the commission and the taxes; a cancellation with a fee captures
 *   exactly the fee; a free cancellation or no driver releases the hold.
 *   Every provider call and every transfer has a key derived from the ride,
 *   so a second delivery changes nothing.
 * - cash: the driver confirms collection (`collectCash`); the commission
 *   and taxes become their debt in the ledger.
 */
import type { Database } from "../db/client.ts";
import {
  deletePayment,
  insertRidePayment,
  lockPayment,
  type PaymentRow,
  ridePayments,
  updatePayment,
} from "../db/queries/payments.ts";
import { cardHold, type FareSplit, splitFare, taxesIn } from "../domain/fees.ts";
import {
  accountKey,
  cardReceived,
  cashCollected,
  discountFunded,
  divide,
  platform,
  type TransferSpec,
  wallet,
} from "../domain/ledger.ts";
import type { RidePayment, RideSnapshot } from "../domain/ride.ts";
import { discountIn } from "../domain/ride-quote.ts";
import { ProblemError } from "../http/problem.ts";
import { availableIn } from "../ledger/read.ts";
import { LedgerError, record, type Step } from "../ledger/record.ts";
import { errorFields, log } from "../log.ts";
import type { PaymentContext } from "./context.ts";
import { chargeableCard } from "./customers.ts";
import { PaymentDeclined } from "./provider.ts";

export interface RideToAuthorize {
  id: string;
  riderId: string;
  method: "cash" | "card" | "wallet" | "upi";
  currency: string;
  estimate: number;
  /** The city's card hold buffer, basis points. */
  holdBufferBps: number;
  /** The rider is not there (a booked ride held when its dispatch starts): the card is charged off session. */
  offSession?: boolean;
}

/** The ride's payment as its actor shows it, from its payments rows. */
export function ridePaymentOf(method: RidePayment["method"], rows: PaymentRow[], currency: string): RidePayment {
  const main = rows.find((r) => r.purpose === "ride");
  const extra = rows.find((r) => r.purpose === "ride_extra" && r.status === "succeeded");
  const updated = new Date(Math.max(0, ...rows.map((r) => r.updatedAt.getTime())));
  return {
    id: main?.id ?? null,
    method,
    status: main?.status ?? "pending",
    authorized: main?.status === "authorized" ? main.amount : 0,
    captured: (main?.capturedAmount ?? 0) + (extra?.capturedAmount ?? 0),
    refunded: (main?.refundedAmount ?? 0) + (extra?.refundedAmount ?? 0),
    currency: main?.currency ?? currency,
    updated_at: updated.toISOString(),
  };
}

const holdKey = (rideId: string) => `ride:${rideId}:hold`;

/** Holds the ride's money at request; throws the 402/422 the rider sees. Returns the payment to show. */
export async function authorizeRide(ctx: PaymentContext, ride: RideToAuthorize): Promise<RidePayment> {
  const base = {
    userId: ride.riderId,
    purpose: "ride" as const,
    rideId: ride.id,
    method: ride.method,
    currency: ride.currency,
  };
  switch (ride.method) {
    case "upi":
      throw new ProblemError(
        422,
        "payment_method_unavailable",
        "UPI is not available yet: pay by card, wallet or cash.",
      );
    case "cash": {
      const row = await insertRidePayment(ctx.db, {
        ...base,
        provider: "cash",
        amount: ride.estimate,
        status: "pending",
      });
      return ridePaymentOf(ride.method, [row], ride.currency);
    }
    case "wallet": {
      try {
        const row = await ctx.db.transaction(async (tx) => {
          const payment = await insertRidePayment(tx, {
            ...base,
            provider: "wallet",
            amount: ride.estimate,
            status: "authorized",
          });
          await record(tx, [
            {
              key: holdKey(ride.id),
              kind: "pending",
              debit: wallet(ride.riderId, ride.currency),
              credit: platform("settlement", ride.currency),
              amount: ride.estimate,
              currency: ride.currency,
              code: "ride_hold",
            },
          ]);
          return payment;
        });
        return ridePaymentOf(ride.method, [row], ride.currency);
      } catch (error) {
        if (error instanceof LedgerError && error.code === "insufficient_funds") {
          throw new ProblemError(
            402,
            "insufficient_funds",
            "The wallet's balance does not cover this ride's estimate.",
          );
        }
        throw error;
      }
    }
    case "card": {
      const card = await chargeableCard(ctx, ride.riderId);
      const amount = cardHold(ride.estimate, ride.holdBufferBps);
      let intent: Awaited<ReturnType<PaymentContext["provider"]["charge"]>>;
      try {
        intent = await ctx.provider.charge({
          amount,
          currency: ride.currency,
          ...card,
          capture: "manual",
          offSession: ride.offSession === true,
          idempotencyKey: `ride:${ride.id}:authorize`,
          description: `Curbside ride ${ride.id}`,
          metadata: { ride_id: ride.id, user_id: ride.riderId, purpose: "ride" },
        });
      } catch (error) {
        if (error instanceof PaymentDeclined) throw paymentFailed(error.declineCode ?? error.code);
        throw error;
      }
      if (intent.status !== "authorized") {
        // A card that needs its holder (3-D Secure) cannot hold a ride requested in one tap.
        await ctx.provider.cancel(intent.id, `ride:${ride.id}:abandon`).catch(() => {});
        throw paymentFailed(
          intent.status === "requires_action" ? "authentication_required" : (intent.failureCode ?? "failed"),
        );
      }
      const row = await insertRidePayment(ctx.db, {
        ...base,
        provider: "stripe",
        providerRef: intent.id,
        amount,
        status: "authorized",
      });
      return ridePaymentOf(ride.method, [row], ride.currency);
    }
  }
}

function paymentFailed(reason: string): ProblemError {
  return new ProblemError(402, "payment_failed", `The card was declined (${reason}); no ride was requested.`);
}

/**
 * Undoes `authorizeRide` when the ride could not be opened after all: the
 * hold is released and the payment row removed, so the ride's row can go
 * too (the wallet hold and its release name no ride or payment).
 */
export async function releaseAuthorization(ctx: PaymentContext, rideId: string): Promise<void> {
  for (const row of await ridePayments(ctx.db, rideId)) {
    if (row.provider === "stripe" && row.providerRef)
      await ctx.provider.cancel(row.providerRef, `ride:${rideId}:abandon`);
    await ctx.db.transaction(async (tx) => {
      if (row.provider === "wallet") {
        await record(tx, [{ key: `${holdKey(rideId)}:void`, pendingKey: holdKey(rideId), resolve: "void" }]);
      }
      await deletePayment(tx, row.id);
    });
  }
}

/**
 * What settling a terminal ride moves: the amount the rider pays, its
 * taxes, and its coupon's discount, which the platform pays (the fare
 * before it is what divides).
 */
function owed(ride: RideSnapshot): { amount: number; taxes: number; discount: number } {
  if (ride.status === "completed") {
    const amount = ride.fare_amount ?? 0;
    const lines = ride.fare_lines ?? [];
    return { amount, taxes: taxesIn(lines), discount: discountIn(lines) };
  }
  if (ride.status === "cancelled") return { amount: ride.cancellation_fee_amount, taxes: 0, discount: 0 };
  return { amount: 0, taxes: 0, discount: 0 };
}

/**
 * Settles a ride that reached a terminal state: capture, post or release,
 * and divide. Safe to call any number of times; returns the payment as it
 * now stands (null for a ride with no payment row, from before payments).
 */
export async function settleRide(ctx: PaymentContext, ride: RideSnapshot): Promise<RidePayment | null> {
  const rows = await ridePayments(ctx.db, ride.id);
  const main = rows.find((r) => r.purpose === "ride");
  if (!main) return null;
  const { amount, taxes, discount } = owed(ride);
  const driverId = ride.driver_id;
  if (amount > 0 && driverId) {
    const split = splitFare({ total: amount, taxes, discount, commissionBps: ride.commission_bps ?? 2000 });
    const settling = { ctx, ride, main, amount, discount, driverId, split };
    if (main.method === "card") await settleCard(settling);
    if (main.method === "wallet") await settleWallet(settling);
    // Cash waits for the driver to confirm they collected it (collectCash).
  } else {
    await release(ctx, ride.id, main);
  }
  const payment = ridePaymentOf(main.method, await ridePayments(ctx.db, ride.id), ride.currency);
  await ctx.tellRide(ride.id, payment);
  return payment;
}

async function release(ctx: PaymentContext, rideId: string, main: PaymentRow): Promise<void> {
  if (main.status !== "authorized" && main.status !== "pending") return;
  if (main.provider === "stripe" && main.providerRef)
    await ctx.provider.cancel(main.providerRef, `ride:${rideId}:release`);
  await ctx.db.transaction(async (tx) => {
    const row = await lockPayment(tx, main.id);
    if (!row || (row.status !== "authorized" && row.status !== "pending")) return;
    if (row.provider === "wallet") {
      await record(tx, [{ key: `${holdKey(rideId)}:void`, pendingKey: holdKey(rideId), resolve: "void" }]);
    }
    await updatePayment(tx, row.id, { status: "cancelled" });
  });
}

/** A terminal ride's money to settle: what the rider owes, and how it divides. */
interface Settling {
  ctx: PaymentContext;
  ride: RideSnapshot;
  main: PaymentRow;
  amount: number;
  /** The coupon's discount, which the platform puts in (0: none). */
  discount: number;
  driverId: string;
  split: FareSplit;
}

/** The split of what was received: the whole split, or (when less came in) the split of that. */
function splitOfReceived(s: Settling, received: number): FareSplit {
  if (received === s.amount) return s.split;
  return splitFare({
    total: received,
    taxes: Math.min(s.split.taxes, received),
    discount: s.discount,
    commissionBps: s.ride.commission_bps ?? 2000,
  });
}

/** The platform's discount into settlement, then the division of what was received and the discount. */
function divideWithDiscount(s: Settling, received: number, links: { rideId: string }): TransferSpec[] {
  const prefix = `ride:${s.ride.id}`;
  return [
    ...discountFunded(prefix, s.ride.currency, s.discount, links),
    ...divide(prefix, s.driverId, s.ride.currency, splitOfReceived(s, received), links),
  ];
}

async function settleCard(settling: Settling): Promise<void> {
  const { ctx, ride, main, amount } = settling;
  if (main.status !== "authorized" && main.status !== "succeeded") return;
  const links = { rideId: ride.id };
  const fromHold = Math.min(amount, main.amount);
  const captured = await ctx.provider.capture(main.providerRef as string, fromHold, `ride:${ride.id}:capture`);
  let received = captured.received;
  const steps: TransferSpec[] = cardReceived(`ride:${ride.id}:card`, ride.currency, received, {
    ...links,
    paymentId: main.id,
  });
  let extraRow: PaymentRow | undefined;
  const rest = amount - fromHold;
  if (rest > 0) {
    extraRow = await chargeRest(ctx, ride, rest);
    if (extraRow?.status === "succeeded") {
      received += extraRow.capturedAmount;
      steps.push(
        ...cardReceived(`ride:${ride.id}:card-extra`, ride.currency, extraRow.capturedAmount, {
          ...links,
          paymentId: extraRow.id,
        }),
      );
    }
  }
  // What was not received (an extra charge declined) is not divided: the driver is paid their share of what came in.
  steps.push(...divideWithDiscount(settling, received, links));
  await ctx.db.transaction(async (tx) => {
    const row = await lockPayment(tx, main.id);
    if (!row) return;
    await record(tx, steps);
    await updatePayment(tx, row.id, {
      status: row.refundedAmount > 0 ? row.status : "succeeded",
      capturedAmount: captured.received,
    });
  });
}

/** Charges the part of a fare above its hold to the rider's card, off session. */
async function chargeRest(ctx: PaymentContext, ride: RideSnapshot, rest: number): Promise<PaymentRow | undefined> {
  const row = await insertRidePayment(ctx.db, {
    userId: ride.rider_id,
    purpose: "ride_extra",
    rideId: ride.id,
    method: "card",
    provider: "stripe",
    amount: rest,
    currency: ride.currency,
  });
  if (row.status === "succeeded" || row.status === "failed") return row;
  try {
    const card = await chargeableCard(ctx, ride.rider_id);
    const intent = await ctx.provider.charge({
      amount: rest,
      currency: ride.currency,
      ...card,
      capture: "automatic",
      offSession: true,
      idempotencyKey: `ride:${ride.id}:extra`,
      description: `Curbside ride ${ride.id}: the fare above its hold`,
      metadata: { ride_id: ride.id, user_id: ride.rider_id, purpose: "ride_extra" },
    });
    return updatePayment(ctx.db, row.id, {
      providerRef: intent.id,
      status: intent.status === "succeeded" ? "succeeded" : "failed",
      capturedAmount: intent.received,
      failureCode: intent.failureCode,
    });
  } catch (error) {
    if (!(error instanceof PaymentDeclined) && !(error instanceof ProblemError)) throw error;
    log("warn", "payments.extra_declined", { ride: ride.id, ...errorFields(error) });
    return updatePayment(ctx.db, row.id, {
      status: "failed",
      failureCode: error instanceof PaymentDeclined ? error.code : "payment_method_required",
    });
  }
}

async function settleWallet(settling: Settling): Promise<void> {
  const { ctx, ride, main, amount } = settling;
  await ctx.db.transaction(async (tx) => {
    const row = await lockPayment(tx, main.id);
    if (!row || (row.status !== "authorized" && row.status !== "succeeded")) return;
    const fromHold = Math.min(amount, row.amount);
    const steps: Step[] = [
      {
        key: `${holdKey(ride.id)}:post`,
        pendingKey: holdKey(ride.id),
        resolve: "post",
        amount: fromHold,
        code: "ride_payment",
        rideId: ride.id,
        paymentId: row.id,
      },
    ];
    let received = fromHold;
    const rest = amount - fromHold;
    if (rest > 0) {
      // Above the hold: whatever of the rest the wallet holds.
      const spare = await spareInWallet(tx, ride.rider_id, ride.currency);
      const take = Math.min(rest, Math.max(0, spare + (row.amount - fromHold)));
      if (take > 0) {
        steps.push({
          key: `ride:${ride.id}:wallet-extra`,
          debit: wallet(ride.rider_id, ride.currency),
          credit: platform("settlement", ride.currency),
          amount: take,
          currency: ride.currency,
          code: "ride_payment",
          rideId: ride.id,
          paymentId: row.id,
        });
        received += take;
      }
    }
    steps.push(...divideWithDiscount(settling, received, { rideId: ride.id }));
    await record(tx, steps);
    await updatePayment(tx, row.id, {
      status: row.refundedAmount > 0 ? row.status : "succeeded",
      capturedAmount: received,
    });
  });
}

function spareInWallet(tx: Database, userId: string, currency: string): Promise<number> {
  return availableIn(tx, accountKey(wallet(userId, currency)));
}

/**
 * The driver of a completed cash ride confirms they collected the fare:
 * the fare enters the ledger as cash they keep, and the commission and
 * taxes become their debt. Once per ride.
 */
export async function collectCash(ctx: PaymentContext, ride: RideSnapshot): Promise<RidePayment> {
  const rows = await ridePayments(ctx.db, ride.id);
  const main = rows.find((r) => r.purpose === "ride");
  if (main?.method !== "cash" || !ride.driver_id || ride.status !== "completed") {
    throw new ProblemError(409, "not_a_cash_ride", "Only a completed cash ride's collection can be confirmed.");
  }
  const { amount, taxes, discount } = owed(ride);
  const split = splitFare({ total: amount, taxes, discount, commissionBps: ride.commission_bps ?? 2000 });
  const driverId = ride.driver_id;
  await ctx.db.transaction(async (tx) => {
    const row = await lockPayment(tx, main.id);
    if (!row || row.status === "succeeded") return;
    const links = { rideId: ride.id, paymentId: row.id };
    await record(tx, [
      ...discountFunded(`ride:${ride.id}`, ride.currency, discount, links),
      ...cashCollected(`ride:${ride.id}`, driverId, ride.currency, amount, split, links),
    ]);
    await updatePayment(tx, row.id, {
      status: "succeeded",
      capturedAmount: amount,
      amount: Math.max(row.amount, amount),
    });
  });
  const payment = ridePaymentOf("cash", await ridePayments(ctx.db, ride.id), ride.currency);
  await ctx.tellRide(ride.id, payment);
  return payment;
}
