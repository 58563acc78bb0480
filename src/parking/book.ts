/**
 * Booking a spot (POST /v1/bookings). The window is checked against the
 * rules (future, 30 minutes to 30 days ahead, inside the spot's hours) and
 * priced (domain/parking-quote.ts); the row is then written and the
 * database's exclusion constraint decides, under any concurrency, whether
 * the window is still free: SQLSTATE 23P01 is 409 `spot_unavailable`.
 *
 * Paid by card, the booking is `pending` with a PaymentIntent for the app
 * to confirm; its webhook confirms the booking (payments/webhooks.ts →
 * `confirmPaidBooking`). Paid from the wallet, it is `confirmed` at once, in
 * the same transaction as its transfers. An Idempotency-Key makes a retry
 * the same booking.
 *
 * A `coupon_code` takes its discount off the total (growth/coupons.ts): the
 * renter pays less, the owner is paid the whole subtotal (the platform pays
 * the discount, domain/booking-money.ts); one use is reserved with the
 * booking and given back if it is cancelled or expires unpaid.
 */
import { sha256Hex } from "../auth/encoding.ts";
import type { Database } from "../db/client.ts";
import { type BookingRow, bookingById, bookingByKey, insertBooking, updateBooking } from "../db/queries/bookings.ts";
import { insertPayment, insertProviderPayment, type PaymentRow, updatePayment } from "../db/queries/payments.ts";
import { type SpotRow, spotById } from "../db/queries/spots.ts";
import { stepBooking } from "../domain/booking-lifecycle.ts";
import { bookingPaid } from "../domain/booking-money.ts";
import { checkInCode, windowProblem } from "../domain/booking-rules.ts";
import { platform, wallet } from "../domain/ledger.ts";
import { openThroughout } from "../domain/operating-hours.ts";
import { type ParkingQuote, quoteParking } from "../domain/parking-quote.ts";
import { releaseCoupon, reserveCoupon, usableCoupon } from "../growth/coupons.ts";
import { ProblemError } from "../http/problem.ts";
import { LedgerError, record } from "../ledger/record.ts";
import { databaseFault } from "../log.ts";
import type { PaymentContext } from "../payments/context.ts";
import { customerOf } from "../payments/customers.ts";
import { bookingPayments } from "./booking-access.ts";
import { bookingState } from "./booking-state.ts";
import { bookingEvents } from "./events.ts";

export interface BookingRequest {
  spot_id: string;
  starts_at: string;
  ends_at: string;
  payment_method: "card" | "wallet";
  vehicle_plate?: string | undefined;
  vehicle_make?: string | undefined;
  vehicle_model?: string | undefined;
  vehicle_color?: string | undefined;
  special_requests?: string | undefined;
  coupon_code?: string | undefined;
}

const WINDOW_PROBLEMS = {
  window_in_past: "The window must start in the future.",
  window_too_short: "A booking lasts at least 30 minutes.",
  window_too_far: "A booking starts at most 30 days ahead.",
} as const;

/** The spot and the window's quote, or the 404/422 a renter sees. */
export async function priceWindow(
  db: Database,
  spotId: string,
  startsAt: Date,
  endsAt: Date,
  now: Date,
): Promise<{ spot: SpotRow; quote: ParkingQuote }> {
  const spot = await spotById(db, spotId);
  if (!spot?.isActive) throw new ProblemError(404, "spot_not_found", "No such spot.");
  if (!(endsAt > startsAt)) throw new ProblemError(422, "invalid_window", "The end must come after the start.");
  const problem = windowProblem(startsAt, endsAt, now);
  if (problem) throw new ProblemError(422, problem, WINDOW_PROBLEMS[problem]);
  if (!openThroughout(spot.operatingHours, spot.timezone, startsAt, endsAt)) {
    throw new ProblemError(422, "outside_operating_hours", "The spot is not open for the whole window.");
  }
  return { spot, quote: quoteParking(spot, startsAt, endsAt) };
}

export interface Booked {
  booking: BookingRow;
  created: boolean;
  /** For a card booking: the PaymentIntent the app confirms. */
  payment: { intentId: string; clientSecret: string | null } | null;
}

const taken = () =>
  new ProblemError(409, "spot_unavailable", "Another booking holds the spot for part of this window.");

/**
 * Whether an error is the exclusion constraint refusing an overlapping
 * booking: 23P01, or a deadlock (40P01) between two inserts of overlapping
 * windows, where Postgres aborts one of the two contenders.
 */
