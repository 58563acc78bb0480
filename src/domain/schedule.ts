/**
 * Rides and deliveries booked for later (`scheduled_at` on POST /v1/rides):
 * how far ahead one may be booked, when its dispatch starts (10 minutes
 * before, seed 001 §6.1), and the fare it is charged (the quote, whatever
 * the surge or the road when it runs). Used by the request
 * (dispatch/request-ride.ts) and the RideActor (durable-objects/ride-schedule.ts).
 */
import type { Quote } from "./pricing.ts";

const MINUTE_MS = 60_000;

/** The earliest a ride may be booked for, from now. */
export const SCHEDULE_MIN_LEAD_MS = 15 * MINUTE_MS;
/** The latest a ride may be booked for, from now. */
export const SCHEDULE_MAX_LEAD_MS = 7 * 24 * 60 * MINUTE_MS;
/** How long before its time a scheduled ride starts looking for a driver. */
export const DISPATCH_LEAD_MS = 10 * MINUTE_MS;
/** How soon a dispatch start that could not reach the payment provider is tried again. */
export const START_RETRY_MS = 30_000;

export type ScheduleCheck = { ok: true; scheduledAt: string } | { ok: false; earliest: string; latest: string };

/**
 * Whether a ride may be booked for `at`: from 15 minutes to 7 days ahead
 * of `now`, both included. The time kept is normalised to ISO 8601 UTC.
 *
 * @example
 * checkScheduledAt(new Date("2026-12-01T09:00:00+05:30"), new Date()) // { ok: true, scheduledAt: "2026-12-01T03:30:00.000Z" }
 */
export function checkScheduledAt(at: Date, now: Date): ScheduleCheck {
  const earliest = now.getTime() + SCHEDULE_MIN_LEAD_MS;
  const latest = now.getTime() + SCHEDULE_MAX_LEAD_MS;
  const t = at.getTime();
  if (Number.isNaN(t) || t < earliest || t > latest) {
    return { ok: false, earliest: new Date(earliest).toISOString(), latest: new Date(latest).toISOString() };
  }
  return { ok: true, scheduledAt: at.toISOString() };
}

/** When a ride booked for `scheduledAt` starts dispatch, ms since the epoch. */
export function dispatchStartsAt(scheduledAt: string): number {
  return Date.parse(scheduledAt) - DISPATCH_LEAD_MS;
}

/** Whether a ride that is still `scheduled` should start dispatch at `now`. */
export function dispatchDue(r: { scheduledAt: string | null; state: { status: string } }, now: number): boolean {
  return r.state.status === "scheduled" && r.scheduledAt !== null && now >= dispatchStartsAt(r.scheduledAt);
}

/**
 * The fare a booked ride is charged at completion: the quote it was booked
 * at. A scheduled ride's total holds — neither the surge when dispatch
 * starts nor the road actually driven can raise it (nor lower it). A ride
 * requested for now is charged what `measured` says.
 */
export function bookedFare(r: { scheduledAt: string | null; estimate: Quote }, measured: Quote): Quote {
  return r.scheduledAt === null ? measured : r.estimate;
}
