/**
 * Who a booking is to the caller (its renter, its spot's owner, an admin;
 * anyone else gets 404), and the payments behind it: the lookups every
 * booking use case starts from.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { type BookingRow, bookingById } from "../db/queries/bookings.ts";
import type { PaymentRow } from "../db/queries/payments.ts";
import { type SpotRow, spotById } from "../db/queries/spots.ts";
import { payments } from "../db/schema/index.ts";
import { ProblemError } from "../http/problem.ts";

/** A booking's payments, oldest first: the booking's own, then any extension's. */
export async function bookingPayments(db: Database, bookingId: string): Promise<PaymentRow[]> {
  return db
    .select()
    .from(payments)
    .where(and(eq(payments.bookingId, bookingId), eq(payments.purpose, "booking")))
    .orderBy(payments.createdAt);
}

/** The booking and spot if the caller is its renter, the spot's owner or an admin; who they are to it. */
export async function bookingFor(
  db: Database,
  id: string,
  me: { userId: string; role: string },
): Promise<{ booking: BookingRow; spot: SpotRow; as: "renter" | "owner" | "admin" }> {
  const booking = await bookingById(db, id);
  const spot = booking && (await spotById(db, booking.spotId));
  if (!booking || !spot) throw new ProblemError(404, "booking_not_found", "No such booking.");
  if (booking.renterId === me.userId) return { booking, spot, as: "renter" };
  if (spot.ownerId === me.userId) return { booking, spot, as: "owner" };
  if (me.role === "admin") return { booking, spot, as: "admin" };
  throw new ProblemError(404, "booking_not_found", "No such booking.");
}
