/**
 * The booking state machine of the parking line:
 *
 *   pending → confirmed → in_progress → completed
 *      ↓          ↓            ↓
 *   cancelled  cancelled    (refunded after payment disputes)
 *
 * Bookings in `pending`, `confirmed` and `in_progress` hold their spot (the
 * database's exclusion constraint uses the same list). Time moves bookings
 * too: a confirmed booking starts at its start time, and one still running
 * (or never checked into) completes at its end time.
 */

export type BookingStatus = "pending" | "confirmed" | "in_progress" | "completed" | "cancelled" | "refunded";

/** The states that hold the spot. */
export const HOLDING_STATES: readonly BookingStatus[] = ["pending", "confirmed", "in_progress"];

const ALLOWED: Record<BookingStatus, readonly BookingStatus[]> = {
  pending: ["confirmed", "cancelled"],
  confirmed: ["in_progress", "completed", "cancelled"],
  in_progress: ["completed"],
  completed: ["refunded"],
  cancelled: [],
  refunded: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Where time alone takes a booking at `now`, or null if it stays. */
export function timedTransition(
  booking: { status: BookingStatus; startsAt: Date; endsAt: Date },
  now: Date,
): BookingStatus | null {
  const t = now.getTime();
  if ((booking.status === "confirmed" || booking.status === "in_progress") && t >= booking.endsAt.getTime()) {
    return "completed";
  }
  if (booking.status === "confirmed" && t >= booking.startsAt.getTime()) return "in_progress";
  return null;
}
