/** The ride state machine and the matching policy. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nearestFirst } from "../../src/domain/matching.ts";
import { newRide, type RideState, transition } from "../../src/domain/ride-lifecycle.ts";

const t0 = new Date("2026-11-21T10:00:00Z");
const later = (s: number) => new Date(t0.getTime() + s * 1000);

function apply(state: RideState, ...commands: Parameters<typeof transition>[1][]): RideState {
  let s = state;
  for (const c of commands) {
    const r = transition(s, c, t0);
    if (!r.ok) throw new Error(`${c.type} refused: ${r.reason}`);
    s = r.state;
  }
  return s;
}

describe("ride lifecycle", () => {
  it("runs requested → searching → assigned → arrived → in progress → completed, stamping each", () => {
    const s = apply(
      newRide(t0.toISOString()),
      { type: "start_search" },
      { type: "assign", driverId: "d1" },
      { type: "arrive", driverId: "d1" },
      { type: "start", driverId: "d1" },
      { type: "complete", driverId: "d1" },
    );
    assert.equal(s.status, "completed");
    assert.deepEqual(Object.keys(s.timestamps), [
      "requested",
      "searching",
      "driver_assigned",
      "driver_arrived",
      "in_progress",
      "completed",
    ]);
  });

  it("refuses steps out of order and steps by another driver", () => {
    const assigned = apply(newRide(t0.toISOString()), { type: "start_search" }, { type: "assign", driverId: "d1" });
    assert.deepEqual(transition(assigned, { type: "start", driverId: "d1" }, t0), {
      ok: false,
      reason: "invalid_state",
    });
    assert.deepEqual(transition(assigned, { type: "arrive", driverId: "d2" }, t0), {
      ok: false,
      reason: "not_your_ride",
    });
    assert.equal(transition(assigned, { type: "assign", driverId: "d2" }, t0).ok, false);
  });

  it("charges the rider's cancellation only after the grace period past assignment", () => {
    const searching = apply(newRide(t0.toISOString()), { type: "start_search" });
    const free = transition(searching, { type: "rider_cancel", graceS: 120, fee: 3000 }, later(600));
    assert.partialDeepStrictEqual(free, {
      ok: true,
      state: { status: "cancelled", cancellationFee: 0, cancelledBy: "rider" },
    });
    const assigned = apply(searching, { type: "assign", driverId: "d1" });
    assert.partialDeepStrictEqual(transition(assigned, { type: "rider_cancel", graceS: 120, fee: 3000 }, later(60)), {
      state: { cancellationFee: 0 },
    });
    assert.partialDeepStrictEqual(transition(assigned, { type: "rider_cancel", graceS: 120, fee: 3000 }, later(121)), {
      state: { cancellationFee: 3000 },
    });
    const started = apply(assigned, { type: "arrive", driverId: "d1" }, { type: "start", driverId: "d1" });
    assert.equal(transition(started, { type: "rider_cancel", graceS: 120, fee: 3000 }, t0).ok, false);
    // An admin cancelling for the rider is recorded as such, under the same fee rules.
    const byAdmin = transition(assigned, { type: "rider_cancel", by: "admin", graceS: 120, fee: 3000 }, later(121));
    assert.partialDeepStrictEqual(byAdmin, { state: { cancelledBy: "admin", cancellationFee: 3000 } });
  });

  it("sends a ride the driver cancelled back to dispatch, never to that driver again", () => {
    const assigned = apply(newRide(t0.toISOString()), { type: "start_search" }, { type: "assign", driverId: "d1" });
    const back = apply(assigned, { type: "driver_cancel", driverId: "d1" });
    assert.equal(back.status, "searching");
    assert.equal(back.driverId, null);
    assert.deepEqual(back.excludedDrivers, ["d1"]);
    assert.deepEqual(transition(back, { type: "assign", driverId: "d1" }, t0), { ok: false, reason: "not_your_ride" });
    assert.equal(apply(back, { type: "assign", driverId: "d2" }).driverId, "d2");
  });

  it("ends a search that found nobody as no_driver", () => {
    const s = apply(newRide(t0.toISOString()), { type: "start_search" }, { type: "give_up" });
    assert.equal(s.status, "no_driver");
    assert.equal(transition(s, { type: "assign", driverId: "d1" }, t0).ok, false);
  });
});

describe("nearest-first matching", () => {
  it("orders by distance, then rating, then id, leaving out excluded drivers", () => {
    const ranked = nearestFirst(
      [
        { driverId: "c", vehicleClass: "car", distanceM: 900, rating: 4.9 },
        { driverId: "a", vehicleClass: "car", distanceM: 300, rating: 4.1 },
        { driverId: "b", vehicleClass: "car", distanceM: 300, rating: 4.8 },
        { driverId: "x", vehicleClass: "car", distanceM: 10, rating: 5 },
      ],
      new Set(["x"]),
    );
    assert.deepEqual(
      ranked.map((c) => c.driverId),
      ["b", "a", "c"],
    );
  });
});
