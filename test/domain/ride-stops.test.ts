/**
 * A multi-stop ride's rules (domain/ride-stops.ts): each stop's status
 * machine, stops in order, the ride's completion gate, the per-stop charge,
 * and the stop frames of the driver protocol.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { quote } from "../../src/domain/pricing.ts";
import { driverRideView, fareAtCompletion, openRide, rideView } from "../../src/domain/ride.ts";
import {
  openStop,
  type RideStop,
  STOP_STATUSES,
  type StopAction,
  stopFee,
  stopStep,
} from "../../src/domain/ride-stops.ts";
import { commandOf, parseDriverMessage } from "../../src/protocol/driver.ts";
import { testSeed } from "./seed.ts";

const AT = "2026-11-30T09:00:00.000Z";
const RIDE = "11111111-1111-4111-8111-111111111111";
const three = (): RideStop[] => [
  { lat: 23.03, lng: 72.57, address: "Law Garden", contact_name: "Asha", contact_phone: "+919812345678" },
  { lat: 23.04, lng: 72.58 },
  { lat: 23.05, lng: 72.59 },
];

/** Applies steps in turn, failing the test on a refusal. */
function walk(stops: RideStop[], ...steps: [number, StopAction, string?][]): RideStop[] {
  for (const [index, action, reason] of steps) {
    const result = stopStep(stops, { index, action, reason }, AT);
    assert.ok(result.ok, `${action} at ${index}: ${result.ok ? "" : result.code}`);
    stops = result.stops;
  }
  return stops;
}

describe("a stop's status", () => {
  it("goes pending → arrived → completed, with its times, and leaves the input unchanged", () => {
    const before = three();
    const arrived = stopStep(before, { index: 0, action: "arrive" }, AT);
    assert.ok(arrived.ok);
    assert.deepEqual(arrived.stop, { index: 0, status: "arrived", reason: null });
    assert.equal(before[0]?.status, undefined);
    const done = stopStep(arrived.stops, { index: 0, action: "complete" }, "2026-11-30T09:05:00.000Z");
    assert.ok(done.ok);
    assert.partialDeepStrictEqual(done.stops[0], {
      status: "completed",
      arrived_at: AT,
      completed_at: "2026-11-30T09:05:00.000Z",
      contact_name: "Asha",
    });
  });

  it("fails with its reason, from arrived or straight from pending (a drop the driver cannot reach)", () => {
    const fromArrived = walk(three(), [0, "arrive"], [0, "fail", "nobody home"]);
    assert.partialDeepStrictEqual(fromArrived[0], { status: "failed", reason: "nobody home", failed_at: AT });
    const fromPending = stopStep(three(), { index: 0, action: "fail", reason: "road closed" }, AT);
    assert.ok(fromPending.ok);
    assert.deepEqual(fromPending.stop, { index: 0, status: "failed", reason: "road closed" });
  });

  it("is completed only after arriving, and never moves again once completed or failed", () => {
    const early = stopStep(three(), { index: 0, action: "complete" }, AT);
    assert.equal(early.ok, false);
    assert.equal(!early.ok && early.code, "stop_not_arrived");
    const done = walk(three(), [0, "arrive"], [0, "complete"]);
    const failed = walk(three(), [0, "fail", "closed"]);
    for (const stops of [done, failed]) {
      for (const action of ["arrive", "complete", "fail"] as const) {
        const again = stopStep(stops, { index: 0, action, reason: "x" }, AT);
        assert.equal(!again.ok && again.code, "invalid_stop_state", action);
      }
    }
    const twice = stopStep(walk(three(), [0, "arrive"]), { index: 0, action: "arrive" }, AT);
    assert.equal(!twice.ok && twice.code, "invalid_stop_state");
  });

  it("names an index the ride does not have", () => {
    const result = stopStep(three(), { index: 3, action: "arrive" }, AT);
    assert.equal(!result.ok && result.code, "stop_not_found");
  });
});

describe("stops in order", () => {
  it("refuses a later stop while an earlier one is open, and takes it once that one is completed or failed", () => {
    for (const action of ["arrive", "complete", "fail"] as const) {
      const result = stopStep(walk(three(), [0, "arrive"]), { index: 1, action, reason: "x" }, AT);
      assert.equal(!result.ok && result.code, "stop_out_of_order", action);
    }
    const stops = walk(three(), [0, "arrive"], [0, "complete"], [1, "fail", "closed"], [2, "arrive"], [2, "complete"]);
    assert.deepEqual(
      stops.map((s) => s.status),
      ["completed", "failed", "completed"],
    );
  });

  it("keeps the ride open until the last stop is completed or failed", () => {
    assert.equal(openStop([]), null);
    assert.equal(openStop(three()), 0);
    assert.equal(openStop(walk(three(), [0, "arrive"], [0, "complete"])), 1);
    assert.equal(openStop(walk(three(), [0, "fail", "a"], [1, "fail", "b"], [2, "arrive"])), 2);
    assert.equal(openStop(walk(three(), [0, "fail", "a"], [1, "fail", "b"], [2, "fail", "c"])), null);
  });

  it("never lets a stop move before every earlier stop is finished, whatever the driver sends", () => {
    const seed = testSeed("ride-stops");
    const step = fc.record({
      index: fc.integer({ min: 0, max: 5 }),
      action: fc.constantFrom<StopAction>("arrive", "complete", "fail"),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let stops = three();
        for (const s of steps) {
          const result = stopStep(stops, { ...s, reason: "r" }, AT);
          if (!result.ok) continue;
          for (const earlier of result.stops.slice(0, s.index)) {
            assert.ok(earlier.status === "completed" || earlier.status === "failed");
          }
          // Only the stop named changed.
          result.stops.forEach((after, i) => {
            if (i !== s.index) assert.equal(after, stops[i]);
          });
          stops = result.stops;
        }
        const first = openStop(stops);
        for (const later of stops.slice((first ?? stops.length) + 1)) assert.equal(later.status, undefined);
      }),
      { seed },
    );
  });
});