function overlapping(error: unknown): boolean {
  const code = databaseFault(error)?.code;
  return code === "23P01" || code === "40P01";
}

export async function bookSpot(
  ctx: PaymentContext,
  renterId: string,
  request: BookingRequest,
  key: string | undefined,
): Promise<Booked> {
  const hash = key ? await sha256Hex(JSON.stringify(request)) : null;
  if (key) {
    const earlier = await bookingByKey(ctx.db, renterId, key);
    if (earlier) {
      if (earlier.requestHash !== hash) {
        throw new ProblemError(422, "idempotency_key_reused", "This Idempotency-Key was used for a different booking.");
      }
      return { booking: earlier, created: false, payment: await pendingPayment(ctx, earlier) };
    }
  }
  const startsAt = new Date(request.starts_at);
  const endsAt = new Date(request.ends_at);
  const { spot, quote } = await priceWindow(ctx.db, request.spot_id, startsAt, endsAt, new Date());
  if (spot.ownerId === renterId) throw new ProblemError(422, "own_spot", "An owner does not book their own spot.");
  const coupon =
    request.coupon_code === undefined
      ? null
      : await usableCoupon(
          ctx.db,
          renterId,
          request.coupon_code,
          { service: "parking", vehicleClass: null, cityId: null, amount: quote.total },
          new Date(),
        );
  const discount = Math.min(coupon?.discount ?? 0, quote.total.amount - 1);
  const reserve = (tx: Database, bookingId: string) =>
    coupon && discount > 0
      ? reserveCoupon(
          tx,
          { couponId: coupon.row.id, userId: renterId, bookingId, discount, currency: spot.currency },
          new Date(),
        )
      : Promise.resolve();
  const row = {
    spotId: spot.id,
    renterId,
    startsAt,
    endsAt,
    currency: spot.currency,
    subtotalAmount: quote.subtotal.amount,
    serviceFeeAmount: quote.serviceFee.amount,
    totalAmount: quote.total.amount - Math.max(0, discount),
    discountAmount: Math.max(0, discount),
    ownerPayoutAmount: quote.ownerPayout.amount,
    paymentMethod: request.payment_method,
    checkInCode: checkInCode(crypto.getRandomValues(new Uint8Array(6))),
    vehiclePlate: request.vehicle_plate ?? null,
    vehicleMake: request.vehicle_make ?? null,
    vehicleModel: request.vehicle_model ?? null,
    vehicleColor: request.vehicle_color ?? null,
    specialRequests: request.special_requests ?? null,
    idempotencyKey: key ?? null,
    requestHash: hash,
  };
  try {
    // The window is held in the search index while the booking is written.
    return await ctx.spots.holding(spot, startsAt, endsAt, async () => {
      if (request.payment_method === "wallet") {
        const booking = await ctx.db.transaction(async (tx) => {
          const pending = await insertBooking(tx, row);
          await reserve(tx, pending.id);
          const payment = await insertPayment(tx, {
            userId: renterId,
            purpose: "booking",
            bookingId: pending.id,
            method: "wallet",
            provider: "wallet",
            amount: pending.totalAmount,
            capturedAmount: pending.totalAmount,
            currency: spot.currency,
            status: "succeeded",
          });
          await record(
            tx,
            bookingPaid({
              bookingId: pending.id,
              ownerId: spot.ownerId,
              currency: spot.currency,
              subtotal: pending.subtotalAmount,
              serviceFee: pending.serviceFeeAmount,
              discount: pending.discountAmount,
              paymentId: payment.id,
              from: wallet(renterId, spot.currency),
            }),
          );
          return confirm(tx, pending);
        });
        await ctx.announce(bookingEvents("new_booking", booking, spot.ownerId));
        return { booking, created: true, payment: null };
      }
      // A transaction (a connection of its own) only when a coupon's use is reserved with the booking.
      const booking =
        coupon && discount > 0
          ? await ctx.db.transaction(async (tx) => {
              const pending = await insertBooking(tx, row);
              await reserve(tx, pending.id);
              return pending;
            })
          : await insertBooking(ctx.db, row);
      try {
        const intent = await ctx.provider.createIntent({
          amount: booking.totalAmount,
          currency: booking.currency,
          customerId: await customerOf(ctx, renterId),
          idempotencyKey: `booking:${booking.id}`,
          description: `Curbside parking booking ${booking.id}`,
          metadata: { booking_id: booking.id, user_id: renterId, purpose: "booking" },
        });
        await insertProviderPayment(ctx.db, {
          userId: renterId,
          purpose: "booking",
          bookingId: booking.id,
          method: "card",
          provider: "stripe",
          providerRef: intent.id,
          amount: booking.totalAmount,
          currency: booking.currency,
          status: "pending",
        });
        await ctx.announce(bookingEvents("new_booking", booking, spot.ownerId));
        return { booking, created: true, payment: { intentId: intent.id, clientSecret: intent.clientSecret } };
      } catch (error) {
        // No window held for a payment that could not start.
        await updateBooking(ctx.db, booking.id, {
          status: "cancelled",
          cancelledBy: "system",
          cancelledAt: new Date(),
        });
        await releaseCoupon(ctx.db, { bookingId: booking.id }).catch(() => {});
        throw error;
      }
    });
  } catch (error) {
    if (overlapping(error)) throw taken();
    if (error instanceof LedgerError && error.code === "insufficient_funds") {
      throw new ProblemError(402, "insufficient_funds", "The wallet's balance does not cover this booking.");
    }
    if (key && databaseFault(error)?.code === "23505") {
      const raced = await bookingByKey(ctx.db, renterId, key);
      if (raced) return { booking: raced, created: false, payment: null };
    }
    throw error;
  }
}

