/**
 * Proof of delivery's rules (domain/proofs.ts): each drop's code, the check
 * when the drop completes, the lock after five wrong codes (then a drop
 * photo completes it, flagged), where a photo may be taken, and that no
 * code reaches the projection or the driver's view.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  CODE_TRIES,
  codeStatus,
  completeDrop,
  dropCode,
  photoRefusal,
  proofsView,
  withCodes,
  withoutCodes,
} from "../../src/domain/proofs.ts";
import { type RideStop, stopOnWire, stopStep } from "../../src/domain/ride-stops.ts";
import { commandOf, parseDriverMessage } from "../../src/protocol/driver.ts";
import { testSeed } from "./seed.ts";

const AT = "2026-11-30T09:00:00.000Z";
const RIDE = "11111111-1111-4111-8111-111111111111";

/** One drop with code 4821, arrived. */
function arrived(): RideStop[] {
  const [stop] = withCodes([{ lat: 23.03, lng: 72.57, contact_phone: "+919812345678" }], () => 4821);
  const result = stopStep([stop as RideStop], { index: 0, action: "arrive" }, AT);
  assert.ok(result.ok);
  return result.stops;
}

describe("a drop's code", () => {
  it("is four digits for any random number", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => /^\d{4}$/.test(dropCode(n))),
      {
        seed: testSeed("proofs"),
      },
    );
    assert.equal(dropCode(7), "0007");
    assert.equal(dropCode(123_454_821), "4821");
  });

  it("stays out of the projection and of every stop on the wire", () => {
    const stops = arrived();
    assert.equal(stops[0]?.code, "4821");
    assert.equal(withoutCodes(stops[0] as RideStop).code, undefined);
    assert.equal("code" in stopOnWire(stops[0] as RideStop, 0), false);
  });
});

describe("completing a drop", () => {
  it("takes its code, and marks the proof", () => {
    const done = completeDrop(arrived(), { index: 0, action: "complete", code: "4821" }, false, AT);
    assert.ok(done.ok);
    assert.partialDeepStrictEqual(done.stops[0], { status: "completed", proof: "code" });
    assert.equal(codeStatus(done.stops[0] as RideStop), "confirmed");
  });

  it("refuses without a code, counting no try, and the stop's own rules come first", () => {
    const none = completeDrop(arrived(), { index: 0, action: "complete" }, false, AT);
    assert.ok(!none.ok);
    assert.equal(none.code, "code_required");
    assert.equal("stops" in none, false);
    const early = completeDrop(
      withCodes([{ lat: 1, lng: 1 }], () => 1),
      { index: 0, action: "complete" },
      false,
      AT,
    );
    assert.ok(!early.ok);
    assert.equal(early.code, "stop_not_arrived");
  });

  it("counts wrong codes; the fifth locks and flags the drop; then only a drop photo completes it", () => {
    let stops = arrived();
    for (let i = 1; i <= CODE_TRIES; i++) {
      const wrong = completeDrop(stops, { index: 0, action: "complete", code: "0000" }, true, AT);
      assert.ok(!wrong.ok && wrong.code === "wrong_code" && "stops" in wrong && wrong.stops);
      stops = wrong.stops;
      assert.equal(stops[0]?.code_tries, i);
      assert.equal(stops[0]?.flagged_at, i === CODE_TRIES ? AT : undefined);
    }
    assert.equal(codeStatus(stops[0] as RideStop), "locked");
    assert.equal(stopOnWire(stops[0] as RideStop, 0).flagged, true);
    const right = completeDrop(stops, { index: 0, action: "complete", code: "4821" }, false, AT);
    assert.ok(!right.ok);
    assert.equal(right.code, "code_locked");
    const photo = completeDrop(stops, { index: 0, action: "complete" }, true, AT);
    assert.ok(photo.ok);
    assert.partialDeepStrictEqual(photo.stops[0], { status: "completed", proof: "photo" });
  });

  it("needs no code for a stop made before codes", () => {
    const result = stopStep([{ lat: 1, lng: 1 }], { index: 0, action: "arrive" }, AT);
    assert.ok(result.ok);
    const done = completeDrop(result.stops, { index: 0, action: "complete" }, false, AT);
    assert.ok(done.ok);
    assert.equal(codeStatus(done.stops[0] as RideStop), "none");
  });
});

describe("photos", () => {
  it("at the pickup from assignment to the trip; at a drop after arriving there", () => {
    const stops = arrived();
    assert.equal(photoRefusal("driver_arrived", stops, "pickup", null), null);
    assert.equal(photoRefusal("searching", stops, "pickup", null)?.code, "invalid_state");
    assert.equal(photoRefusal("in_progress", stops, "drop", 0), null);
    assert.equal(photoRefusal("in_progress", stops, "drop", 1)?.code, "stop_not_found");
    assert.equal(photoRefusal("driver_arrived", stops, "drop", 0)?.code, "invalid_state");
    const pending = withCodes([{ lat: 1, lng: 1 }], () => 1);
    assert.equal(photoRefusal("in_progress", pending, "drop", 0)?.code, "stop_not_arrived");
  });

  it("are listed in the proofs with their download URL, each drop with its code status", () => {
    const photo = {
      id: "22222222-2222-4222-8222-222222222222",
      stage: "drop" as const,
      index: 0,
      at: AT,
      position: { lat: 1, lng: 2, ts: AT },
      content_type: "image/png",
      bytes: 10,
    };
    const view = proofsView(RIDE, arrived(), [photo]);
    assert.equal(view.photos[0]?.url, `/v1/rides/${RIDE}/photos/${photo.id}`);
    assert.partialDeepStrictEqual(view.stops[0], { code: "4821", code_status: "pending", photos: [photo.id] });
  });
});

describe("the completed stop frame", () => {
  it("carries the code to the step, and is refused with a malformed one", () => {
    const message = parseDriverMessage(
      JSON.stringify({ type: "ride.stop.completed", ride_id: RIDE, index: 0, code: "4821" }),
    );
    assert.ok(message.ok);
    assert.deepEqual(commandOf(message.message, { cell: "c", here: "c" }), {
      type: "ride_stop",
      rideId: RIDE,
      stop: { index: 0, action: "complete", code: "4821" },
    });
    assert.equal(
      parseDriverMessage(JSON.stringify({ type: "ride.stop.completed", ride_id: RIDE, index: 0, code: "12" })).ok,
      false,
    );
  });
});
