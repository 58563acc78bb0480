/**
 * The driver's status machine (domain/driver-status.ts): examples of each
 * rule, then random command sequences checked against the invariants after
 * every step.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { jobRefusal, jobsOf } from "../../src/domain/driver-jobs.ts";
import { type DriverCommand, type DriverRecord, newDriver, offerable, step } from "../../src/domain/driver-status.ts";
import type { DriverServerMessage } from "../../src/protocol/driver.ts";
import { testSeed } from "./seed.ts";

const T0 = Date.parse("2026-11-30T09:00:00Z");
const RIDES = ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"] as const;
const session = { driverId: "d1", vehicleId: "v1", vehicleClass: "auto", rating: 4.8, lat: 23.02, lng: 72.57 };
const GRACE = { offerGraceMs: 10_000, offlineAfterMs: 60_000 };

function offer(rideId: string, expiresAt: number): Extract<DriverServerMessage, { type: "offer" }> {
  return {
    type: "offer",
    ride_id: rideId,
    service: "passenger",
    pickup: { lat: 23.02, lng: 72.57 },
    dropoff: { lat: 23.05, lng: 72.6 },
    fare: { amount: 9440, currency: "INR" },
    expires_at: new Date(expiresAt).toISOString(),
  };
}

function rideMessage(rideId: string, status: string): Extract<DriverServerMessage, { type: "ride.status" }> {
  return {
    type: "ride.status",
    ride_id: rideId,
    status,
    pickup: { lat: 23.02, lng: 72.57 },
    dropoff: { lat: 23.05, lng: 72.6 },
    rider_id: "33333333-3333-4333-8333-333333333333",
  };
}

const connected = () => step(null, { type: "connect", session }, T0).record as DriverRecord;
const types = (messages: DriverServerMessage[]) => messages.map((m) => m.type);

describe("driver status: the rules", () => {
  it("a new driver connects available and is told so first", () => {
    const result = step(null, { type: "connect", session }, T0);
    assert.equal(result.record?.status, "available");
    assert.deepEqual(result.messages, [{ type: "driver.status", status: "available" }]);
  });

  it("an offer reserves an available driver once; a second is refused", () => {
    const first = step(connected(), { type: "reserve", offer: offer(RIDES[0], T0 + 15_000) }, T0);
    assert.equal(first.reserved, true);
    assert.equal(first.record?.status, "offered");
    const second = step(first.record, { type: "reserve", offer: offer(RIDES[1], T0 + 15_000) }, T0);
    assert.equal(second.reserved, false);
    assert.equal(second.record?.offer?.rideId, RIDES[0]);
  });

  it("accepting asks the ride actor; its answer puts the driver on the ride", () => {
    const offered = step(connected(), { type: "reserve", offer: offer(RIDES[0], T0 + 15_000) }, T0).record;
    const asked = step(offered, { type: "accept", rideId: RIDES[0] }, T0 + 1_000);
    assert.deepEqual(asked.effects, [{ type: "accept", rideId: RIDES[0] }]);
    const done = step(
      offered,
      { type: "accepted", rideId: RIDES[0], ride: rideMessage(RIDES[0], "driver_assigned") },
      T0,
    );
    assert.equal(done.record?.status, "on_ride");
    assert.equal(done.record?.offer, null);
    assert.deepEqual(types(done.messages), ["ride.status", "driver.status"]);
  });

  it("accepting an expired offer answers offer.expired without asking the ride", () => {
    const offered = step(connected(), { type: "reserve", offer: offer(RIDES[0], T0 + 15_000) }, T0).record;
    const late = step(offered, { type: "accept", rideId: RIDES[0] }, T0 + 16_000);
    assert.deepEqual(late.effects, []);
    assert.deepEqual(types(late.messages), ["offer.expired"]);
  });

  it("a status change is refused while offered or on a ride", () => {
    const offered = step(connected(), { type: "reserve", offer: offer(RIDES[0], T0 + 15_000) }, T0).record;
    const result = step(offered, { type: "status", status: "break" }, T0);
    assert.equal(result.record?.status, "offered");
    assert.equal(result.messages[0]?.type, "error");
  });

  it("a closed socket stops offers at once, declines an open one, and keeps a ride", () => {
    const offered = step(connected(), { type: "reserve", offer: offer(RIDES[0], T0 + 15_000) }, T0).record;
    const closed = step(offered, { type: "close" }, T0);
    assert.equal(closed.record?.status, "available");
    assert.equal(closed.record && offerable(closed.record), false);
    assert.deepEqual(closed.effects, [{ type: "decline", rideId: RIDES[0] }]);
    assert.equal(step(closed.record, { type: "reserve", offer: offer(RIDES[1], T0 + 15_000) }, T0).reserved, false);

    const onRide = step(
      connected(),
      { type: "ride_update", ride: rideMessage(RIDES[0], "driver_assigned"), seq: 3 },
      T0,
    );
    const away = step(onRide.record, { type: "close" }, T0);
    assert.equal(away.record?.status, "on_ride");
    assert.equal(step(away.record, { type: "tick", ...GRACE }, T0 + 120_000).record?.status, "on_ride");
  });

  it("a reconnect within the grace window resumes: the state first, then offerable again", () => {
    const closed = step(connected(), { type: "close" }, T0).record;
    const back = step(closed, { type: "connect", session }, T0 + 30_000);
    assert.equal(back.record && offerable(back.record), true);
    const gone = step(closed, { type: "tick", ...GRACE }, T0 + 61_000);
    assert.equal(gone.record, null);
  });

  it("crossing into another cell hands the record over and tells the app", () => {
    const onRide = step(
      connected(),
      { type: "ride_update", ride: rideMessage(RIDES[0], "in_progress"), seq: 5 },
      T0,
    ).record;
    const moved = step(
      onRide,
      { type: "location", lat: 23.2, lng: 72.6, ts: T0 + 1_000, cell: "next", here: "this" },
      T0 + 1_000,
    );
    assert.equal(moved.record, null);
    assert.deepEqual(types(moved.messages), ["handoff"]);
    assert.deepEqual(
      moved.effects.map((e) => e.type),
      ["forward_location", "hand_off"],
    );
  });

  it("ride updates older than the last one applied are ignored", () => {
    const arrived = step(connected(), { type: "ride_update", ride: rideMessage(RIDES[0], "in_progress"), seq: 6 }, T0);
    const stale = step(
      arrived.record,
      { type: "ride_update", ride: rideMessage(RIDES[0], "driver_arrived"), seq: 5 },
      T0,
    );
    assert.equal(stale.record?.ride?.status, "in_progress");
    assert.deepEqual(stale.messages, []);
  });

  it("a late update of a ride that ended does not take the driver back onto it", () => {
    // Seen in a city simulation on a machine that fell behind: the ride's `in_progress` reached the
    // driver's cell after its `completed`, and the app was told to resume a finished ride.
    const onRide = step(connected(), { type: "ride_update", ride: rideMessage(RIDES[0], "in_progress"), seq: 6 }, T0);
    const done = step(onRide.record, { type: "ride_update", ride: rideMessage(RIDES[0], "completed"), seq: 7 }, T0);
    const late = step(done.record, { type: "ride_update", ride: rideMessage(RIDES[0], "in_progress"), seq: 6 }, T0);
    assert.equal(late.record?.status, "available");
    assert.equal(late.record?.ride, null);
    assert.deepEqual(late.messages, []);
    // The same after a cancellation, which carries no seq.
    const cancelled = step(onRide.record, { type: "ride_ended", rideId: RIDES[0] }, T0);
    const after = step(
      cancelled.record,
      { type: "ride_update", ride: rideMessage(RIDES[0], "in_progress"), seq: 8 },
      T0,
    );
    assert.equal(after.record?.status, "available");
    assert.deepEqual(after.messages, []);
  });

  it("the next ride's updates count from its own start, whatever seq the last ride reached", () => {
    let record = step(
      connected(),
      { type: "ride_update", ride: rideMessage(RIDES[0], "in_progress"), seq: 6 },
      T0,
    ).record;
    record = step(record, { type: "ride_update", ride: rideMessage(RIDES[0], "completed"), seq: 7 }, T0).record;
    record = step(record, { type: "reserve", offer: offer(RIDES[1], T0 + 15_000) }, T0).record;
    record = step(
      record,
      { type: "accepted", rideId: RIDES[1], ride: rideMessage(RIDES[1], "driver_assigned") },
      T0,
    ).record;
    const arrived = step(record, { type: "ride_update", ride: rideMessage(RIDES[1], "driver_arrived"), seq: 4 }, T0);
    assert.equal(arrived.record?.ride?.status, "driver_arrived");
    const done = step(arrived.record, { type: "ride_update", ride: rideMessage(RIDES[1], "completed"), seq: 6 }, T0);
    assert.equal(done.record?.status, "available");
  });
});

// ---- random sequences ---------------------------------------------------------------

const rideId = fc.constantFrom(...RIDES);
const command: fc.Arbitrary<{ command: DriverCommand; advanceMs: number; acceptOk: boolean }> = fc.record({
  advanceMs: fc.integer({ min: 0, max: 20_000 }),
  acceptOk: fc.boolean(),
  command: fc.oneof(
    fc.constant<DriverCommand>({ type: "connect", session }),
    fc.record({ away: fc.boolean() }).map<DriverCommand>(({ away }) => ({
      type: "location",
      lat: 23.02,
      lng: 72.57,
      ts: T0,
      cell: away ? "next" : "here",
      here: "here",
    })),
    fc.constantFrom<DriverCommand>({ type: "status", status: "available" }, { type: "status", status: "break" }),
    rideId.map<DriverCommand>((id) => ({ type: "reserve", offer: offer(id, T0) })),
    fc
      .tuple(rideId, fc.constantFrom("expired" as const, "cancelled" as const))
      .map<DriverCommand>(([id, reason]) => ({ type: "withdraw", rideId: id, reason })),
    rideId.map<DriverCommand>((id) => ({ type: "accept", rideId: id })),
    rideId.map<DriverCommand>((id) => ({ type: "decline", rideId: id })),
    rideId.map<DriverCommand>((id) => ({ type: "ride_step", rideId: id, step: "arrive" })),
    rideId.map<DriverCommand>((id) => ({ type: "ride_cancel", rideId: id, reason: null })),
    fc
      .tuple(rideId, fc.constantFrom("driver_assigned", "driver_arrived", "in_progress", "completed"), fc.nat(50))
      .map<DriverCommand>(([id, status, seq]) => ({ type: "ride_update", ride: rideMessage(id, status), seq })),
    rideId.map<DriverCommand>((id) => ({ type: "ride_ended", rideId: id })),
    fc.constant<DriverCommand>({ type: "close" }),
    fc.constant<DriverCommand>({ type: "tick", ...GRACE }),
  ),
});

/** Offers in the sequence expire 15 s after they are made, on the sequence's clock. */
function timed(c: DriverCommand, now: number): DriverCommand {
  return c.type === "reserve" ? { ...c, offer: offer(c.offer.ride_id, now + 15_000) } : c;
}