describe("the per-stop charge", () => {
  const tariff = { currency: "INR", baseFare: 5400, perKm: 500, perMinute: 0, minimumFare: 5400, stopFee: 1000 };
  const GST = [{ code: "CGST", name: "Central GST", ratePpm: 90_000 }];

  it("is one `stops` line, outside surge and the minimum fare, and taxed", () => {
    const q = quote({ tariff, taxes: GST, distanceM: 1000, durationS: 600, surge: 1.5, stops: 3 });
    assert.deepEqual(
      q.lines.map((l) => [l.code, l.amount]),
      [
        ["base", 5400],
        ["distance", 500],
        ["surge", 2950],
        ["stops", 3000],
        ["tax:CGST", 1067],
      ],
    );
    assert.equal(q.total.amount, 12917);
    assert.equal(q.lines.find((l) => l.code === "stops")?.label, "3 stops");
  });

  it("is nothing without stops or without a price", () => {
    const codes = (q: ReturnType<typeof quote>) => q.lines.map((l) => l.code);
    assert.ok(!codes(quote({ tariff, taxes: GST, distanceM: 1000, durationS: 0, surge: 1 })).includes("stops"));
    const unpriced = { ...tariff, stopFee: null };
    assert.ok(
      !codes(quote({ tariff: unpriced, taxes: GST, distanceM: 1000, durationS: 0, surge: 1, stops: 2 })).includes(
        "stops",
      ),
    );
  });

  it("has demo prices per currency and class, and none for a class not listed", () => {
    assert.equal(stopFee("INR", "mini_truck"), 3000);
    assert.equal(stopFee("USD", "bike"), 100);
    assert.equal(stopFee("INR", "hovercraft"), 0);
    assert.equal(stopFee("EUR", "bike"), 0);
  });

  it("is charged at completion for every stop of the ride, failed or not", () => {
    const r = openRide(
      {
        id: RIDE,
        riderId: "rider",
        cityId: "ahmedabad",
        service: "goods",
        vehicleClass: "bike",
        pickup: { lat: 23.02, lng: 72.57 },
        dropoff: { lat: 23.06, lng: 72.6 },
        stops: walk(three(), [0, "fail", "closed"]),
        package: { description: "documents" },
        scheduledAt: null,
        paymentMethod: "cash",
        tariff,
        taxes: [],
        surge: 1,
        estimate: quote({ tariff, taxes: [], distanceM: 5000, durationS: 600, surge: 1, stops: 3 }),
        estimatedDistanceM: 5000,
        estimatedDurationS: 600,
        cancellationGraceS: 120,
        cancellationFee: 0,
      },
      AT,
    );
    const { fare } = fareAtCompletion(r, Date.parse(AT), 1);
    assert.partialDeepStrictEqual(fare.lines, [{ code: "stops", amount: 3000 }]);
    // Every stop on the wire, and the driver's view names where each stands.
    assert.partialDeepStrictEqual(rideView(r).stops, [
      { index: 0, status: "failed", reason: "closed", contact_name: "Asha", contact_phone: "+919812345678" },
      { index: 1, status: "pending", reason: null, contact_name: null },
      { index: 2, status: "pending" },
    ]);
    assert.deepEqual(driverRideView(r).stops, [
      { index: 0, status: "failed" },
      { index: 1, status: "pending" },
      { index: 2, status: "pending" },
    ]);
    assert.equal("stops" in driverRideView({ ...r, stops: [] }), false);
  });
});

describe("the stop frames of the driver socket", () => {
  it("parse into the driver's stop command", () => {
    const frame = (m: unknown) => parseDriverMessage(JSON.stringify(m));
    const failed = frame({ type: "ride.stop.failed", ride_id: RIDE, index: 1, reason: " nobody home " });
    assert.ok(failed.ok);
    assert.deepEqual(commandOf(failed.message, { cell: "c", here: "c" }), {
      type: "ride_stop",
      rideId: RIDE,
      stop: { index: 1, action: "fail", reason: "nobody home" },
    });
    const arrived = frame({ type: "ride.stop.arrived", ride_id: RIDE, index: 0 });
    assert.ok(arrived.ok);
    assert.deepEqual(commandOf(arrived.message, { cell: "c", here: "c" }), {
      type: "ride_stop",
      rideId: RIDE,
      stop: { index: 0, action: "arrive" },
    });
  });

  it("refuse a bad index, a missing or empty reason, a bad ride id", () => {
    const bad = [
      { type: "ride.stop.arrived", ride_id: RIDE, index: 5 },
      { type: "ride.stop.arrived", ride_id: RIDE, index: -1 },
      { type: "ride.stop.completed", ride_id: RIDE, index: 0.5 },
      { type: "ride.stop.completed", ride_id: RIDE, index: "0" },
      { type: "ride.stop.completed", ride_id: RIDE },
      { type: "ride.stop.failed", ride_id: RIDE, index: 0 },
      { type: "ride.stop.failed", ride_id: RIDE, index: 0, reason: "   " },
      { type: "ride.stop.failed", ride_id: RIDE, index: 0, reason: "x".repeat(501) },
      { type: "ride.stop.arrived", ride_id: "not-a-uuid", index: 0 },
    ];
    for (const m of bad) {
      const result = parseDriverMessage(JSON.stringify(m));
      assert.equal(!result.ok && result.code, "invalid_message", JSON.stringify(m));
    }
    assert.deepEqual([...STOP_STATUSES], ["pending", "arrived", "completed", "failed"]);
  });
});
