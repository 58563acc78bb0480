/** Fares, routes and surge: the pure rules behind an estimate. */
import { describe, expect, it } from "vitest";
import { quote } from "../../src/domain/pricing.ts";
import { greatCircleRouter } from "../../src/domain/routing.ts";
import { surgeMultiplier } from "../../src/domain/surge.ts";

const GST = [
  { code: "CGST", name: "Central GST", ratePpm: 90_000 },
  { code: "SGST", name: "State GST", ratePpm: 90_000 },
];
const bikeGoods = { currency: "INR", baseFare: 5400, perKm: 500, perMinute: 0, minimumFare: 5400 };

describe("quote", () => {
  it("reproduces the delivery plan's example: 5.2 km by bike is ₹94.40", () => {
    const q = quote({ tariff: bikeGoods, taxes: GST, distanceM: 5200, durationS: 18 * 60, surge: 1 });
    expect(q.lines.map((l) => [l.code, l.amount])).toEqual([
      ["base", 5400],
      ["distance", 2600],
      ["tax:CGST", 720],
      ["tax:SGST", 720],
    ]);
    expect(q.subtotal).toEqual({ amount: 8000, currency: "INR" });
    expect(q.total).toEqual({ amount: 9440, currency: "INR" });
  });

  it("adds time, surge and taxes as their own lines, and the lines add up to the total", () => {
    const car = { currency: "USD", baseFare: 300, perKm: 175, perMinute: 45, minimumFare: 800 };
    const q = quote({
      tariff: car,
      taxes: [{ code: "SALES", name: "Sales tax", ratePpm: 88_750 }],
      distanceM: 7300,
      durationS: 1500,
      surge: 1.5,
    });
    const byCode = Object.fromEntries(q.lines.map((l) => [l.code, l.amount]));
    expect(byCode).toMatchObject({ base: 300, distance: 1278, time: 1125, surge: 1352 });
    expect(byCode["tax:SALES"]).toBe(Math.round(((300 + 1278 + 1125 + 1352) * 88_750) / 1e6));
    expect(q.total.amount).toBe(q.lines.reduce((s, l) => s + l.amount, 0));
    for (const line of q.lines) expect(Number.isInteger(line.amount)).toBe(true);
  });

  it("lifts short trips to the minimum fare before taxes", () => {
    const q = quote({
      tariff: { ...bikeGoods, baseFare: 1000, minimumFare: 5000 },
      taxes: GST,
      distanceM: 500,
      durationS: 60,
      surge: 1,
    });
    expect(q.subtotal.amount).toBe(5000);
    expect(q.lines.find((l) => l.code === "minimum_fare")?.amount).toBe(5000 - 1000 - 250);
    expect(q.total.amount).toBe(5900);
  });

  it("never discounts below zero", () => {
    const q = quote({ tariff: bikeGoods, taxes: GST, distanceM: 1000, durationS: 60, surge: 1, discount: 1_000_000 });
    expect(q.subtotal.amount).toBe(0);
    expect(q.total.amount).toBe(0);
  });
});

describe("great-circle router", () => {
  it("stretches straight lines by the detour factor and times them at city speed", async () => {
    const router = greatCircleRouter({ detourFactor: 1.35, avgSpeedKmh: 22 });
    const r = await router.route([
      { lat: 23.0225, lng: 72.5714 },
      { lat: 23.0395, lng: 72.5661 },
    ]);
    expect(r.distanceM).toBeGreaterThan(2500);
    expect(r.distanceM).toBeLessThan(2700);
    expect(r.durationS).toBe(Math.round(r.distanceM / (22_000 / 3600)));
  });

  it("goes through every stop in order", async () => {
    const router = greatCircleRouter({ detourFactor: 1, avgSpeedKmh: 36 });
    const a = { lat: 0, lng: 0 };
    const b = { lat: 0, lng: 0.01 };
    const direct = await router.route([a, b]);
    const viaBack = await router.route([a, b, a, b]);
    expect(viaBack.distanceM).toBeCloseTo(direct.distanceM * 3, -1);
  });
});

describe("surge", () => {
  it("stays at 1 when supply meets demand", () => {
    expect(surgeMultiplier({ openRequests: 2, availableDrivers: 10, previous: 1, cap: 2 })).toBe(1);
  });

  it("rises with excess demand, smoothed, and never past the cap", () => {
    const first = surgeMultiplier({ openRequests: 20, availableDrivers: 2, previous: 1, cap: 2 });
    expect(first).toBeGreaterThan(1);
    let s = 1;
    for (let i = 0; i < 50; i++) s = surgeMultiplier({ openRequests: 20, availableDrivers: 2, previous: s, cap: 2 });
    expect(s).toBe(2);
    expect(first).toBeLessThan(s);
  });
});