function checkInvariants(
  before: DriverRecord | null,
  c: DriverCommand,
  after: DriverRecord | null,
  reserved?: boolean,
) {
  if (c.type === "reserve" && !(before && offerable(before))) assert.notEqual(reserved, true, "reserved a busy driver");
  if (!after) return;
  assert.equal(after.status === "offered", after.offer !== null, "an offer exactly while offered");
  assert.equal(after.status === "on_ride", after.ride !== null, "a ride exactly while on_ride");
  // A closed socket gives its offer back at once (an offer carried across a handoff waits for the reconnect).
  if (c.type === "close") assert.notEqual(after.status, "offered", "a closed driver keeps no offer");
  if (before?.ride && after.ride) assert.equal(before.ride.ride_id, after.ride.ride_id, "one ride at a time");
}

/** From any state, the driver can end available, on a break or offline. */
function settle(record: DriverRecord | null, now: number): DriverRecord | null {
  let r = record;
  if (r?.offer) r = step(r, { type: "withdraw", rideId: r.offer.rideId, reason: "expired" }, now).record;
  if (r?.ride)
    r = step(r, { type: "ride_update", ride: rideMessage(r.ride.ride_id, "completed"), seq: 1_000 }, now).record;
  return r;
}

describe("driver status: an app on HTTP, without a socket", () => {
  const onHttp = () =>
    step(null, { type: "connect", session: { ...session, channel: "http" } }, T0).record as DriverRecord;

  it("is offerable while it calls, and a socket of theirs closing changes nothing", () => {
    const record = onHttp();
    assert.equal(record.channel, "http");
    assert.ok(offerable(record));
    assert.equal(step(record, { type: "close" }, T0).record, record);
    // A socket connecting afterwards takes over: its close counts again.
    const socket = step(record, { type: "connect", session }, T0).record as DriverRecord;
    assert.equal(socket.channel, "socket");
    assert.equal(step(socket, { type: "close" }, T0).record?.connected, false);
  });

  it("goes offline after the socket's silence, its open offer back to the ride, and not before", () => {
    // An offer still open when the silence runs out (a long timeout), so the tick's stale-offer rule stays out of it.
    const offered = step(
      onHttp(),
      { type: "reserve", offer: offer(RIDES[0], T0 + 2 * GRACE.offlineAfterMs) },
      T0,
    ).record;
    assert.equal(step(offered, { type: "tick", ...GRACE }, T0 + GRACE.offlineAfterMs).record, offered);
    const silent = step(offered, { type: "tick", ...GRACE }, T0 + GRACE.offlineAfterMs + 1);
    assert.equal(silent.record, null);
    assert.deepEqual(silent.effects, [{ type: "decline", rideId: RIDES[0] }]);
  });

  it("keeps a ride in progress through silence, as a socket's app does", () => {
    const accepted = step(
      onHttp(),
      { type: "accepted", rideId: RIDES[0], ride: rideMessage(RIDES[0], "driver_assigned") },
      T0,
    );
    const later = step(accepted.record, { type: "tick", ...GRACE }, T0 + 10 * GRACE.offlineAfterMs);
    assert.equal(later.record?.status, "on_ride");
  });

  it("goes offline on purpose, except on a ride", () => {
    assert.equal(step(onHttp(), { type: "offline" }, T0).record, null);
    const offered = step(onHttp(), { type: "reserve", offer: offer(RIDES[1], T0 + 15_000) }, T0).record;
    assert.deepEqual(step(offered, { type: "offline" }, T0).effects, [{ type: "decline", rideId: RIDES[1] }]);
    const onRide = step(
      onHttp(),
      { type: "accepted", rideId: RIDES[0], ride: rideMessage(RIDES[0], "driver_assigned") },
      T0,
    );
    const refused = step(onRide.record, { type: "offline" }, T0);
    assert.equal(refused.record?.status, "on_ride");
    assert.deepEqual(types(refused.messages), ["error"]);
  });
});

