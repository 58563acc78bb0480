/** TIME_SCALE: what the platform accepts, and what a scaled clock does to the rules that measure time. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cellTimers } from "../../src/domain/cell-timers.ts";
import { trackStep } from "../../src/domain/ride.ts";
import { cancellationFee, newRide, transition } from "../../src/domain/ride-lifecycle.ts";
import {
  citySpan,
  MAX_TIME_SCALE,
  parseTimeScale,
  TimeScaleError,
  timeScaleOf,
  wallSpan,
} from "../../src/domain/time-scale.ts";

describe("TIME_SCALE", () => {
  it("is 1 when unset, and takes plain numbers from 1 to the maximum outside production", () => {
    assert.deepEqual(parseTimeScale(undefined), { ok: true, scale: 1 });
    assert.deepEqual(parseTimeScale("  ", "development"), { ok: true, scale: 1 });
    assert.deepEqual(parseTimeScale("4", "development"), { ok: true, scale: 4 });
    assert.deepEqual(parseTimeScale("2.5", "test"), { ok: true, scale: 2.5 });
    assert.deepEqual(parseTimeScale(String(MAX_TIME_SCALE), "development"), { ok: true, scale: MAX_TIME_SCALE });
  });

  it("refuses nonsense, and anything but 1 in production", () => {
    for (const raw of ["0", "0.5", "-4", "abc", "4x", "0x10", "1e1", "Infinity", "NaN", String(MAX_TIME_SCALE + 1)]) {
      assert.equal(parseTimeScale(raw, "development").ok, false, raw);
    }
    const production = parseTimeScale("4", "production");
    assert.equal(production.ok, false);
    assert.match(production.ok ? "" : production.reason, /production/);
    assert.deepEqual(parseTimeScale("1", "production"), { ok: true, scale: 1 });
    assert.throws(() => timeScaleOf({ TIME_SCALE: "fast", ENVIRONMENT: "development" }), TimeScaleError);
    assert.equal(timeScaleOf({ ENVIRONMENT: "production" }), 1);
  });

  it("shortens the city's waits and lengthens measured durations by the same factor", () => {
    assert.equal(wallSpan(15_000, 4), 3_750); // an offer's 15 s
    assert.equal(citySpan(270, 4), 1_080); // 4.5 wall minutes of driving are 18 minutes of the city's
    // Equal to nine decimal places.
    assert.ok(Math.abs(citySpan(wallSpan(120, 3), 3) - 120) < 5e-10);
  });

  it("runs a cell's tick, reconnect grace and demand window on the city's clock", () => {
    assert.deepEqual(cellTimers(1), { tickMs: 10_000, offlineAfterMs: 60_000, demandTtlMs: 300_000 });
    assert.deepEqual(cellTimers(4), { tickMs: 2_500, offlineAfterMs: 15_000, demandTtlMs: 75_000 });
    assert.equal(cellTimers(3).tickMs, 3_333); // whole milliseconds
  });

  it("keeps the cancellation grace the same length on the city's clock", () => {
    const assignedAt = new Date("2026-11-30T10:00:00Z");
    const requested = newRide(assignedAt.toISOString());
    const searching = transition(requested, { type: "start_search" }, assignedAt);
    if (!searching.ok) throw new Error("no search");
    const assigned = transition(searching.state, { type: "assign", driverId: "d1" }, assignedAt);
    if (!assigned.ok) throw new Error("not assigned");
    // 40 wall seconds after assignment at scale 4 is 160 s of the city's: past a 120 s grace.
    const later = new Date(assignedAt.getTime() + 40_000);
    assert.equal(cancellationFee(assigned.state, later, wallSpan(120, 4), 500), 500);
    assert.equal(cancellationFee(assigned.state, later, wallSpan(120, 1), 500), 0);
  });

  it("judges a driver's speed on the city's clock when filtering the driven track", () => {
    const a = { lat: 23, lng: 72.5, heading: null, ts: 0 };
    const b = { lat: 23.0002, lng: 72.5, heading: null, ts: 1_000 };
    // About 22 m in a wall second at scale 4 is 5.6 m/s of the city's: a car in town, counted.
    assert.equal(trackStep(a, b, 22, 4), 22);
    // 120 m in a wall second is 120 m/s at scale 1 (a jump, ignored) but 30 m/s at scale 4 (counted).
    assert.equal(trackStep(a, b, 120, 1), 0);
    assert.equal(trackStep(a, b, 120, 4), 120);
    assert.equal(trackStep(a, b, 5, 4), 0); // wobble stays wobble
  });
});
