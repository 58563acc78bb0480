/** The pure core: geo, money, the booking lifecycle. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canTransition, timedTransition } from "../../src/domain/booking-lifecycle.ts";
import { haversineMeters, pointInPolygon } from "../../src/domain/geo.ts";
import { money } from "../../src/domain/money.ts";

describe("geo", () => {
  it("measures great-circle distance", () => {
    // Ahmedabad railway station → airport: about 9.1 km as the crow flies.
    const d = haversineMeters({ lat: 23.0258, lng: 72.6006 }, { lat: 23.0734, lng: 72.6266 });
    assert.ok(d > 5_500, `${d} m`);
    assert.ok(d < 6_000, `${d} m`);
    assert.equal(haversineMeters({ lat: 10, lng: 10 }, { lat: 10, lng: 10 }), 0);
  });

  it("tells inside from outside a polygon with a hole", () => {
    const square = [
      { lat: 0, lng: 0 },
      { lat: 0, lng: 10 },
      { lat: 10, lng: 10 },
      { lat: 10, lng: 0 },
      { lat: 0, lng: 0 },
    ];
    const hole = [
      { lat: 4, lng: 4 },
      { lat: 4, lng: 6 },
      { lat: 6, lng: 6 },
      { lat: 6, lng: 4 },
      { lat: 4, lng: 4 },
    ];
    assert.equal(pointInPolygon({ lat: 2, lng: 2 }, [square, hole]), true);
    assert.equal(pointInPolygon({ lat: 5, lng: 5 }, [square, hole]), false);
    assert.equal(pointInPolygon({ lat: 11, lng: 5 }, [square]), false);
    assert.equal(pointInPolygon({ lat: 1, lng: 1 }, []), false);
  });
});

describe("money", () => {
  it("accepts integer minor units with an ISO currency", () => {
    assert.deepEqual(money(9440, "INR"), { amount: 9440, currency: "INR" });
  });
  it("refuses fractions and bad currencies", () => {
    assert.throws(() => money(94.4, "INR"), RangeError);
    assert.throws(() => money(100, "inr"), RangeError);
  });
});

describe("booking lifecycle", () => {
  const startsAt = new Date("2026-12-01T10:00:00Z");
  const endsAt = new Date("2026-12-01T12:00:00Z");

  it("allows only the documented transitions", () => {
    assert.equal(canTransition("pending", "confirmed"), true);
    assert.equal(canTransition("confirmed", "in_progress"), true);
    assert.equal(canTransition("in_progress", "completed"), true);
    assert.equal(canTransition("completed", "in_progress"), false);
    assert.equal(canTransition("cancelled", "confirmed"), false);
    assert.equal(canTransition("in_progress", "cancelled"), false);
  });

  it("starts a confirmed booking at its start time and completes it at its end", () => {
    const b = { status: "confirmed" as const, startsAt, endsAt };
    assert.equal(timedTransition(b, new Date("2026-12-01T09:59:59Z")), null);
    assert.equal(timedTransition(b, startsAt), "in_progress");
    assert.equal(timedTransition(b, endsAt), "completed");
    assert.equal(timedTransition({ ...b, status: "in_progress" }, endsAt), "completed");
  });

  it("leaves unpaid and finished bookings to other rules", () => {
    assert.equal(timedTransition({ status: "pending", startsAt, endsAt }, endsAt), null);
    assert.equal(timedTransition({ status: "cancelled", startsAt, endsAt }, endsAt), null);
    assert.equal(timedTransition({ status: "completed", startsAt, endsAt }, endsAt), null);
  });
});
