/**
 * The rules of a parking booking that are not its state machine: which
 * windows can be booked, what a cancellation refunds under the spot's policy,
 * what an overstay costs, the check-in code, and how long an unpaid booking
 * holds its spot. Used by the booking routes and, for the hold, by
 * booking-lifecycle.ts.
 *
 * @example
 * windowProblem(start, new Date(start.getTime() + 20 * 60_000), now) // → "window_too_short"
 * // Moderate policy, cancelled 3 h before a $44.50 booking: half back, the rest split 40 : 4.50.
 * cancellationRefund({ policy: "moderate", by: "renter", paid: { subtotal: 4000, serviceFee: 450 }, startsAt, now })
 * // → { refund: 2225, ownerKeeps: 2000, platformKeeps: 225 }
 * overstayCharge(500, endsAt, new Date(endsAt.getTime() + 16 * 60_000)) // → 250 (two started quarters of $5/h)
 */

export type CancellationPolicy = "flexible" | "moderate" | "strict";

/** An unpaid pending booking is released this long after it was made. */
export const PENDING_HOLD_MINUTES = 15;

/**
 * A renter who checked in stays `in_progress` past the end until someone
 * checks them out (and the overstay is charged); a stay nobody closes ends by
 * itself this long after the end, at the booked end, charging nothing: no one
 * saw the car stay.
 */
export const STAY_CLOSES_AFTER_END_HOURS = 24;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The shortest window that can be booked, and how far ahead one may start. */
export const MIN_BOOKING_MINUTES = 30;
export const MAX_DAYS_AHEAD = 30;

/**
 * Booking windows: starts in the future (≥ now), lasts ≥ 30 minutes, starts
 * ≤ 30 days ahead. Returns the first problem's code (in that order) or null.
 * A window starting exactly now, or exactly 30 days from now, is fine.
 */
export function windowProblem(
  startsAt: Date,
  endsAt: Date,
  now: Date,
): null | "window_in_past" | "window_too_short" | "window_too_far" {
  const start = startsAt.getTime();
  if (start < now.getTime()) return "window_in_past";
  if (endsAt.getTime() - start < MIN_BOOKING_MINUTES * MINUTE_MS) return "window_too_short";
  if (start - now.getTime() > MAX_DAYS_AHEAD * DAY_MS) return "window_too_far";
  return null;
}

export interface CancellationRefund {
  refund: number;
  ownerKeeps: number;
  platformKeeps: number;
}

/** The renter's refund in basis points of what they paid, by policy and how early they cancel. */
function renterRefundBps(policy: CancellationPolicy, msBeforeStart: number): number {
  // At the start the booking has begun (the sweep starts it then): nothing back, whatever the policy.
  if (msBeforeStart <= 0) return 0;
  switch (policy) {
    case "flexible":
      return 10_000;
    case "moderate":
      // "Until 24 h before" includes the 24 h mark itself.
      return msBeforeStart >= DAY_MS ? 10_000 : 5_000;
    case "strict":
      return msBeforeStart >= 7 * DAY_MS ? 5_000 : 0;
  }
}

/**
 * What a renter's cancellation refunds, of what they paid (total incl. fee),
 * under the spot's policy:
 *
 * - flexible: all until the start;
 * - moderate: all until 24 h before the start (24 h exactly included), 50 % after;
 * - strict: 50 % until 7 days before (7 days exactly included), nothing after.
 *
 * At or after the start: nothing (flexible included). The owner's
 * cancellation (`by: "owner" | "admin"`) always refunds all. The 50 % is
 * rounded down to a whole minor unit, so we never refund more than the rule.
 * `refund + ownerKeeps + platformKeeps = paid`; what is kept is split between
 * owner and platform in proportion to subtotal and fee (largest remainder),
 * so neither keeps more than its part.
 */
export function cancellationRefund(input: {
  policy: CancellationPolicy;
  by: "renter" | "owner" | "admin";
  paid: { subtotal: number; serviceFee: number };
  startsAt: Date;
  now: Date;
}): CancellationRefund {
  const { subtotal, serviceFee } = input.paid;
  const paid = subtotal + serviceFee;
  const bps =
    input.by === "renter" ? renterRefundBps(input.policy, input.startsAt.getTime() - input.now.getTime()) : 10_000;
  const refund = Math.floor((paid * bps) / 10_000);
  const kept = paid - refund;
  if (kept === 0) return { refund, ownerKeeps: 0, platformKeeps: 0 };
  // Each share rounded down, the one minor unit left (if any) to the larger remainder.
  const ownerExact = subtotal * kept;
  const feeExact = serviceFee * kept;
  let ownerKeeps = Math.floor(ownerExact / paid);
  let platformKeeps = Math.floor(feeExact / paid);
  if (ownerKeeps + platformKeeps < kept) {
    if (ownerExact % paid >= feeExact % paid) ownerKeeps += 1;
    else platformKeeps += 1;
  }
  return { refund, ownerKeeps, platformKeeps };
}

/**
 * Overstay: a renter who checks out after `endsAt` pays the hourly rate per
 * started hour, counted in 15-minute steps: each started quarter hour is a
 * quarter of the rate, and the total is rounded up once to a whole minor unit
 * (so one step costs ⌈rate / 4⌉ and four cost exactly the rate). 0 when on time.
 *
 * @example
 * overstayCharge(500, endsAt, new Date(endsAt.getTime() + 60_000)) // → 125: one minute late is one step
 */
export function overstayCharge(hourlyRate: number, endsAt: Date, checkedOutAt: Date): number {
  const late = checkedOutAt.getTime() - endsAt.getTime();
  if (late <= 0) return 0;
  const steps = Math.ceil(late / (15 * MINUTE_MS));
  return Math.ceil((steps * hourlyRate) / 4);
}

/** Digits and capitals without the ones read alike: no 0/O, 1/I/L. */
export const CHECK_IN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LENGTH = 6;

/**
 * The 6-character check-in code, from 6 random bytes given by the caller
 * (`crypto.getRandomValues(new Uint8Array(6))`). The bytes are read as one
 * 48-bit number and written in base 31, so every code is equally likely to
 * within 1 part in 300,000 (a byte per character would favour the first
 * eight characters by an eighth). Throws a RangeError for any other length.
 *
 * @example
 * checkInCode(new Uint8Array(6)) // → "222222"
 */
export function checkInCode(randomBytes: Uint8Array): string {
  if (randomBytes.length !== CODE_LENGTH) {
    throw new RangeError(`a check-in code needs ${CODE_LENGTH} random bytes, got ${randomBytes.length}`);
  }
  // 2^48 < 2^53: the number is exact.
  let n = randomBytes.reduce((acc, byte) => acc * 256 + byte, 0);
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) {
    code += CHECK_IN_ALPHABET[n % CHECK_IN_ALPHABET.length];
    n = Math.floor(n / CHECK_IN_ALPHABET.length);
  }
  return code;
}
