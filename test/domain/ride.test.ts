/**
 * A ride's pure rules (domain/ride.ts): the fare at completion, the driven
 * track, who may see it, the ETA, the rider's cancel.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Tariff } from "../../src/domain/pricing.ts";
import {
  advanceTrack,
  assignedDriver,
  type DriverPosition,
  driverRideView,
  etaToPickup,
  fareAtCompletion,
  mayView,
  openRide,
  type RideRecord,
  riderCancel,
  rideView,
} from "../../src/domain/ride.ts";
import { transition } from "../../src/domain/ride-lifecycle.ts";

const T0 = Date.parse("2026-11-30T09:00:00Z");
const tariff: Tariff = { currency: "INR", baseFare: 3000, perKm: 1200, perMinute: 100, minimumFare: 5000 };

function ride(overrides: Partial<RideRecord> = {}): RideRecord {
  const opened = openRide(
    {
      id: "11111111-1111-4111-8111-111111111111",
      riderId: "rider",
      cityId: "ahmedabad",
      service: "passenger",
      vehicleClass: "auto",
      pickup: { lat: 23.0225, lng: 72.5714 },
      dropoff: { lat: 23.05, lng: 72.6 },
      stops: [],
      package: null,
      scheduledAt: null,
      paymentMethod: "cash",
      tariff,
      taxes: [],
      surge: 1,
      estimate: { lines: [], subtotal: { amount: 0, currency: "INR" }, total: { amount: 0, currency: "INR" } },
      estimatedDistanceM: 4000,
      estimatedDurationS: 600,
      cancellationGraceS: 120,
      cancellationFee: 2000,
    },
    new Date(T0).toISOString(),
  );
  return { ...opened, ...overrides };
}

const at = (lat: number, lng: number, ts: number): DriverPosition => ({ lat, lng, heading: null, ts });

describe("ride rules", () => {
  it("charges the driven distance and the time since the start, on the city's clock", () => {
    const r = ride({ drivenM: 5_000 });
    r.state = {
      ...r.state,
      status: "in_progress",
      timestamps: { ...r.state.timestamps, in_progress: new Date(T0).toISOString() },
    };
    const real = fareAtCompletion(r, T0 + 600_000, 1);
    assert.equal(real.durationS, 600);
    const fast = fareAtCompletion(r, T0 + 60_000, 10);
    assert.equal(fast.durationS, 600);
    assert.deepEqual(fast.fare.total, real.fare.total);
    assert.ok(real.fare.total.amount > 0);
  });

  it("counts the track only while in progress, ignoring wobble and impossible jumps", () => {
    const assigned = ride();
    assert.deepEqual(advanceTrack(assigned, at(23.03, 72.58, T0), 1), { drivenM: 0, trackAnchor: null });
    const moving = ride();
    moving.state = { ...moving.state, status: "in_progress" };
    const first = advanceTrack(moving, at(23.0225, 72.5714, T0), 1);
    assert.equal(first.drivenM, 0);
    const next = advanceTrack({ ...moving, ...first }, at(23.0235, 72.5714, T0 + 10_000), 1);
    assert.ok(next.drivenM > 100 && next.drivenM < 120, `about 111 m, got ${next.drivenM}`);
    const wobble = advanceTrack({ ...moving, ...next }, at(23.02352, 72.5714, T0 + 11_000), 1);
    assert.equal(wobble.drivenM, next.drivenM);
    const jump = advanceTrack({ ...moving, ...next }, at(23.2, 72.5714, T0 + 12_000), 1);
    assert.equal(jump.drivenM, next.drivenM);
  });

  it("shows the ride to its rider, an admin, its driver and the driver it is offered to — no one else", () => {
    const r = ride();
    assert.equal(mayView(r, null, { userId: "rider", role: "rider" }), true);
    assert.equal(mayView(r, null, { userId: "someone", role: "admin" }), true);
    assert.equal(mayView(r, "d1", { userId: "d1", role: "driver" }), true);
    assert.equal(mayView(r, null, { userId: "d1", role: "driver" }), false);
    assert.equal(mayView(r, null, { userId: "other", role: "rider" }), false);
  });

  it("estimates the pickup ETA at the city's detour factor and speed", () => {
    // 1 km straight, 1.5 detour, 18 km/h (5 m/s): 300 s.
    const eta = etaToPickup(
      ride(),
      { lat: 23.0225 + 1 / 111.195, lng: 72.5714 },
      { detourFactor: 1.5, avgSpeedKmh: 18 },
    );
    assert.ok(Math.abs(eta - 300) <= 1, `got ${eta}`);
  });

  it("puts times on the wire as ISO 8601, and builds the driver's view from the same record", () => {
    const r = ride({ driverPosition: at(23.03, 72.58, T0) });
    assert.equal(rideView(r).driver_location?.ts, "2026-11-30T09:00:00.000Z");
    assert.deepEqual(driverRideView(r), {
      type: "ride.status",
      ride_id: r.id,
      status: "requested",
      pickup: { lat: 23.0225, lng: 72.5714 },
      dropoff: { lat: 23.05, lng: 72.6 },
      rider_id: "rider",
    });
  });

  it("cancels for the rider with the ride's own fee, free within its grace on the city's clock", () => {
    const r = ride();
    r.state = { ...r.state, status: "driver_assigned", timestamps: { driver_assigned: new Date(T0).toISOString() } };
    const oneMinuteLater = new Date(T0 + 60_000);
    // 120 s of grace: a minute after assignment is free on the wall clock, but not when the city runs 4× (30 s).
    const free = transition(r.state, riderCancel(r, "rider", null, 1), oneMinuteLater);
    const charged = transition(r.state, riderCancel(r, "admin", "duplicate", 4), oneMinuteLater);
    assert.ok(free.ok && charged.ok);
    assert.partialDeepStrictEqual(free.state, { cancellationFee: 0, cancelledBy: "rider", cancellationReason: null });
    assert.partialDeepStrictEqual(charged.state, {
      cancellationFee: 2000,
      cancelledBy: "admin",
      cancellationReason: "duplicate",
    });
  });

  it("shows an accepting driver at once, before their name and vehicle arrive", () => {
    const info = { vehicleId: "v1", vehicleClass: "auto", rating: 4.7, position: { lat: 23.03, lng: 72.58 } };
    assert.deepEqual(assignedDriver("d1", info, T0), {
      driver: {
        id: "d1",
        name: "",
        rating: 4.7,
        vehicle: { id: "v1", vehicle_class: "auto", plate: null, model: null, color: null },
      },
      driverPosition: { lat: 23.03, lng: 72.58, heading: null, ts: T0 },
    });
  });
});
