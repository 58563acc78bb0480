/**
 * Staying longer (POST /v1/bookings/{id}/extend {ends_at}): the renter asks
 * for a later end. The longer window must be open by the spot's hours and
 * free: the new end is written first, so the exclusion constraint decides
 * (23P01 → 409 `spot_unavailable`) before any money moves. The difference
 * between the longer window's quote and what was paid is then charged the
 * way the booking was paid — the wallet, or the renter's default card off
 * session (a decline puts the old end back: 402) — and divided like the
 * booking: the subtotal to the owner, the fee to the platform.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { type BookingRow, updateBooking } from "../db/queries/bookings.ts";
import type { SpotRow } from "../db/queries/spots.ts";
import { bookings } from "../db/schema/index.ts";
import { stepBooking } from "../domain/booking-lifecycle.ts";
import { openThroughout } from "../domain/operating-hours.ts";
import { quoteParking } from "../domain/parking-quote.ts";
import { ProblemError } from "../http/problem.ts";
import { LedgerError } from "../ledger/record.ts";
import { databaseFault } from "../log.ts";
import type { PaymentContext } from "../payments/context.ts";
import { type Intent, PaymentDeclined } from "../payments/provider.ts";
import { bookingFor } from "./booking-access.ts";
import { bookingState } from "./booking-state.ts";
import { bookingEvents } from "./events.ts";
import { chargeExtraToCard, type Extra, payExtraFromWallet, recordCardExtra } from "./extra-charge.ts";

export async function extendBooking(
  ctx: PaymentContext,
  id: string,
  me: { userId: string; role: string },
  endsAt: Date,
): Promise<BookingRow> {
  const { booking, spot, as } = await bookingFor(ctx.db, id, me);
  if (as !== "renter") throw new ProblemError(404, "booking_not_found", "No such booking.");
  const step = stepBooking(bookingState(booking), { type: "extend", endsAt }, new Date());
  if (!step.ok) {
    throw new ProblemError(
      409,
      step.reason === "not_allowed" ? "not_allowed" : "invalid_state",
      "Only a confirmed or running booking can be extended, to a later end.",
    );
  }
  if (!openThroughout(spot.operatingHours, spot.timezone, booking.startsAt, endsAt)) {
    throw new ProblemError(422, "outside_operating_hours", "The spot is not open until then.");
  }
  const quote = quoteParking(spot, booking.startsAt, endsAt);
  const was = {
    endsAt: booking.endsAt,
    subtotalAmount: booking.subtotalAmount,
    serviceFeeAmount: booking.serviceFeeAmount,
    totalAmount: booking.totalAmount,
    ownerPayoutAmount: booking.ownerPayoutAmount,
  };
  const longer = {
    endsAt,
    subtotalAmount: quote.subtotal.amount,
    serviceFeeAmount: quote.serviceFee.amount,
    totalAmount: quote.total.amount,
    ownerPayoutAmount: quote.ownerPayout.amount,
  };
  const extra: Extra = {
    subtotal: quote.subtotal.amount - booking.subtotalAmount,
    serviceFee: quote.serviceFee.amount - booking.serviceFeeAmount,
    key: `extend:${endsAt.getTime()}`,
    purpose: "booking_extension",
  };
  try {
    // The new part of the window is held in the search index while it is written and paid.
    return await ctx.spots.holding(spot, booking.endsAt, endsAt, async () => {
      if (booking.paymentMethod === "wallet") {
        const extended = await ctx.db.transaction(async (tx) => {
          const row = await stretch(tx, booking, longer);
          await payExtraFromWallet(tx, booking, spot.ownerId, extra);
          return row;
        });
        await announce(ctx, extended, spot);
        return extended;
      }
      // The card: the window first, then the charge, then the books.
      const stretched = await stretch(ctx.db, booking, longer);
      let intent: Intent;
      try {
        intent = await chargeExtraToCard(ctx, booking, extra);
      } catch (error) {
        await updateBooking(ctx.db, booking.id, was);
        if (error instanceof PaymentDeclined) {
          throw new ProblemError(
            402,
            "payment_failed",
            `The card was declined (${error.declineCode ?? error.code}); the booking is unchanged.`,
          );
        }
        throw error;
      }
      await recordCardExtra(ctx, booking, spot.ownerId, extra, intent);
      await announce(ctx, stretched, spot);
      return stretched;
    });
  } catch (error) {
    if (databaseFault(error)?.code === "23P01" || databaseFault(error)?.code === "40P01") {
      throw new ProblemError(409, "spot_unavailable", "Another booking holds the spot before the new end.");
    }
    if (error instanceof LedgerError && error.code === "insufficient_funds") {
      throw new ProblemError(402, "insufficient_funds", "The wallet's balance does not cover the extension.");
    }
    throw error;
  }
}

/** The booking with its new end and amounts, if it is still where it was (else 409). */
async function stretch(db: Database, booking: BookingRow, longer: Partial<BookingRow>): Promise<BookingRow> {
  const [row] = await db
    .update(bookings)
    .set({ ...longer, updatedAt: new Date() })
    .where(
      sql`${bookings.id} = ${booking.id} and ${bookings.endsAt} = ${booking.endsAt.toISOString()}::timestamptz and ${bookings.status} = ${booking.status}`,
    )
    .returning();
  if (!row) throw new ProblemError(409, "booking_changed", "The booking changed meanwhile; look again.");
  return row;
}

async function announce(ctx: PaymentContext, booking: BookingRow, spot: SpotRow): Promise<void> {
  await ctx.announce(bookingEvents("booking_update", booking, spot.ownerId));
}
