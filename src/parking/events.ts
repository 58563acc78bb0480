/**
 * Parking's events on the queue (seed 004 §9: `spot_availability`,
 * `booking_update`, `new_booking`, `new_review`), namespaced as
 * `parking.<name>`, so the notifications issue can deliver them live to
 * owners and renters. The queue consumer records every one in the event log.
 */
import type { BookingRow } from "../db/queries/bookings.ts";
import type { EventEnvelope } from "../domain/events.ts";

/** Seed 004's four, and `overstay`: a renter who left after the end, what it cost and whom it harmed. */
export type ParkingEvent = "spot_availability" | "booking_update" | "new_booking" | "new_review" | "overstay";

export function parkingEvent(type: ParkingEvent, subjectId: string, payload: Record<string, unknown>): EventEnvelope {
  return {
    id: crypto.randomUUID(),
    type: `parking.${type}`,
    subject_id: subjectId,
    occurred_at: new Date().toISOString(),
    payload,
  };
}

/** What a booking's renter and its spot's owner are told when it is made or moves; and the spot's window, held or freed. */
export function bookingEvents(
  type: "new_booking" | "booking_update",
  booking: BookingRow,
  ownerId: string,
): EventEnvelope[] {
  const about = {
    booking_id: booking.id,
    spot_id: booking.spotId,
    renter_id: booking.renterId,
    owner_id: ownerId,
    status: booking.status,
    starts_at: booking.startsAt.toISOString(),
    ends_at: booking.endsAt.toISOString(),
  };
  const holding = ["pending", "confirmed", "in_progress"].includes(booking.status);
  return [
    parkingEvent(type, booking.id, about),
    parkingEvent("spot_availability", booking.spotId, {
      spot_id: booking.spotId,
      from: about.starts_at,
      to: about.ends_at,
      available: !holding,
    }),
  ];
}