describe("driver jobs: what an app on HTTP reads", () => {
  it("shows the status, the open offer and the ride; no record is offline", () => {
    assert.deepEqual(jobsOf(null), { status: "offline", offer: null, ride: null });
    const offered = step(connected(), { type: "reserve", offer: offer(RIDES[0], T0 + 15_000) }, T0).record;
    assert.deepEqual(jobsOf(offered), { status: "offered", offer: offer(RIDES[0], T0 + 15_000), ride: null });
  });

  it("an answer to an offer the driver does not hold is not found; a lapsed one has expired; a retried accept is done", () => {
    const offered = step(connected(), { type: "reserve", offer: offer(RIDES[0], T0 + 15_000) }, T0).record;
    assert.equal(jobRefusal("accept", offered, [], RIDES[1])?.code, "offer_not_found");
    assert.equal(jobRefusal("decline", null, [], RIDES[0])?.code, "offer_not_found");
    const lapsed: DriverServerMessage[] = [{ type: "offer.expired", ride_id: RIDES[0] }];
    assert.equal(jobRefusal("accept", offered, lapsed, RIDES[0])?.code, "offer_expired");
    assert.equal(jobRefusal("accept", offered, [], RIDES[0]), null);
    const onRide = step(
      connected(),
      { type: "accepted", rideId: RIDES[0], ride: rideMessage(RIDES[0], "driver_assigned") },
      T0,
    ).record;
    assert.equal(jobRefusal("accept", onRide, lapsed, RIDES[0]), null);
  });
});

