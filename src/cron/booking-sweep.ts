/**
 * The cron sweep that moves bookings with the clock (auto-start at the start
 * time, auto-checkout at the end time), as `timedTransition` in
 * domain/booking-lifecycle.ts says. Two set-based updates; running it twice
 * changes nothing the second time.
 */
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { bookings } from "../db/schema/index.ts";

export interface BookingSweepResult {
  started: number;
  completed: number;
}

export async function sweepBookings(db: Database, now: Date): Promise<BookingSweepResult> {
  const completed = await db
    .update(bookings)
    .set({
      status: "completed",
      checkedOutAt: sql`coalesce(${bookings.checkedOutAt}, ${bookings.endsAt})`,
      updatedAt: now,
    })
    .where(and(inArray(bookings.status, ["confirmed", "in_progress"]), lte(bookings.endsAt, now)))
    .returning({ id: bookings.id });
  const started = await db
    .update(bookings)
    .set({ status: "in_progress", updatedAt: now })
    .where(and(eq(bookings.status, "confirmed"), lte(bookings.startsAt, now)))
    .returning({ id: bookings.id });
  return { started: started.length, completed: completed.length };
}
