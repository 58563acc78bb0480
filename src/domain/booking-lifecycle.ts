/**
 * The booking state machine of the parking line:
 *
 *   pending ──→ confirmed ──→ in_progress ──→ completed ──→ refunded
 *      │           │  └─────(never checked into)──↗             ↑
 *      ↓           ↓              ↓ (owner or admin only)         │
 *   cancelled ←────┴──────────────┘                               │
 *      └──────────────────────────────────────────────────────────┘
 *
 * Bookings in `pending`, `confirmed` and `in_progress` hold their spot (the
 * database's exclusion constraint uses the same list). Time moves bookings
 * too: a confirmed booking starts at its start time and, never checked into,
 * completes at its end time; one checked into waits for its check-out (which
 * charges any overstay) and closes itself STAY_CLOSES_AFTER_END_HOURS after
 * the end; an unpaid pending one is released PENDING_HOLD_MINUTES after it
 * was made.
 *
 * `stepBooking(state, command, now)` is the one step every writer uses (the
 * routes, the cron sweep, the payment webhooks): it validates a command
 * against the state and returns the new state and its event, or why not. The
 * caller persists, then publishes the event.
 *
 * @example
 * const r = stepBooking(booking, { type: "check_in" }, now);
 * if (!r.ok) return problem(r.reason); // "too_early" until 15 minutes before the start
 * await save(r.state); publish(r.event); // "booking.checked_in"
 */
import { PENDING_HOLD_MINUTES, STAY_CLOSES_AFTER_END_HOURS } from "./booking-rules.ts";

export type BookingStatus = "pending" | "confirmed" | "in_progress" | "completed" | "cancelled" | "refunded";

/** The states that hold the spot. */
export const HOLDING_STATES: readonly BookingStatus[] = ["pending", "confirmed", "in_progress"];

/** Who may cancel. Only the owner and an admin may cancel a booking that is under way. */
export type Canceller = "renter" | "owner" | "admin" | "system";

const ALLOWED: Record<BookingStatus, readonly BookingStatus[]> = {
  pending: ["confirmed", "cancelled"],
  confirmed: ["in_progress", "completed", "cancelled"],
  in_progress: ["completed"],
  completed: ["refunded"],
  cancelled: ["refunded"],
  refunded: [],
};

/**
 * Whether a booking may move from one status to another. `in_progress →
 * cancelled` is open only to the owner and an admin, so it is allowed only
 * when `by` says one of them is asking.
 *
 * @example
 * canTransition("in_progress", "cancelled")          // → false
 * canTransition("in_progress", "cancelled", "owner") // → true
 */
export function canTransition(from: BookingStatus, to: BookingStatus, by?: Canceller): boolean {
  if (from === "in_progress" && to === "cancelled") return by === "owner" || by === "admin";
  return ALLOWED[from].includes(to);
}

/** A booking as the state machine sees it (the database row's lifecycle columns). */
export interface BookingState {
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
  cancelledAt: Date | null;
}

export type BookingCommand =
  /** Its payment succeeded. */
  | { type: "confirm" }
  /** Time passed: start at startsAt, complete at endsAt, release an unpaid pending after PENDING_HOLD_MINUTES. */
  | { type: "tick" }
  /** The code was right (checked by the caller): from confirmed (within 15 min before the start, or after it) → in_progress. */
  | { type: "check_in" }
  /** in_progress → completed (records checkedOutAt). */
  | { type: "check_out" }
  /** pending|confirmed → cancelled; in_progress only by owner/admin. */
  | { type: "cancel"; by: Canceller }
  /** confirmed|in_progress, later than the current end. */
  | { type: "extend"; endsAt: Date }
  /** completed|cancelled → refunded. */
  | { type: "refund" };

export type BookingEvent =
  | "booking.confirmed"
  | "booking.started"
  | "booking.checked_in"
  | "booking.completed"
  | "booking.cancelled"
  | "booking.expired"
  | "booking.extended"
  | "booking.refunded";

export type BookingStepResult =
  | { ok: true; state: BookingState; event: BookingEvent }
  | { ok: false; reason: "invalid_state" | "too_early" | "not_allowed" };

/** How early before the start a renter may check in. */
export const CHECK_IN_EARLY_MINUTES = 15;

const MINUTE_MS = 60_000;

/** The one move time alone makes at `now`, if any: complete wins over start; an unpaid hold expires. */
function dueMove(booking: TimedBooking, now: Date): "completed" | "in_progress" | "cancelled" | null {
  const t = now.getTime();
  const end = booking.endsAt.getTime();
  // A renter who checked in is there until checked out; the stay closes itself only much later.
  const stayed = booking.status === "in_progress" && booking.checkedInAt != null;
  if (stayed ? t >= end + STAY_CLOSES_AFTER_END_HOURS * 60 * MINUTE_MS : t >= end) {
    if (booking.status === "confirmed" || booking.status === "in_progress") return "completed";
  }
  if (booking.status === "confirmed" && t >= booking.startsAt.getTime()) return "in_progress";
  if (
    booking.status === "pending" &&
    booking.createdAt !== undefined &&
    t >= booking.createdAt.getTime() + PENDING_HOLD_MINUTES * MINUTE_MS
  ) {
    return "cancelled";
  }
  return null;
}

