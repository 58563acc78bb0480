/**
 * Leaving the spot (POST /v1/bookings/{id}/check-out), by the renter or by
 * the owner at the spot. The booking completes; before its end, the rest
 * of the window is free again for search.
 *
 * After the end, the renter pays the overstay: the hourly rate in 15-minute
 * steps (domain/booking-rules.ts `overstayCharge`), the way the booking was
 * paid, all of it the owner's (it is rent; the platform's fee was on the
 * booking). Each booking has one overstay, keyed `booking:<id>:overstay`, so
 * a retry charges nothing twice. A declined card or a wallet short of it
 * does not keep the renter in the spot: the booking completes with nothing
 * charged, and a `parking.overstay` event says what is owed.
 *
 * A later booking of the spot that began before the check-out was harmed:
 * its renter is told (a `booking_update` about their own booking, with
 * `previous_renter_overstayed`), and the owner's `parking.overstay` event
 * lists it, flagged.
 */
import type { BookingRow } from "../db/queries/bookings.ts";
import { holdsOf, updateBooking } from "../db/queries/bookings.ts";
import type { SpotRow } from "../db/queries/spots.ts";
import { overstayCharge } from "../domain/booking-rules.ts";
import { bookingEnded } from "../growth/booking-ended.ts";
import { errorFields, log } from "../log.ts";
import type { PaymentContext } from "../payments/context.ts";
import { moveBooking } from "./check-in.ts";
import { bookingEvents, parkingEvent } from "./events.ts";
import { chargeExtraToCard, type Extra, payExtraFromWallet, recordCardExtra } from "./extra-charge.ts";

export async function checkOut(ctx: PaymentContext, booking: BookingRow, spot: SpotRow): Promise<BookingRow> {
  let left = await moveBooking(ctx.db, booking, { type: "check_out" });
  await ctx.spots.changed([spot]);
  await bookingEnded(ctx.db, left, new Date());
  const leftAt = left.checkedOutAt ?? new Date();
  const owed = overstayCharge(spot.hourlyRate, booking.endsAt, leftAt);
  if (owed === 0) {
    await ctx.announce(bookingEvents("booking_update", left, spot.ownerId));
    return left;
  }
  const extra: Extra = { subtotal: owed, serviceFee: 0, key: "overstay", purpose: "booking_overstay" };
  let charged = false;
  try {
    if (left.paymentMethod === "wallet") {
      left = await ctx.db.transaction(async (tx) => {
        await payExtraFromWallet(tx, left, spot.ownerId, extra);
        return updateBooking(tx, left.id, { overstayAmount: owed });
      });
    } else {
      const intent = await chargeExtraToCard(ctx, left, extra);
      left = await recordCardExtra(ctx, left, spot.ownerId, extra, intent, (tx) =>
        updateBooking(tx, left.id, { overstayAmount: owed }),
      );
    }
    charged = true;
  } catch (error) {
    // The renter has left either way; what is owed is said below, and logged.
    log("warn", "parking.overstay_unpaid", { booking_id: left.id, amount: owed, ...errorFields(error) });
  }
  const harmed = await holdsOf(ctx.db, spot.id, booking.endsAt, leftAt);
  await ctx.announce([
    ...bookingEvents("booking_update", left, spot.ownerId),
    parkingEvent("overstay", left.id, {
      booking_id: left.id,
      spot_id: spot.id,
      renter_id: left.renterId,
      owner_id: spot.ownerId,
      minutes_late: Math.ceil((leftAt.getTime() - booking.endsAt.getTime()) / 60_000),
      amount: { amount: owed, currency: left.currency },
      charged,
      harmed_booking_ids: harmed.map((b) => b.id),
      flagged: harmed.length > 0,
    }),
    ...harmed.map((next) =>
      parkingEvent("booking_update", next.id, {
        booking_id: next.id,
        spot_id: spot.id,
        renter_id: next.renterId,
        owner_id: spot.ownerId,
        status: next.status,
        starts_at: next.startsAt.toISOString(),
        ends_at: next.endsAt.toISOString(),
        previous_renter_overstayed: true,
        spot_free_since: leftAt.toISOString(),
      }),
    ),
  ]);
  return left;
}
