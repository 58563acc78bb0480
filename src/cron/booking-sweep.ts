/**
 * The cron sweep that moves bookings with the clock, every minute: a
 * confirmed booking starts at its start time, one never checked into
 * completes at its end time, one checked into and never checked out closes
 * a day after its end, and an unpaid pending booking releases its window 15
 * minutes after it was made. Each due booking is
 * stepped through the one state machine (domain/booking-lifecycle.ts,
 * `tick`) and written only if nobody moved it meanwhile, so running the
 * sweep twice, or beside a check-out, changes nothing the second time.
 *
 * The minute cron rather than a timer per booking: bookings are rows in
 * Postgres, not actors, a minute is the precision the product promises, and
 * one indexed query a minute costs less than an alarm per booking.
 */
import { and, eq, isNull, lte, or } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { bookings, spots } from "../db/schema/index.ts";
import { HOLDING_STATES, stepBooking } from "../domain/booking-lifecycle.ts";
import { PENDING_HOLD_MINUTES, STAY_CLOSES_AFTER_END_HOURS } from "../domain/booking-rules.ts";
import { bookingEnded } from "../growth/booking-ended.ts";
import { bookingState } from "../parking/booking-state.ts";
import { bookingEvents } from "../parking/events.ts";
import type { PaymentContext } from "../payments/context.ts";

export interface BookingSweepResult {
  started: number;
  completed: number;
  expired: number;
}

const BATCH = 500;

/** Moves the due bookings at `now`; tells the queue, and the search index of the spots whose windows it freed. */
export async function sweepBookings(
  db: Database,
  now: Date,
  tell: Pick<PaymentContext, "announce" | "spots">,
): Promise<BookingSweepResult> {
  const heldSince = new Date(now.getTime() - PENDING_HOLD_MINUTES * 60_000);
  const stayClosedBy = new Date(now.getTime() - STAY_CLOSES_AFTER_END_HOURS * 3_600_000);
  const due = await db
    .select({ booking: bookings, ownerId: spots.ownerId, city: spots.city })
    .from(bookings)
    .innerJoin(spots, eq(spots.id, bookings.spotId))
    .where(
      or(
        and(eq(bookings.status, "confirmed"), lte(bookings.endsAt, now)),
        and(eq(bookings.status, "in_progress"), isNull(bookings.checkedInAt), lte(bookings.endsAt, now)),
        and(eq(bookings.status, "in_progress"), lte(bookings.endsAt, stayClosedBy)),
        and(eq(bookings.status, "confirmed"), lte(bookings.startsAt, now)),
        and(eq(bookings.status, "pending"), lte(bookings.createdAt, heldSince)),
      ),
    )
    .limit(BATCH);
  const result: BookingSweepResult = { started: 0, completed: 0, expired: 0 };
  const events: Parameters<PaymentContext["announce"]>[0] = [];
  const freed: { id: string; city: string }[] = [];
  for (const { booking: row, ownerId, city } of due) {
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
    await bookingEnded(db, after, now);
    events.push(...bookingEvents("booking_update", after, ownerId));
    if (!HOLDING_STATES.includes(after.status)) freed.push({ id: after.spotId, city });
    if (step.event === "booking.started") result.started++;
    if (step.event === "booking.completed") result.completed++;
    if (step.event === "booking.expired") result.expired++;
  }
  await tell.spots.changed(freed);
  await tell.announce(events);
  return result;
}
