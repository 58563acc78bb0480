/** A booking row as the state machine (domain/booking-lifecycle.ts) sees it. */
import type { BookingRow } from "../db/queries/bookings.ts";
import type { BookingState } from "../domain/booking-lifecycle.ts";

export function bookingState(row: BookingRow): BookingState {
  return {
    status: row.status,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    createdAt: row.createdAt,
    checkedInAt: row.checkedInAt,
    checkedOutAt: row.checkedOutAt,
    cancelledAt: row.cancelledAt,
  };
}