describe("driver status: random sequences", () => {
  it("keep the invariants after every command, and can always end available, on a break or offline", () => {
    const seed = testSeed("driver-status");
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 60 }), (steps) => {
        let record: DriverRecord | null = newDriver(session, T0);
        let now = T0;
        for (const { command: raw, advanceMs, acceptOk } of steps) {
          now += advanceMs;
          const c = timed(raw, now);
          const result = step(record, c, now);
          checkInvariants(record, c, result.record, result.reserved);
          let next = result.record;
          for (const effect of result.effects) {
            // The next cell carries on with the record it adopted.
            if (effect.type === "hand_off") next = effect.record;
            // The ride actor answers an accept.
            if (effect.type === "accept") {
              const answer: DriverCommand = acceptOk
                ? { type: "accepted", rideId: effect.rideId, ride: rideMessage(effect.rideId, "driver_assigned") }
                : { type: "accept_failed", rideId: effect.rideId };
              const answered = step(next, answer, now);
              checkInvariants(next, answer, answered.record);
              next = answered.record;
            }
          }
          record = next;
        }
        const settled = settle(record, now);
        assert.ok(settled === null || settled.status === "available" || settled.status === "break");
        // And offline, once the app is gone for the grace window.
        const closed = step(settled, { type: "close" }, now).record;
        const offline = step(closed, { type: "tick", ...GRACE }, now + GRACE.offlineAfterMs + 1).record;
        assert.equal(offline, null);
      }),
      { seed, numRuns: 500 },
    );
  });
});
