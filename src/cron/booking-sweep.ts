/**
 * The cron sweep that moves bookings with the clock, every minute: a
 * confirmed booking starts at its start time, a running one (or one never
 * checked into) completes at its end time, and an unpaid pending booking
 * releases its window 15 minutes after it was made. Each due booking is
 * stepped through the one state machine (domain/booking-lifecycle.ts,
 * `tick`) and written only if nobody moved it meanwhile, so running the
 * sweep twice, or beside a check-out, changes nothing the second time.
 *
 * The minute cron rather than a timer per booking: bookings are rows in
 * Postgres, not actors, a minute is the precision the product promises, and
 * one indexed query a minute costs less than an alarm per booking.
 */
import { and, eq, inArray, lte, or } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { bookings, spots } from "../db/schema/index.ts";
import { stepBooking } from "../domain/booking-lifecycle.ts";
import { PENDING_HOLD_MINUTES } from "../domain/booking-rules.ts";
import type { EventEnvelope } from "../domain/events.ts";
import { bookingState } from "../parking/booking-state.ts";
import { bookingEvents } from "../parking/events.ts";

export interface BookingSweepResult {
  started: number;
  completed: number;
  expired: number;
}

const BATCH = 500;

export async function sweepBookings(
  db: Database,
  now: Date,
  announce: (events: EventEnvelope[]) => Promise<void> = async () => {},
): Promise<BookingSweepResult> {
  const heldSince = new Date(now.getTime() - PENDING_HOLD_MINUTES * 60_000);
  const due = await db
    .select({ booking: bookings, ownerId: spots.ownerId })
    .from(bookings)
    .innerJoin(spots, eq(spots.id, bookings.spotId))
    .where(
      or(
        and(inArray(bookings.status, ["confirmed", "in_progress"]), lte(bookings.endsAt, now)),
        and(eq(bookings.status, "confirmed"), lte(bookings.startsAt, now)),
        and(eq(bookings.status, "pending"), lte(bookings.createdAt, heldSince)),
      ),
    )
    .limit(BATCH);
  const result: BookingSweepResult = { started: 0, completed: 0, expired: 0 };
  const events: EventEnvelope[] = [];
  for (const { booking: row, ownerId } of due) {
    const step = stepBooking(bookingState(row), { type: "tick" }, now);
    if (!step.ok) continue;
    const moved = await db
      .update(bookings)
      .set({
        status: step.state.status,
        checkedOutAt: step.state.checkedOutAt,
        cancelledAt: step.state.cancelledAt,
        ...(step.event === "booking.expired" ? { cancelledBy: "system" as const, cancellationReason: "unpaid" } : {}),
        updatedAt: now,
      })
      .where(and(eq(bookings.id, row.id), eq(bookings.status, row.status)))
      .returning();
    const [after] = moved;
    if (!after) continue;
    events.push(...bookingEvents("booking_update", after, ownerId));
    if (step.event === "booking.started") result.started++;
    if (step.event === "booking.completed") result.completed++;
    if (step.event === "booking.expired") result.expired++;
  }
  await announce(events);
  return result;
}
