/** Fares, routes and surge: the pure rules behind an estimate. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { money } from "../../src/domain/money.ts";
import { quote } from "../../src/domain/pricing.ts";
import { greatCircleRouter } from "../../src/domain/routing.ts";
import { surgeMultiplier } from "../../src/domain/surge.ts";
import { testSeed } from "./seed.ts";

const GST = [
  { code: "CGST", name: "Central GST", ratePpm: 90_000 },
  { code: "SGST", name: "State GST", ratePpm: 90_000 },
];
const bikeGoods = { currency: "INR", baseFare: 5400, perKm: 500, perMinute: 0, minimumFare: 5400 };

describe("quote", () => {
  it("reproduces the delivery plan's example: 5.2 km by bike is ₹94.40", () => {
    const q = quote({ tariff: bikeGoods, taxes: GST, distanceM: 5200, durationS: 18 * 60, surge: 1 });
    assert.deepEqual(
      q.lines.map((l) => [l.code, l.amount]),
      [
        ["base", 5400],
        ["distance", 2600],
        ["tax:CGST", 720],
        ["tax:SGST", 720],
      ],
    );
    assert.deepEqual(q.subtotal, { amount: 8000, currency: "INR" });
    assert.deepEqual(q.total, { amount: 9440, currency: "INR" });
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
    assert.partialDeepStrictEqual(byCode, { base: 300, distance: 1278, time: 1125, surge: 1352 });
    assert.equal(byCode["tax:SALES"], Math.round(((300 + 1278 + 1125 + 1352) * 88_750) / 1e6));
    assert.equal(
      q.total.amount,
      q.lines.reduce((s, l) => s + l.amount, 0),
    );
    for (const line of q.lines) assert.equal(Number.isInteger(line.amount), true, line.code);
  });

  it("lifts short trips to the minimum fare before taxes", () => {
    const q = quote({
      tariff: { ...bikeGoods, baseFare: 1000, minimumFare: 5000 },
      taxes: GST,
      distanceM: 500,
      durationS: 60,
      surge: 1,
    });
    assert.equal(q.subtotal.amount, 5000);
    assert.equal(q.lines.find((l) => l.code === "minimum_fare")?.amount, 5000 - 1000 - 250);
    assert.equal(q.total.amount, 5900);
  });

  it("never discounts below zero", () => {
    const q = quote({ tariff: bikeGoods, taxes: GST, distanceM: 1000, durationS: 60, surge: 1, discount: 1_000_000 });
    assert.equal(q.subtotal.amount, 0);
    assert.equal(q.total.amount, 0);
  });

  it("adds up for any tariff, trip, surge, discount and taxes: whole minor units, never below zero", () => {
    const seed = testSeed("quote property");
    const tariff = fc.record({
      currency: fc.constantFrom("INR", "USD", "EUR"),
      baseFare: fc.integer({ min: 0, max: 10_000 }),
      perKm: fc.integer({ min: 0, max: 1_000 }),
      perMinute: fc.integer({ min: 0, max: 200 }),
      minimumFare: fc.integer({ min: 0, max: 20_000 }),
    });
    const taxes = fc.array(
      fc.record({ code: fc.constantFrom("CGST", "SGST", "VAT"), name: fc.string(), ratePpm: fc.nat(300_000) }),
      { maxLength: 3 },
    );
    const trip = fc.record({
      tariff,
      taxes,
      distanceM: fc.nat(200_000),
      durationS: fc.nat(3 * 3600),
      surge: fc.double({ min: 0, max: 4, noNaN: true }),
      discount: fc.option(fc.nat(50_000), { nil: undefined }),
    });
    fc.assert(
      fc.property(trip, (input) => {
        const q = quote(input);
        for (const line of q.lines) assert.equal(Number.isSafeInteger(line.amount), true, line.code);
        const taxLines = q.lines.filter((l) => l.code.startsWith("tax:"));
        assert.equal(taxLines.length, input.taxes.length);
        for (const line of taxLines) assert.ok(line.amount >= 0, line.code);
        assert.equal(
          q.subtotal.amount,
          q.lines.filter((l) => !l.code.startsWith("tax:")).reduce((s, l) => s + l.amount, 0),
        );
        assert.equal(
          q.total.amount,
          q.lines.reduce((s, l) => s + l.amount, 0),
        );
        assert.ok(q.subtotal.amount >= 0);
        if (!input.discount) assert.ok(q.subtotal.amount >= input.tariff.minimumFare);
        assert.deepEqual(money(q.total.amount, q.total.currency), q.total);
      }),
      { seed },
    );
  });
});

describe("great-circle router", () => {
  it("stretches straight lines by the detour factor and times them at city speed", async () => {
    const router = greatCircleRouter({ detourFactor: 1.35, avgSpeedKmh: 22 });
    const r = await router.route([
      { lat: 23.0225, lng: 72.5714 },
      { lat: 23.0395, lng: 72.5661 },
    ]);
    assert.ok(r.distanceM > 2500, `${r.distanceM} m`);
    assert.ok(r.distanceM < 2700, `${r.distanceM} m`);
    assert.equal(r.durationS, Math.round(r.distanceM / (22_000 / 3600)));
  });

  it("goes through every stop in order", async () => {
    const router = greatCircleRouter({ detourFactor: 1, avgSpeedKmh: 36 });
    const a = { lat: 0, lng: 0 };
    const b = { lat: 0, lng: 0.01 };
    const direct = await router.route([a, b]);
    const viaBack = await router.route([a, b, a, b]);
    // Three times the direct leg, to the nearest ten metres.
    assert.ok(
      Math.abs(viaBack.distanceM - direct.distanceM * 3) < 5,
      `${viaBack.distanceM} vs 3 × ${direct.distanceM}`,
    );
  });
});

describe("surge", () => {
  it("stays at 1 when supply meets demand", () => {
    assert.equal(surgeMultiplier({ openRequests: 2, availableDrivers: 10, previous: 1, cap: 2 }), 1);
  });

  it("rises with excess demand, smoothed, and never past the cap", () => {
    const first = surgeMultiplier({ openRequests: 20, availableDrivers: 2, previous: 1, cap: 2 });
    assert.ok(first > 1, `${first}`);
    let s = 1;
    for (let i = 0; i < 50; i++) s = surgeMultiplier({ openRequests: 20, availableDrivers: 2, previous: s, cap: 2 });
    assert.equal(s, 2);
    assert.ok(first < s, `${first} < ${s}`);
  });
});
