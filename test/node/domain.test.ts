/** The pure core: geo, money, the booking lifecycle. */
import { describe, expect, it } from "vitest";
import { canTransition, timedTransition } from "../../src/domain/booking-lifecycle.ts";
import { haversineMeters, pointInPolygon } from "../../src/domain/geo.ts";
import { money } from "../../src/domain/money.ts";

describe("geo", () => {
  it("measures great-circle distance", () => {
    // Ahmedabad railway station → airport: about 9.1 km as the crow flies.
    const d = haversineMeters({ lat: 23.0258, lng: 72.6006 }, { lat: 23.0734, lng: 72.6266 });
    expect(d).toBeGreaterThan(5_500);
    expect(d).toBeLessThan(6_000);
    expect(haversineMeters({ lat: 10, lng: 10 }, { lat: 10, lng: 10 })).toBe(0);
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
    expect(pointInPolygon({ lat: 2, lng: 2 }, [square, hole])).toBe(true);
    expect(pointInPolygon({ lat: 5, lng: 5 }, [square, hole])).toBe(false);
    expect(pointInPolygon({ lat: 11, lng: 5 }, [square])).toBe(false);
    expect(pointInPolygon({ lat: 1, lng: 1 }, [])).toBe(false);
  });
});

describe("money", () => {
  it("accepts integer minor units with an ISO currency", () => {
    expect(money(9440, "INR")).toEqual({ amount: 9440, currency: "INR" });
  });
  it("refuses fractions and bad currencies", () => {
    expect(() => money(94.4, "INR")).toThrow(RangeError);
    expect(() => money(100, "inr")).toThrow(RangeError);
  });
});

describe("booking lifecycle", () => {
  const startsAt = new Date("2026-12-01T10:00:00Z");
  const endsAt = new Date("2026-12-01T12:00:00Z");

  it("allows only the documented transitions", () => {
    expect(canTransition("pending", "confirmed")).toBe(true);
    expect(canTransition("confirmed", "in_progress")).toBe(true);
    expect(canTransition("in_progress", "completed")).toBe(true);
    expect(canTransition("completed", "in_progress")).toBe(false);
    expect(canTransition("cancelled", "confirmed")).toBe(false);
    expect(canTransition("in_progress", "cancelled")).toBe(false);
  });

  it("starts a confirmed booking at its start time and completes it at its end", () => {
    const b = { status: "confirmed" as const, startsAt, endsAt };
    expect(timedTransition(b, new Date("2026-12-01T09:59:59Z"))).toBeNull();
    expect(timedTransition(b, startsAt)).toBe("in_progress");
    expect(timedTransition(b, endsAt)).toBe("completed");
    expect(timedTransition({ ...b, status: "in_progress" }, endsAt)).toBe("completed");
  });

  it("leaves unpaid and finished bookings to other rules", () => {
    expect(timedTransition({ status: "pending", startsAt, endsAt }, endsAt)).toBeNull();
    expect(timedTransition({ status: "cancelled", startsAt, endsAt }, endsAt)).toBeNull();
    expect(timedTransition({ status: "completed", startsAt, endsAt }, endsAt)).toBeNull();
  });
});
