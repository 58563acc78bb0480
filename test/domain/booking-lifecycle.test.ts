/**
 * The booking state machine (domain/booking-lifecycle.ts): each command's
 * rule by example, then `tick` against `timedTransition` for any state and
 * time, and random command sequences checked against the invariants after
 * every step.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  type BookingCommand,
  type BookingState,
  type BookingStatus,
  canTransition,
  stepBooking,
  timedTransition,
} from "../../src/domain/booking-lifecycle.ts";
import { PENDING_HOLD_MINUTES, STAY_CLOSES_AFTER_END_HOURS } from "../../src/domain/booking-rules.ts";
import { testSeed } from "./seed.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const createdAt = new Date("2026-12-01T08:00:00Z");
const startsAt = new Date("2026-12-01T10:00:00Z");
const endsAt = new Date("2026-12-01T12:00:00Z");
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

const booking = (patch: Partial<BookingState> = {}): BookingState => ({
  status: "pending",
  startsAt,
  endsAt,
  createdAt,
  checkedInAt: null,
  checkedOutAt: null,
  cancelledAt: null,
  ...patch,
});

function run(state: BookingState, ...steps: [BookingCommand, Date][]): BookingState {
  let s = state;
  for (const [command, now] of steps) {
    const r = stepBooking(s, command, now);
    if (!r.ok) throw new Error(`${command.type} refused: ${r.reason}`);
    s = r.state;
  }
  return s;
}

describe("booking lifecycle: the rules", () => {
  it("runs pending → confirmed → checked in → checked out → refunded, recording each time", () => {
    const checkIn = plus(startsAt, -10 * MIN);
    const checkOut = plus(endsAt, -5 * MIN);
    const done = run(
      booking(),
      [{ type: "confirm" }, plus(createdAt, MIN)],
      [{ type: "check_in" }, checkIn],
      [{ type: "check_out" }, checkOut],
    );
    assert.deepEqual(done, booking({ status: "completed", checkedInAt: checkIn, checkedOutAt: checkOut }));
    assert.deepEqual(stepBooking(done, { type: "refund" }, endsAt), {
      ok: true,
      state: { ...done, status: "refunded" },
      event: "booking.refunded",
    });
  });

  it("names each move's event", () => {
    const confirmed = booking({ status: "confirmed" });
    const events = [
      stepBooking(booking(), { type: "confirm" }, createdAt),
      stepBooking(confirmed, { type: "tick" }, startsAt),
      stepBooking(confirmed, { type: "check_in" }, startsAt),
      stepBooking(confirmed, { type: "tick" }, endsAt),
      stepBooking(confirmed, { type: "cancel", by: "renter" }, startsAt),
      stepBooking(booking(), { type: "tick" }, plus(createdAt, HOUR)),
      stepBooking(confirmed, { type: "extend", endsAt: plus(endsAt, HOUR) }, startsAt),
      stepBooking(booking({ status: "cancelled" }), { type: "refund" }, startsAt),
    ].map((r) => (r.ok ? r.event : r.reason));
    assert.deepEqual(events, [
      "booking.confirmed",
      "booking.started",
      "booking.checked_in",
      "booking.completed",
      "booking.cancelled",
      "booking.expired",
      "booking.extended",
      "booking.refunded",
    ]);
  });

  it("opens check-in 15 minutes before the start, and closes it at the end", () => {
    const confirmed = booking({ status: "confirmed" });
    assert.deepEqual(stepBooking(confirmed, { type: "check_in" }, plus(startsAt, -15 * MIN - 1)), {
      ok: false,
      reason: "too_early",
    });
    assert.partialDeepStrictEqual(stepBooking(confirmed, { type: "check_in" }, plus(startsAt, -15 * MIN)), {
      ok: true,
      state: { status: "in_progress" },
    });
    assert.deepEqual(stepBooking(confirmed, { type: "check_in" }, endsAt), { ok: false, reason: "invalid_state" });
    assert.deepEqual(stepBooking(booking(), { type: "check_in" }, startsAt), { ok: false, reason: "invalid_state" });
  });

  it("lets a renter check in after the clock started the booking, once", () => {
    const started = run(booking({ status: "confirmed" }), [{ type: "tick" }, startsAt]);
    assert.equal(started.status, "in_progress");
    assert.equal(started.checkedInAt, null);
    const late = plus(startsAt, 20 * MIN);
    const checkedIn = run(started, [{ type: "check_in" }, late]);
    assert.deepEqual(checkedIn, { ...started, checkedInAt: late });
    assert.deepEqual(stepBooking(checkedIn, { type: "check_in" }, late), { ok: false, reason: "invalid_state" });
  });

  it("checks out after the end too (the overstay is charged by the caller)", () => {
    const inside = booking({ status: "in_progress", checkedInAt: startsAt });
    const late = plus(endsAt, 16 * MIN);
    assert.partialDeepStrictEqual(stepBooking(inside, { type: "check_out" }, late), {
      ok: true,
      state: { status: "completed", checkedOutAt: late },
    });
    assert.deepEqual(stepBooking(booking({ status: "confirmed" }), { type: "check_out" }, startsAt), {
      ok: false,
      reason: "invalid_state",
    });
  });

  it("keeps a renter who checked in in progress past the end, until check-out or a day later", () => {
    const inside = booking({ status: "in_progress", checkedInAt: startsAt });
    assert.equal(timedTransition(inside, endsAt), null);
    assert.deepEqual(stepBooking(inside, { type: "tick" }, plus(endsAt, 23 * HOUR)), {
      ok: false,
      reason: "invalid_state",
    });
    const closes = plus(endsAt, STAY_CLOSES_AFTER_END_HOURS * HOUR);
    // Closed by time at the booked end: nobody saw the car stay, so nothing is owed.
    assert.partialDeepStrictEqual(stepBooking(inside, { type: "tick" }, closes), {
      ok: true,
      state: { status: "completed", checkedOutAt: endsAt },
    });
    // Started by the clock and never checked into: it completes at the end, as before.
    const neverCame = booking({ status: "in_progress", checkedInAt: null });
    assert.equal(timedTransition(neverCame, endsAt), "completed");
  });

  it("ticks one due move at a time, and nothing when nothing is due", () => {
    const pending = booking();
    const holdEnds = plus(createdAt, PENDING_HOLD_MINUTES * MIN);
    assert.deepEqual(stepBooking(pending, { type: "tick" }, plus(holdEnds, -1)), {
      ok: false,
      reason: "invalid_state",
    });
    assert.deepEqual(stepBooking(pending, { type: "tick" }, holdEnds), {
      ok: true,
      state: { ...pending, status: "cancelled", cancelledAt: holdEnds },
      event: "booking.expired",
    });
    const confirmed = booking({ status: "confirmed" });
    assert.deepEqual(stepBooking(confirmed, { type: "tick" }, plus(startsAt, -1)), {
      ok: false,
      reason: "invalid_state",
    });
    // Complete wins over start when both are due; the end is the checkout, as the sweep records it.
    assert.deepEqual(stepBooking(confirmed, { type: "tick" }, plus(endsAt, HOUR)), {
      ok: true,
      state: { ...confirmed, status: "completed", checkedOutAt: endsAt },
      event: "booking.completed",
    });
    const completed = run(confirmed, [{ type: "tick" }, plus(endsAt, HOUR)]);
    assert.deepEqual(stepBooking(completed, { type: "tick" }, plus(endsAt, HOUR)), {
      ok: false,
      reason: "invalid_state",
    });
  });

  it("lets anyone cancel before the start, only the owner or an admin once it is under way", () => {
    const confirmed = booking({ status: "confirmed" });
    assert.partialDeepStrictEqual(stepBooking(confirmed, { type: "cancel", by: "renter" }, startsAt), {
      ok: true,
      state: { status: "cancelled", cancelledAt: startsAt },
    });
    assert.equal(stepBooking(booking(), { type: "cancel", by: "system" }, createdAt).ok, true);
    const inside = booking({ status: "in_progress", checkedInAt: startsAt });
    const noon = plus(startsAt, HOUR);
    assert.deepEqual(stepBooking(inside, { type: "cancel", by: "renter" }, noon), { ok: false, reason: "not_allowed" });
    assert.deepEqual(stepBooking(inside, { type: "cancel", by: "system" }, noon), { ok: false, reason: "not_allowed" });
    assert.equal(stepBooking(inside, { type: "cancel", by: "owner" }, noon).ok, true);
    assert.equal(stepBooking(inside, { type: "cancel", by: "admin" }, noon).ok, true);
    // Past its end a booking is due to complete, not to be cancelled.
    assert.deepEqual(stepBooking(inside, { type: "cancel", by: "admin" }, endsAt), {
      ok: false,
      reason: "invalid_state",
    });
    assert.deepEqual(stepBooking(booking({ status: "completed" }), { type: "cancel", by: "admin" }, noon), {
      ok: false,
      reason: "invalid_state",
    });
  });

  it("extends a confirmed or running booking to a later end only", () => {
    const later = plus(endsAt, HOUR);
    assert.deepEqual(stepBooking(booking({ status: "in_progress" }), { type: "extend", endsAt: later }, startsAt), {
      ok: true,
      state: booking({ status: "in_progress", endsAt: later }),
      event: "booking.extended",
    });
    assert.deepEqual(stepBooking(booking({ status: "confirmed" }), { type: "extend", endsAt }, startsAt), {
      ok: false,
      reason: "not_allowed",
    });
    assert.deepEqual(stepBooking(booking(), { type: "extend", endsAt: later }, createdAt), {
      ok: false,
      reason: "invalid_state",
    });
    assert.deepEqual(stepBooking(booking({ status: "confirmed" }), { type: "extend", endsAt: later }, endsAt), {
      ok: false,
      reason: "invalid_state",
    });
  });

  it("refunds only completed and cancelled bookings, once", () => {
    for (const status of ["pending", "confirmed", "in_progress", "refunded"] as const) {
      assert.deepEqual(stepBooking(booking({ status }), { type: "refund" }, endsAt), {
        ok: false,
        reason: "invalid_state",
      });
    }
  });

  it("keeps canTransition's edges, with in_progress → cancelled for the owner and admin only", () => {
    assert.equal(canTransition("in_progress", "cancelled"), false);
    assert.equal(canTransition("in_progress", "cancelled", "renter"), false);
    assert.equal(canTransition("in_progress", "cancelled", "owner"), true);
    assert.equal(canTransition("in_progress", "cancelled", "admin"), true);
    assert.equal(canTransition("cancelled", "refunded"), true);
    assert.equal(canTransition("refunded", "cancelled"), false);
    assert.equal(canTransition("confirmed", "completed"), true);
  });

  it("without createdAt, timedTransition leaves pending bookings alone as it always did", () => {
    assert.equal(timedTransition({ status: "pending", startsAt, endsAt }, plus(endsAt, 24 * HOUR)), null);
    assert.equal(
      timedTransition({ status: "pending", startsAt, endsAt, createdAt }, plus(createdAt, HOUR)),
      "cancelled",
    );
  });
});

const STATUSES: readonly BookingStatus[] = [
  "pending",
  "confirmed",
  "in_progress",
  "completed",
  "cancelled",
  "refunded",
];
const T0 = createdAt.getTime();

const anyDate = fc.integer({ min: T0 - 2 * HOUR, max: T0 + 24 * HOUR }).map((t) => new Date(t));
const anyState: fc.Arbitrary<BookingState> = fc
  .record({
    status: fc.constantFrom(...STATUSES),
    createdAt: anyDate,
    startsIn: fc.integer({ min: 0, max: 6 * HOUR }),
    lasts: fc.integer({ min: 30 * MIN, max: 8 * HOUR }),
    checkedInAt: fc.option(anyDate),
    checkedOutAt: fc.option(anyDate),
    cancelledAt: fc.option(anyDate),
  })
  .map((r) => ({
    status: r.status,
    createdAt: r.createdAt,
    startsAt: new Date(r.createdAt.getTime() + r.startsIn),
    endsAt: new Date(r.createdAt.getTime() + r.startsIn + r.lasts),
    checkedInAt: r.checkedInAt,
    checkedOutAt: r.checkedOutAt,
    cancelledAt: r.cancelledAt,
  }));

const anyCommand: fc.Arbitrary<BookingCommand> = fc.oneof(
  fc.constantFrom<BookingCommand>({ type: "confirm" }, { type: "check_in" }, { type: "check_out" }, { type: "refund" }),
  fc.constant<BookingCommand>({ type: "tick" }),
  fc.constant<BookingCommand>({ type: "tick" }),
  fc
    .constantFrom("renter" as const, "owner" as const, "admin" as const, "system" as const)
    .map<BookingCommand>((by) => ({ type: "cancel", by })),
  fc.integer({ min: -2 * HOUR, max: 4 * HOUR }).map<BookingCommand>((ms) => ({ type: "extend", endsAt: new Date(ms) })),
);

describe("booking lifecycle: invariants", () => {
  it("tick and timedTransition agree for any state and time", () => {
    const seed = testSeed("booking tick");
    fc.assert(
      fc.property(anyState, anyDate, (state, now) => {
        const r = stepBooking(state, { type: "tick" }, now);
        assert.equal(timedTransition(state, now), r.ok ? r.state.status : null);
        if (r.ok) {
          // One move per tick: ticking again at the same time has nothing to do.
          assert.deepEqual(stepBooking(r.state, { type: "tick" }, now), { ok: false, reason: "invalid_state" });
        }
      }),
      { seed },
    );
  });

  it("random command sequences keep to the edges, never revive a finished booking, stamp checkout on completion only", () => {
    const seed = testSeed("booking lifecycle");
    const steps = fc.array(fc.tuple(anyCommand, fc.integer({ min: 0, max: 90 * MIN })), {
      minLength: 1,
      maxLength: 40,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * HOUR }), steps, (startsIn, sequence) => {
        const start = new Date(T0 + startsIn);
        let state = booking({ createdAt, startsAt: start, endsAt: new Date(start.getTime() + 2 * HOUR) });
        let now = T0;
        for (const [raw, advance] of sequence) {
          now += advance;
          // Extensions are drawn relative to the current end.
          const command: BookingCommand =
            raw.type === "extend"
              ? { type: "extend", endsAt: new Date(state.endsAt.getTime() + raw.endsAt.getTime()) }
              : raw;
          const r = stepBooking(state, command, new Date(now));
          if (!r.ok) continue;
          const before = state;
          const after = r.state;
          if (before.status === "cancelled" || before.status === "refunded") {
            assert.equal(before.status, "cancelled", "a refunded booking moved");
            assert.equal(after.status, "refunded", `a cancelled booking became ${after.status}`);
          }
          if (after.status !== before.status) {
            const by = command.type === "cancel" ? command.by : "system";
            assert.ok(canTransition(before.status, after.status, by), `${before.status} → ${after.status}`);
          }
          if (after.checkedOutAt !== before.checkedOutAt) {
            assert.equal(after.status, "completed", `checkedOutAt set on ${command.type} to ${after.status}`);
          }
          if (after.checkedOutAt !== null) assert.ok(after.status === "completed" || after.status === "refunded");
          assert.ok(after.endsAt.getTime() >= before.endsAt.getTime(), "a booking got shorter");
          state = after;
        }
      }),
      { seed },
    );
  });
});
