/** The dispatch policy (domain/dispatch.ts): circles, offers, pauses, giving up. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type CellCandidate,
  type DispatchState,
  type DispatchTimers,
  dispatchTimers,
  driverMoved,
  mergeCandidates,
  nextMove,
  offerExpired,
  offerLapsed,
  offerRefused,
  openDispatch,
  searchAgain,
  wakeTimes,
} from "../../src/domain/dispatch.ts";
import { SEARCH_RADII_M } from "../../src/domain/matching.ts";

const T0 = Date.parse("2026-11-30T09:00:00Z");
const timers: DispatchTimers = { offerTimeoutMs: 15_000, windowMs: 120_000, retryMs: 3_000, retryMaxMs: 10_000 };
const city = { detourFactor: 1.3, avgSpeedKmh: 24 };
const candidate = (driverId: string, distanceM: number, cell = "c1"): CellCandidate => ({
  driverId,
  vehicleClass: "auto",
  distanceM,
  rating: 4.8,
  cell,
});

describe("dispatch policy", () => {
  it("searches the circles from the smallest out before anything else", () => {
    let d = openDispatch("c1", city, T0, timers);
    const radii: number[] = [];
    for (let i = 0; i < SEARCH_RADII_M.length; i++) {
      const { state, move } = nextMove(d, T0, timers);
      assert.equal(move.type, "search");
      if (move.type === "search") radii.push(move.radiusM);
      d = state;
    }
    assert.deepEqual(radii, [...SEARCH_RADII_M]);
  });

  it("offers the nearest candidate first, records the offer, and is idle while it is open", () => {
    const d: DispatchState = {
      ...openDispatch("c1", city, T0, timers),
      candidates: [candidate("a", 100), candidate("b", 900)],
    };
    const { state, move } = nextMove(d, T0, timers);
    assert.equal(move.type, "offer");
    assert.deepEqual(state.offer, { driverId: "a", cell: "c1", expiresAt: T0 + 15_000 });
    assert.equal(state.retryAt, null);
    assert.equal(nextMove(state, T0 + 1, timers).move.type, "idle");
    assert.deepEqual(wakeTimes(state), [T0 + 15_000]);
    assert.equal(offerExpired(state, T0 + 14_999), false);
    assert.equal(offerExpired(state, T0 + 15_000), true);
  });

  it("a lapsed offer marks the driver tried and pauses; a refused one moves on at once", () => {
    const d: DispatchState = {
      ...openDispatch("c1", city, T0, timers),
      candidates: [candidate("a", 100), candidate("b", 900)],
    };
    const offered = nextMove(d, T0, timers).state;
    const lapsed = offerLapsed(offered, "a", T0 + 5_000, timers);
    assert.deepEqual(lapsed.tried, ["a"]);
    assert.equal(lapsed.retryAt, T0 + 8_000);
    const refused = offerRefused(offered, "a");
    assert.equal(refused.offer, null);
    assert.deepEqual(refused.tried, []);
    assert.equal(nextMove(refused, T0, timers).move.type, "offer");
    assert.equal(offerLapsed(offered, "someone else", T0, timers), offered);
  });

  it("merges the cells' answers: each driver once, without the excluded, nearest first", () => {
    const merged = mergeCandidates(
      [
        [candidate("a", 500, "c1"), candidate("b", 200, "c1")],
        [candidate("b", 200, "c2"), candidate("c", 50, "c2"), candidate("x", 10, "c2")],
      ],
      ["x"],
    );
    assert.deepEqual(
      merged.map((c) => c.driverId),
      ["c", "b", "a"],
    );
  });

  it("waits 3, 6, then 10 s between empty searches of the widest circle, and gives up at the deadline", () => {
    let d: DispatchState = { ...openDispatch("c1", city, T0, timers), radiusIndex: SEARCH_RADII_M.length };
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 4; i++) {
      const { state, move } = nextMove(d, now, timers);
      assert.equal(move.type, "wait");
      assert.equal(state.radiusIndex, SEARCH_RADII_M.length - 1);
      waits.push((state.retryAt ?? now) - now);
      // The widest circle is searched again, and finds nobody.
      d = { ...state, radiusIndex: SEARCH_RADII_M.length };
      now += 1_000;
    }
    assert.deepEqual(waits, [3_000, 6_000, 10_000, 10_000]);
    assert.equal(nextMove(d, T0 + 120_000, timers).move.type, "give_up");
    // Never past the deadline.
    const last = nextMove({ ...d, emptyRounds: 0 }, T0 + 119_000, timers).state;
    assert.equal(last.retryAt, T0 + 120_000);
  });

  it("a driver giving the ride back starts the search again from the smallest circle, without them", () => {
    const d = { ...openDispatch("c1", city, T0, timers), radiusIndex: 3, driverCell: "c9" };
    const again = searchAgain(d, "a", T0 + 60_000, timers);
    assert.equal(again.radiusIndex, 0);
    assert.deepEqual(again.tried, ["a"]);
    assert.equal(again.driverCell, null);
    assert.equal(again.deadline, T0 + 180_000);
  });

  it("follows the driver across cells: the open offer's cell, and the assigned driver's", () => {
    const offered = { ...openDispatch("c1", city, T0, timers), offer: { driverId: "a", cell: "c1", expiresAt: T0 } };
    assert.equal(driverMoved(offered, "a", false, "c2").offer?.cell, "c2");
    assert.equal(driverMoved(offered, "b", false, "c2"), offered);
    assert.equal(driverMoved(openDispatch("c1", city, T0, timers), "a", true, "c3").driverCell, "c3");
  });

  it("puts its spans on the wall clock at TIME_SCALE", () => {
    assert.deepEqual(dispatchTimers({ offerTimeoutMs: 15_000, dispatchWindowMs: 120_000, timeScale: 1 }), timers);
    assert.deepEqual(dispatchTimers({ offerTimeoutMs: 15_000, dispatchWindowMs: 120_000, timeScale: 10 }), {
      offerTimeoutMs: 1_500,
      windowMs: 12_000,
      retryMs: 300,
      retryMaxMs: 1_000,
    });
  });
});
