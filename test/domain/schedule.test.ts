/** Rides booked for later: the bookable range, the dispatch time, the lifecycle's `scheduled`, the quoted fare. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Quote } from "../../src/domain/pricing.ts";
import { newRide, type RideState, transition } from "../../src/domain/ride-lifecycle.ts";
import {
  bookedFare,
  checkScheduledAt,
  DISPATCH_LEAD_MS,
  dispatchDue,
  dispatchStartsAt,
} from "../../src/domain/schedule.ts";

const NOW = new Date("2026-11-30T09:00:00Z");
const MINUTE = 60_000;
const ahead = (ms: number) => new Date(NOW.getTime() + ms);

function scheduled(): RideState {
  const booked = transition(newRide(NOW.toISOString()), { type: "schedule" }, NOW);
  assert.ok(booked.ok);
  assert.equal(booked.event, "ride.scheduled");
  return booked.state;
}

const money = (amount: number) => ({ amount, currency: "INR" });
const q = (amount: number): Quote => ({
  lines: [{ code: "base", label: "Base", amount }],
  subtotal: money(amount),
  total: money(amount),
});

describe("booking a ride for later", () => {
  it("takes 15 minutes to 7 days ahead, both included, normalised to UTC", () => {
    assert.deepEqual(checkScheduledAt(ahead(15 * MINUTE), NOW), {
      ok: true,
      scheduledAt: "2026-11-30T09:15:00.000Z",
    });
    assert.equal(checkScheduledAt(ahead(7 * 24 * 60 * MINUTE), NOW).ok, true);
    assert.deepEqual(checkScheduledAt(new Date("2026-12-01T09:00:00+05:30"), NOW), {
      ok: true,
      scheduledAt: "2026-12-01T03:30:00.000Z",
    });
  });

  it("refuses too soon, too far, the past and no time at all, naming the range", () => {
    const range = { ok: false, earliest: "2026-11-30T09:15:00.000Z", latest: "2026-12-07T09:00:00.000Z" };
    assert.deepEqual(checkScheduledAt(ahead(15 * MINUTE - 1), NOW), range);
    assert.deepEqual(checkScheduledAt(ahead(7 * 24 * 60 * MINUTE + 1), NOW), range);
    assert.deepEqual(checkScheduledAt(ahead(-MINUTE), NOW), range);
    assert.deepEqual(checkScheduledAt(new Date(Number.NaN), NOW), range);
  });

  it("starts dispatch 10 minutes before the time, and only while scheduled", () => {
    const at = "2026-11-30T10:00:00.000Z";
    assert.equal(DISPATCH_LEAD_MS, 10 * MINUTE);
    assert.equal(dispatchStartsAt(at), Date.parse("2026-11-30T09:50:00.000Z"));
    const r = { scheduledAt: at, state: scheduled() };
    assert.equal(dispatchDue(r, dispatchStartsAt(at) - 1), false);
    assert.equal(dispatchDue(r, dispatchStartsAt(at)), true);
    assert.equal(dispatchDue({ ...r, state: { ...r.state, status: "cancelled" } }, dispatchStartsAt(at)), false);
    assert.equal(dispatchDue({ scheduledAt: null, state: r.state }, dispatchStartsAt(at)), false);
  });

  it("charges a booked ride its quote, up or down; a ride for now what was measured", () => {
    const quoted = q(7000);
    assert.deepEqual(bookedFare({ scheduledAt: "2026-11-30T10:00:00.000Z", estimate: quoted }, q(9500)), quoted);
    assert.deepEqual(bookedFare({ scheduledAt: "2026-11-30T10:00:00.000Z", estimate: quoted }, q(5000)), quoted);
    assert.deepEqual(bookedFare({ scheduledAt: null, estimate: quoted }, q(9500)), q(9500));
  });
});

describe("the scheduled status", () => {
  it("is entered only from requested, and left for searching when dispatch starts", () => {
    const s = scheduled();
    assert.equal(s.status, "scheduled");
    assert.ok(s.timestamps.scheduled);
    assert.equal(transition(s, { type: "schedule" }, NOW).ok, false);
    assert.equal(transition(s, { type: "assign", driverId: "d1" }, NOW).ok, false);
    assert.equal(transition(s, { type: "give_up" }, NOW).ok, false);
    const searching = transition(s, { type: "start_search" }, ahead(MINUTE));
    assert.ok(searching.ok);
    assert.equal(searching.state.status, "searching");
  });

  it("cancels for free for the rider before dispatch", () => {
    const cancelled = transition(scheduled(), { type: "rider_cancel", graceS: 0, fee: 5000, reason: "later" }, NOW);
    assert.ok(cancelled.ok);
    assert.deepEqual(
      [cancelled.state.status, cancelled.state.cancelledBy, cancelled.state.cancellationFee],
      ["cancelled", "rider", 0],
    );
  });

  it("is cancelled by the system (a refused card), and only before dispatch", () => {
    const cancelled = transition(scheduled(), { type: "system_cancel", reason: "payment_failed" }, NOW);
    assert.ok(cancelled.ok);
    assert.equal(cancelled.event, "ride.cancelled");
    assert.deepEqual(
      [cancelled.state.cancelledBy, cancelled.state.cancellationReason, cancelled.state.cancellationFee],
      ["system", "payment_failed", 0],
    );
    const searching = transition(newRide(NOW.toISOString()), { type: "start_search" }, NOW);
    assert.ok(searching.ok);
    assert.equal(transition(searching.state, { type: "system_cancel", reason: "x" }, NOW).ok, false);
  });
});
