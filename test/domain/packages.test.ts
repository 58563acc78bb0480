/**
 * Packages and order numbers: what a vehicle class can carry and how far
 * (domain/packages.ts), load assist as a fare line (domain/pricing.ts) that
 * the fare at completion charges again (domain/ride.ts), and the order
 * numbers people read (domain/order-number.ts).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { normalizeOrderNumber, orderNumber } from "../../src/domain/order-number.ts";
import { type ClassLimits, classesFor, fits, packageLoad, refusalMessage } from "../../src/domain/packages.ts";
import { quote, type Tariff } from "../../src/domain/pricing.ts";
import { driverRideView, fareAtCompletion, openRide, rideView } from "../../src/domain/ride.ts";
import { testSeed } from "./seed.ts";

const BIKE: ClassLimits = { vehicleClass: "bike", maxWeightKg: 20, maxDistanceKm: 15, loadAssistFee: null };
const AUTO: ClassLimits = { vehicleClass: "auto", maxWeightKg: 100, maxDistanceKm: 30, loadAssistFee: 5000 };
const TRUCK: ClassLimits = { vehicleClass: "mini_truck", maxWeightKg: 750, maxDistanceKm: null, loadAssistFee: 15000 };
const ALL = [BIKE, AUTO, TRUCK];
const GST = [
  { code: "CGST", name: "Central GST", ratePpm: 90_000 },
  { code: "SGST", name: "State GST", ratePpm: 90_000 },
];

describe("what a class can carry", () => {
  it("takes a load up to its weight, and refuses one over it naming max_weight_kg", () => {
    assert.deepEqual(fits(BIKE, { distanceM: 5000, weightKg: 20 }), { ok: true });
    assert.deepEqual(fits(BIKE, { distanceM: 5000, weightKg: 20.5 }), {
      ok: false,
      refusal: { code: "too_heavy", vehicleClass: "bike", maxWeightKg: 20 },
    });
  });

  it("goes up to its distance, and refuses a longer trip naming max_distance_km; no limit is no limit", () => {
    assert.deepEqual(fits(BIKE, { distanceM: 15_000 }), { ok: true });
    assert.deepEqual(fits(BIKE, { distanceM: 15_001 }), {
      ok: false,
      refusal: { code: "too_far", vehicleClass: "bike", maxDistanceKm: 15 },
    });
    assert.deepEqual(fits(TRUCK, { distanceM: 900_000, weightKg: 750 }), { ok: true });
  });

  it("refuses load assist where the class does not offer it, and checks weight before distance", () => {
    assert.equal(fits(BIKE, { distanceM: 1000, weightKg: 5, loadAssist: true }).ok, false);
    assert.deepEqual(fits(BIKE, { distanceM: 1000, loadAssist: true }), {
      ok: false,
      refusal: { code: "load_assist_not_offered", vehicleClass: "bike" },
    });
    assert.deepEqual(fits(BIKE, { distanceM: 99_000, weightKg: 99 }), {
      ok: false,
      refusal: { code: "too_heavy", vehicleClass: "bike", maxWeightKg: 20 },
    });
  });

  it("leaves out of an estimate only the classes that cannot take the trip, in their order", () => {
    assert.deepEqual(
      classesFor(ALL, { distanceM: 5000, weightKg: 60 }).fit.map((c) => c.vehicleClass),
      ["auto", "mini_truck"],
    );
    assert.deepEqual(
      classesFor(ALL, { distanceM: 20_000, weightKg: 10 }).fit.map((c) => c.vehicleClass),
      ["auto", "mini_truck"],
    );
    assert.deepEqual(
      classesFor(ALL, { distanceM: 2000, loadAssist: true }).fit.map((c) => c.vehicleClass),
      ["auto", "mini_truck"],
    );
    assert.equal(classesFor(ALL, { distanceM: 2000, weightKg: 10 }).refusal, null);
  });

  it("when no class takes it, says why by the most capable class", () => {
    assert.deepEqual(classesFor(ALL, { distanceM: 5000, weightKg: 900 }), {
      fit: [],
      refusal: { code: "too_heavy", vehicleClass: "mini_truck", maxWeightKg: 750 },
    });
    assert.deepEqual(classesFor([BIKE, AUTO], { distanceM: 40_000, weightKg: 10 }).refusal, {
      code: "too_far",
      vehicleClass: "auto",
      maxDistanceKm: 30,
    });
    assert.deepEqual(classesFor([BIKE], { distanceM: 1000, weightKg: 25 }).refusal, {
      code: "too_heavy",
      vehicleClass: "bike",
      maxWeightKg: 20,
    });
    assert.deepEqual(classesFor([], { distanceM: 1000 }), { fit: [], refusal: null });
  });

  it("never offers a class over any of its limits (randomised)", () => {
    const seed = testSeed("packages.classesFor");
    const limits = fc.record({
      vehicleClass: fc.constantFrom("a", "b", "c"),
      maxWeightKg: fc.integer({ min: 0, max: 1000 }),
      maxDistanceKm: fc.option(fc.integer({ min: 1, max: 200 })),
      loadAssistFee: fc.option(fc.integer({ min: 0, max: 50_000 })),
    });
    const load = fc.record({
      distanceM: fc.integer({ min: 0, max: 250_000 }),
      weightKg: fc.option(fc.double({ min: 0.1, max: 2000, noNaN: true }), { nil: undefined }),
      loadAssist: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(limits, { maxLength: 5 }), load, (classes, l) => {
        const { fit, refusal } = classesFor(classes, l);
        for (const c of fit) {
          if (l.weightKg !== undefined) assert.ok(l.weightKg <= c.maxWeightKg);
          if (c.maxDistanceKm !== null) assert.ok(l.distanceM <= c.maxDistanceKm * 1000);
          if (l.loadAssist) assert.notEqual(c.loadAssistFee, null);
        }
        assert.equal(fit.length + (refusal ? 1 : 0) > 0, classes.length > 0);
      }),
      { seed },
    );
  });

  it("counts a delivery's package only: a passenger ride's weight and load assist are not checked", () => {
    assert.deepEqual(packageLoad("goods", { weight_kg: 40, load_assist: true }), { weightKg: 40, loadAssist: true });
    assert.deepEqual(packageLoad("goods", { weight_kg: undefined }), { weightKg: undefined, loadAssist: false });
    assert.deepEqual(packageLoad("passenger", { weight_kg: 40, load_assist: true }), {});
    assert.deepEqual(packageLoad("goods", null), {});
  });

  it("names the limit in words", () => {
    assert.equal(
      refusalMessage({ code: "too_heavy", vehicleClass: "bike", maxWeightKg: 20 }, "Bike"),
      "Bike: packages of at most 20 kg.",
    );
    assert.equal(
      refusalMessage({ code: "too_far", vehicleClass: "auto", maxDistanceKm: 30 }, "Auto"),
      "Auto: trips of at most 30 km.",
    );
  });
});

describe("load assist on the fare", () => {
  const autoGoods: Tariff = { currency: "INR", baseFare: 6000, perKm: 1400, perMinute: 0, minimumFare: 6000 };

  it("is its own line at the tariff's price, taxed like the rest and outside surge", () => {
    const q = quote({
      tariff: { ...autoGoods, loadAssistFee: 5000 },
      taxes: GST,
      distanceM: 5000,
      durationS: 900,
      surge: 1.5,
      loadAssist: true,
    });
    assert.deepEqual(
      q.lines.map((l) => [l.code, l.amount]),
      [
        ["base", 6000],
        ["distance", 7000],
        ["surge", 6500],
        ["load_assist", 5000],
        ["tax:CGST", 2205],
        ["tax:SGST", 2205],
      ],
    );
    assert.equal(q.subtotal.amount, 24_500);
    assert.equal(q.total.amount, 28_910);
  });

  it("is not counted toward the minimum fare, and is absent when not asked for or not priced", () => {
    const short = quote({
      tariff: { ...autoGoods, baseFare: 1000, loadAssistFee: 5000 },
      taxes: [],
      distanceM: 100,
      durationS: 60,
      surge: 1,
      loadAssist: true,
    });
    assert.deepEqual(
      short.lines.map((l) => l.code),
      ["base", "distance", "minimum_fare", "load_assist"],
    );
    assert.equal(short.total.amount, 6000 + 5000);
    const without = quote({
      tariff: { ...autoGoods, loadAssistFee: 5000 },
      taxes: [],
      distanceM: 5000,
      durationS: 0,
      surge: 1,
    });
    assert.equal(
      without.lines.some((l) => l.code === "load_assist"),
      false,
    );
    const unpriced = quote({ tariff: autoGoods, taxes: [], distanceM: 5000, durationS: 0, surge: 1, loadAssist: true });
    assert.equal(
      unpriced.lines.some((l) => l.code === "load_assist"),
      false,
    );
  });

  it("is charged again at completion, and the ride shows its order number to both sides", () => {
    const T0 = Date.parse("2026-11-30T09:00:00Z");
    const tariff = { ...autoGoods, loadAssistFee: 5000 };
    const r = openRide(
      {
        id: "11111111-1111-4111-8111-111111111111",
        orderNumber: "CB-AMD-000042",
        riderId: "rider",
        cityId: "ahmedabad",
        service: "goods",
        vehicleClass: "auto",
        pickup: { lat: 23.0225, lng: 72.5714 },
        dropoff: { lat: 23.05, lng: 72.6 },
        stops: [],
        package: { description: "A fridge", weight_kg: 60, load_assist: true },
        scheduledAt: null,
        paymentMethod: "cash",
        tariff,
        taxes: GST,
        surge: 1,
        estimate: quote({ tariff, taxes: GST, distanceM: 4000, durationS: 600, surge: 1, loadAssist: true }),
        estimatedDistanceM: 4000,
        estimatedDurationS: 600,
        cancellationGraceS: 120,
        cancellationFee: 3000,
      },
      new Date(T0).toISOString(),
    );
    r.drivenM = 4000;
    r.state = {
      ...r.state,
      status: "in_progress",
      timestamps: { ...r.state.timestamps, in_progress: new Date(T0).toISOString() },
    };
    const { fare } = fareAtCompletion(r, T0 + 600_000, 1);
    assert.equal(fare.lines.find((l) => l.code === "load_assist")?.amount, 5000);
    assert.deepEqual(fare.total, r.estimate.total);
    assert.equal(rideView(r).order_number, "CB-AMD-000042");
    assert.equal(driverRideView(r).order_number, "CB-AMD-000042");
  });
});

describe("order numbers", () => {
  it("write the city's code and its count, zero-padded to six digits and wider past them", () => {
    assert.equal(orderNumber("AMD", 123), "CB-AMD-000123");
    assert.equal(orderNumber("NYC", 1), "CB-NYC-000001");
    assert.equal(orderNumber("AMD", 999_999), "CB-AMD-999999");
    assert.equal(orderNumber("AMD", 1_234_567), "CB-AMD-1234567");
    assert.throws(() => orderNumber("amd", 1), RangeError);
    assert.throws(() => orderNumber("AMD", 0), RangeError);
    assert.throws(() => orderNumber("AMD", 1.5), RangeError);
  });

  it("read back what someone typed, in any case, and nothing that is not one", () => {
    assert.equal(normalizeOrderNumber(" cb-amd-000123 "), "CB-AMD-000123");
    assert.equal(normalizeOrderNumber("CB-NEW2-1234567"), "CB-NEW2-1234567");
    for (const typed of [
      "",
      "CB-AMD-123",
      "CB-AMD-0000123",
      "CB-AMD-000000",
      "XX-AMD-000123",
      "CB-A-000123",
      "CB-AMD-00012a",
    ]) {
      assert.equal(normalizeOrderNumber(typed), null, typed);
    }
  });

  it("round-trip for every code and count (randomised)", () => {
    const seed = testSeed("order-number.roundtrip");
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z][A-Z0-9]{1,4}$/),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (code, seq) => {
          const written = orderNumber(code, seq);
          assert.equal(normalizeOrderNumber(written.toLowerCase()), written);
        },
      ),
      { seed },
    );
  });
});
