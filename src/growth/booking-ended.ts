/**
 * What a booking's end means for its coupon and points, called where a
 * booking ends (parking/check-out.ts, parking/cancel.ts, the cron sweep):
 * completed, its coupon's use is redeemed and the renter earns points by
 * the city's rule (the platform's default: spots name no city); cancelled
 * or expired unpaid, its coupon's use is given back. Idempotent.
 */

import type { Database } from "../db/client.ts";
import type { BookingRow } from "../db/queries/bookings.ts";
import { redeemCoupon, releaseCoupon } from "./coupons.ts";
import { earnForOrder } from "./points.ts";

export async function bookingEnded(db: Database, booking: BookingRow, now: Date): Promise<void> {
  if (booking.status === "cancelled" || booking.status === "refunded") {
    await releaseCoupon(db, { bookingId: booking.id });
    return;
  }
  if (booking.status !== "completed") return;
  await redeemCoupon(db, { bookingId: booking.id }, booking.discountAmount);
  await earnForOrder(
    db,
    {
      kind: "booking",
      id: booking.id,
      userId: booking.renterId,
      cityId: null,
      amount: booking.totalAmount,
      currency: booking.currency,
    },
    now,
  );
}