/** What time alone looks at. */
interface TimedBooking {
  status: BookingStatus;
  startsAt: Date;
  endsAt: Date;
  createdAt?: Date;
  checkedInAt?: Date | null;
}

/**
 * Where time alone takes a booking at `now`, or null if it stays: what a
 * `tick` would do (the cron sweep's set-based updates follow it). Without
 * `createdAt` an unpaid pending booking is left where it is, as before the
 * hold existed.
 */
export function timedTransition(booking: TimedBooking, now: Date): BookingStatus | null {
  return dueMove(booking, now);
}

/**
 * Applies one command at `now`. Commands are judged on the status and the
 * booking's own times; a move that time has made due but nobody has made yet
 * is `tick`'s job, except that a booking past its end can no longer be
 * checked into, cancelled or extended (it is due to complete).
 *
 * - `tick` does the one due move (complete, start, or release an unpaid hold
 *   as `booking.expired`) and refuses with `invalid_state` when nothing is
 *   due, so running it again changes nothing. Completing by time records the
 *   end as `checkedOutAt` when nobody checked out, as the sweep does.
 * - `check_in` is also accepted on a booking the clock has already started
 *   (in_progress, never checked into): it records `checkedInAt` and stays.
 * - `check_out` is accepted after the end too (the route charges the overstay).
 */
export function stepBooking(state: BookingState, command: BookingCommand, now: Date): BookingStepResult {
  const t = now.getTime();
  const ended = t >= state.endsAt.getTime();
  const refuse = (reason: "invalid_state" | "too_early" | "not_allowed" = "invalid_state"): BookingStepResult => ({
    ok: false,
    reason,
  });
  const ok = (patch: Partial<BookingState>, event: BookingEvent): BookingStepResult => ({
    ok: true,
    state: { ...state, ...patch },
    event,
  });
  switch (command.type) {
    case "confirm":
      if (state.status !== "pending") return refuse();
      return ok({ status: "confirmed" }, "booking.confirmed");
    case "tick":
      return tick(state, now);
    case "check_in": {
      const startedByClock = state.status === "in_progress" && state.checkedInAt === null;
      if ((state.status !== "confirmed" && !startedByClock) || ended) return refuse();
      if (t < state.startsAt.getTime() - CHECK_IN_EARLY_MINUTES * MINUTE_MS) return refuse("too_early");
      return ok({ status: "in_progress", checkedInAt: now }, "booking.checked_in");
    }
    case "check_out":
      if (state.status !== "in_progress") return refuse();
      return ok({ status: "completed", checkedOutAt: now }, "booking.completed");
    case "cancel":
      if (state.status === "in_progress") {
        if (ended) return refuse();
        if (!canTransition("in_progress", "cancelled", command.by)) return refuse("not_allowed");
        return ok({ status: "cancelled", cancelledAt: now }, "booking.cancelled");
      }
      if (state.status !== "pending" && state.status !== "confirmed") return refuse();
      if (state.status === "confirmed" && ended) return refuse();
      return ok({ status: "cancelled", cancelledAt: now }, "booking.cancelled");
    case "extend":
      if ((state.status !== "confirmed" && state.status !== "in_progress") || ended) return refuse();
      if (command.endsAt.getTime() <= state.endsAt.getTime()) return refuse("not_allowed");
      return ok({ endsAt: command.endsAt }, "booking.extended");
    case "refund":
      if (state.status !== "completed" && state.status !== "cancelled") return refuse();
      return ok({ status: "refunded" }, "booking.refunded");
  }
}

/** The due move as a step; nothing due is `invalid_state`, so a second tick changes nothing. */
function tick(state: BookingState, now: Date): BookingStepResult {
  switch (dueMove(state, now)) {
    case "completed":
      // Nobody checked out: the end is the checkout, as the sweep records it.
      return {
        ok: true,
        state: { ...state, status: "completed", checkedOutAt: state.checkedOutAt ?? state.endsAt },
        event: "booking.completed",
      };
    case "in_progress":
      return { ok: true, state: { ...state, status: "in_progress" }, event: "booking.started" };
    case "cancelled":
      return { ok: true, state: { ...state, status: "cancelled", cancelledAt: now }, event: "booking.expired" };
    case null:
      return { ok: false, reason: "invalid_state" };
  }
}