/** A retried card booking still to be paid gets its PaymentIntent again, so the app can confirm it. */
async function pendingPayment(ctx: PaymentContext, booking: BookingRow): Promise<Booked["payment"]> {
  if (booking.status !== "pending" || booking.paymentMethod !== "card") return null;
  const [payment] = await bookingPayments(ctx.db, booking.id);
  if (!payment?.providerRef) return null;
  const intent = await ctx.provider.retrieveIntent(payment.providerRef);
  return { intentId: intent.id, clientSecret: intent.clientSecret };
}

/** Confirms a pending booking (its payment succeeded), through the state machine. */
async function confirm(tx: Database, booking: BookingRow): Promise<BookingRow> {
  const step = stepBooking(bookingState(booking), { type: "confirm" }, new Date());
  if (!step.ok) return booking;
  return updateBooking(tx, booking.id, { status: step.state.status, paymentStatus: "succeeded" });
}

/**
 * A card booking's payment succeeded (its webhook, in the webhook's
 * transaction): the money is divided and the booking confirmed. A booking
 * that expired meanwhile keeps its status; the caller refunds it.
 */
export async function confirmPaidBooking(
  tx: Database,
  payment: PaymentRow,
): Promise<{ booking: BookingRow; ownerId: string; confirmed: boolean } | null> {
  const booking = payment.bookingId ? await bookingById(tx, payment.bookingId) : undefined;
  if (!booking) return null;
  const spot = (await spotById(tx, booking.spotId)) as SpotRow;
  if (booking.status !== "pending") return { booking, ownerId: spot.ownerId, confirmed: false };
  await record(
    tx,
    bookingPaid({
      bookingId: booking.id,
      ownerId: spot.ownerId,
      currency: booking.currency,
      subtotal: booking.subtotalAmount,
      serviceFee: booking.serviceFeeAmount,
      discount: booking.discountAmount,
      paymentId: payment.id,
      from: platform("provider", booking.currency),
    }),
  );
  return { booking: await confirm(tx, booking), ownerId: spot.ownerId, confirmed: true };
}

/**
 * Paid too late: the booking was released (unpaid after 15 minutes) or
 * cancelled before its payment succeeded. The money goes straight back: the
 * refund is asked for inside the webhook's transaction, so if the provider
 * cannot be reached the event is not recorded and comes again; the ledger
 * shows it in and out.
 */
export async function refundLatePayment(ctx: PaymentContext, tx: Database, payment: PaymentRow, booking: BookingRow) {
  const key = `booking:${booking.id}:late`;
  if (payment.providerRef)
    await ctx.provider.refund(payment.providerRef, payment.amount, key, "booking released before payment");
  const cash = platform("provider", booking.currency);
  const settlement = platform("settlement", booking.currency);
  const links = { bookingId: booking.id, paymentId: payment.id };
  await record(tx, [
    {
      key: `${key}:in`,
      debit: cash,
      credit: settlement,
      amount: payment.amount,
      currency: booking.currency,
      code: "booking_payment",
      ...links,
    },
    {
      key: `${key}:returned`,
      debit: settlement,
      credit: cash,
      amount: payment.amount,
      currency: booking.currency,
      code: "refund",
      ...links,
    },
  ]);
  await updatePayment(tx, payment.id, {
    status: "refunded",
    capturedAmount: payment.amount,
    refundedAmount: payment.amount,
  });
}
