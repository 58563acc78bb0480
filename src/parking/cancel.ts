import { type BookingRow, updateBooking } from "../db/queries/bookings.ts";
import { lockPayment, type PaymentRow, updatePayment } from "../db/queries/payments.ts";
import { type SpotRow, spotById } from "../db/queries/spots.ts";
import { stepBooking } from "../domain/booking-lifecycle.ts";
import { bookingRefunded, refundToRenter } from "../domain/booking-money.ts";
import { cancellationRefund } from "../domain/booking-rules.ts";
import { platform, wallet } from "../domain/ledger.ts";
import { refundStatus } from "../domain/payment-status.ts";
import { bookingEnded } from "../growth/booking-ended.ts";
import { ProblemError } from "../http/problem.ts";
import { record } from "../ledger/record.ts";
import type { PaymentContext } from "../payments/context.ts";
import { bookingFor, bookingPayments } from "./booking-access.ts";
import { bookingState } from "./booking-state.ts";
import { bookingEvents } from "./events.ts";

export async function cancelBooking(
  ctx: PaymentContext,
  id: string,
  me: { userId: string; role: string },
  reason: string | null,
): Promise<BookingRow> {
  const cancelled = await cancel(ctx, id, me, reason);
  await bookingEnded(ctx.db, cancelled, new Date());
  const spot = (await spotById(ctx.db, cancelled.spotId)) as SpotRow;
  await ctx.spots.changed([spot]);
  await ctx.announce(bookingEvents("booking_update", cancelled, spot.ownerId));
  return cancelled;
}

async function cancel(
  ctx: PaymentContext,
  id: string,
  me: { userId: string; role: string },
  reason: string | null,
): Promise<BookingRow> {
  const { booking, spot, as } = await bookingFor(ctx.db, id, me);
  const now = new Date();
  const step = stepBooking(bookingState(booking), { type: "cancel", by: as }, now);
  if (!step.ok) {
    throw new ProblemError(
      409,
      step.reason === "not_allowed" ? "not_allowed" : "invalid_state",
      `A ${booking.status} booking cannot be cancelled by its ${as}.`,
    );
  }
  const all = await bookingPayments(ctx.db, booking.id);
  const paid = all.filter((p) => p.status === "succeeded" || p.status === "partially_refunded");
  // The actor enum calls a renter a rider.
  const done = {
    status: step.state.status,
    cancelledBy: as === "renter" ? ("rider" as const) : as,
    cancelledAt: now,
    cancellationReason: reason,
  };
  if (paid.length === 0) {
    // Nothing was paid: an unconfirmed PaymentIntent is abandoned.
    for (const p of all) {
      if (p.provider === "stripe" && p.providerRef) {
        await ctx.provider.cancel(p.providerRef, `booking:${booking.id}:abandon`).catch(() => {});
      }
    }
    return ctx.db.transaction(async (tx) => {
      for (const p of all) await updatePayment(tx, p.id, { status: "cancelled" });
      return updateBooking(tx, booking.id, done);
    });
  }
  const rule = cancellationRefund({
    policy: spot.cancellationPolicy,
    by: as,
    paid: { subtotal: booking.subtotalAmount, serviceFee: booking.serviceFeeAmount },
    startsAt: booking.startsAt,
    now,
  });
  const key = `booking:${booking.id}:cancel`;
  const back = {
    ownerBack: booking.subtotalAmount - rule.ownerKeeps,
    feeBack: booking.serviceFeeAmount - rule.platformKeeps,
    discount: booking.discountAmount,
  };
  // A coupon's discount was never paid, so it is not given back.
  const toRenter = refundToRenter(back);
  // The refund comes out of the payments, the latest (an extension) first.
  const shares: { payment: PaymentRow; amount: number }[] = [];
  let left = toRenter;
  for (const p of [...paid].reverse()) {
    const amount = Math.min(left, p.capturedAmount - p.refundedAmount);
    if (amount > 0) shares.push({ payment: p, amount });
    left -= amount;
  }
  for (const { payment, amount } of shares) {
    if (payment.provider === "stripe" && payment.providerRef) {
      await ctx.provider.refund(payment.providerRef, amount, `${key}:${payment.id}`, reason ?? "booking cancelled");
    }
  }
  return ctx.db.transaction(async (tx) => {
    if (rule.refund > 0) {
      await record(
        tx,
        bookingRefunded({
          bookingId: booking.id,
          ownerId: spot.ownerId,
          currency: booking.currency,
          subtotal: booking.subtotalAmount,
          serviceFee: booking.serviceFeeAmount,
          paymentId: shares[0]?.payment.id,
          key,
          ...back,
          to:
            booking.paymentMethod === "wallet"
              ? wallet(booking.renterId, booking.currency)
              : platform("provider", booking.currency),
        }),
      );
      for (const { payment, amount } of shares) {
        const locked = (await lockPayment(tx, payment.id)) as PaymentRow;
        const refunded = Math.min(locked.capturedAmount, locked.refundedAmount + amount);
        await updatePayment(tx, payment.id, {
          refundedAmount: refunded,
          status: refundStatus(locked.capturedAmount, refunded),
        });
      }
    }
    return updateBooking(tx, booking.id, { ...done, refundedAmount: toRenter });
  });
}
