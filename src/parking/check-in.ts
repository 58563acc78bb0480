/**
 * At the spot: the renter shows their 6-character code (or its QR payload,
 * `curbside:booking:<id>:<code>`), and the renter or the owner checks the
 * booking in; later, out. Both go through the state machine
 * (domain/booking-lifecycle.ts): check-in from 15 minutes before the start,
 * check-out of a running booking.
 */
import type { Database } from "../db/client.ts";
import { type BookingRow, updateBooking } from "../db/queries/bookings.ts";
import { type BookingCommand, stepBooking } from "../domain/booking-lifecycle.ts";
import { ProblemError } from "../http/problem.ts";
import { bookingState } from "./booking-state.ts";

/** The QR code's payload for a booking: what a scanner reads. */
export function checkInPayload(booking: { id: string; checkInCode: string | null }): string | null {
  return booking.checkInCode ? `curbside:booking:${booking.id}:${booking.checkInCode}` : null;
}

/** Whether what was shown (a code or a QR payload) is this booking's code. */
export function codeMatches(booking: BookingRow, shown: string): boolean {
  const code = shown.startsWith("curbside:booking:") ? shown.slice(`curbside:booking:${booking.id}:`.length) : shown;
  const payloadOfThis = !shown.startsWith("curbside:booking:") || shown.startsWith(`curbside:booking:${booking.id}:`);
  return payloadOfThis && booking.checkInCode !== null && code.toUpperCase() === booking.checkInCode;
}

const REFUSALS = {
  too_early: [409, "too_early", "Check-in opens 15 minutes before the start."],
  invalid_state: [409, "invalid_state", "The booking is not in a state for this."],
  not_allowed: [409, "not_allowed", "This is not allowed for this booking."],
} as const;

export async function moveBooking(db: Database, booking: BookingRow, command: BookingCommand): Promise<BookingRow> {
  const step = stepBooking(bookingState(booking), command, new Date());
  if (!step.ok) {
    const [status, code, detail] = REFUSALS[step.reason];
    throw new ProblemError(status, code, detail);
  }
  return updateBooking(db, booking.id, {
    status: step.state.status,
    checkedInAt: step.state.checkedInAt,
    checkedOutAt: step.state.checkedOutAt,
  });
}
