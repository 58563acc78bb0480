/** Ratings, coupons, points and referrals: the rules of issue 15, without a database. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { bookingPaid, bookingRefunded, refundToRenter } from "../../src/domain/booking-money.ts";
import {
  type Coupon,
  checkCoupon,
  couponDiscount,
  couponTermsProblem,
  normalizeCode,
} from "../../src/domain/coupons.ts";
import { accountKey, type TransferSpec, wallet } from "../../src/domain/ledger.ts";
import { directionOf, needsAttention, ratingWindow, tagProblem, withRating } from "../../src/domain/ratings.ts";
import {
  pointsExpiry,
  pointsFor,
  pointsValue,
  referralCode,
  referralCredit,
  referralProblem,
  spendablePoints,
} from "../../src/domain/rewards.ts";
import { discountIn, rideQuote } from "../../src/domain/ride-quote.ts";
import { testSeed } from "./seed.ts";

describe("ratings", () => {
  it("the first rating replaces the default 5, later ones average", () => {
    assert.deepEqual(withRating({ average: 5, count: 0 }, 3), { average: 3, count: 1 });
    assert.deepEqual(withRating({ average: 3, count: 1 }, 5), { average: 4, count: 2 });
    assert.throws(() => withRating({ average: 5, count: 0 }, 6), RangeError);
    assert.throws(() => withRating({ average: 5, count: 0 }, 2.5), RangeError);
  });

  it("rating one at a time leaves the mean of all ratings, in any order", () => {
    const seed = testSeed("ratings.mean");
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 60 }), (ratings) => {
        const summary = ratings.reduce((s, r) => withRating(s, r), { average: 5, count: 0 });
        const mean = ratings.reduce((a, b) => a + b, 0) / ratings.length;
        assert.equal(summary.count, ratings.length);
        assert.ok(Math.abs(summary.average - mean) < 1e-9);
      }),
      { seed },
    );
  });

  it("the rider rates the driver and the driver the rider; nobody else rates", () => {
    const ride = { riderId: "r", driverId: "d" };
    assert.deepEqual(directionOf(ride, "r"), { direction: "rider_to_driver", subjectId: "d" });
    assert.deepEqual(directionOf(ride, "d"), { direction: "driver_to_rider", subjectId: "r" });
    assert.equal(directionOf(ride, "x"), null);
    assert.equal(directionOf({ riderId: "r", driverId: null }, "r"), null);
  });

  it("is open for 7 days after completion", () => {
    const done = new Date("2026-11-01T10:00:00Z");
    assert.equal(ratingWindow(done, new Date("2026-11-08T10:00:00Z")), null);
    assert.equal(ratingWindow(done, new Date("2026-11-08T10:00:01Z")), "rating_window_closed");
  });

  it("each side gives its own tags; 2 or less goes to the admins", () => {
    assert.equal(tagProblem("rider_to_driver", ["safe_driving", "polite"]), null);
    assert.equal(tagProblem("driver_to_rider", ["safe_driving"]), "safe_driving");
    assert.equal(needsAttention(2), true);
    assert.equal(needsAttention(3), false);
  });
});

const NOW = new Date("2026-11-30T10:00:00Z");
const COUPON: Coupon = {
  code: "WELCOME",
  discountType: "percent",
  discountValue: 2000,
  currency: "INR",
  maxDiscountAmount: 5000,
  minFareAmount: 10_000,
  usageLimit: 10,
  usageCount: 0,
  perUserLimit: 1,
  audience: "all",
  cityId: null,
  services: null,
  vehicleClassIds: null,
  parking: true,
  validFrom: new Date("2026-11-01T00:00:00Z"),
  validUntil: new Date("2026-12-31T00:00:00Z"),
  isActive: true,
};
const ORDER = {
  service: "passenger" as const,
  vehicleClass: "car",
  cityId: "ahmedabad",
  amount: { amount: 18_000, currency: "INR" },
};
const FRESH = { uses: 0, isNew: true };

describe("coupons", () => {
  it("a percentage is rounded down and capped; a fixed amount never exceeds the order", () => {
    assert.equal(couponDiscount(COUPON, 18_000), 3600);
    assert.equal(couponDiscount(COUPON, 40_000), 5000);
    assert.equal(couponDiscount(COUPON, 1_999), 399);
    const fixed = { discountType: "fixed" as const, discountValue: 10_000, currency: "INR", maxDiscountAmount: null };
    assert.equal(couponDiscount(fixed, 6000), 6000);
    assert.equal(couponDiscount(fixed, 16_000), 10_000);
  });

  it("the discount is never negative nor above the amount", () => {
    const seed = testSeed("coupons.bounds");
    fc.assert(
      fc.property(
        fc.constantFrom("percent" as const, "fixed" as const),
        fc.integer({ min: 1, max: 10_000 }),
        fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (discountType, discountValue, maxDiscountAmount, amount) => {
          const d = couponDiscount({ discountType, discountValue, maxDiscountAmount, currency: "INR" }, amount);
          assert.ok(Number.isInteger(d) && d >= 0 && d <= amount);
          if (maxDiscountAmount !== null) assert.ok(d <= maxDiscountAmount);
        },
      ),
      { seed },
    );
  });

  it("gives the discount when every condition holds", () => {
    assert.deepEqual(checkCoupon(COUPON, ORDER, FRESH, NOW), { ok: true, discount: { amount: 3600, currency: "INR" } });
  });

  const refusals: [string, Partial<Coupon>, Partial<typeof ORDER>, Partial<typeof FRESH>][] = [
    ["coupon_inactive", { isActive: false }, {}, {}],
    ["coupon_not_started", { validFrom: new Date("2026-12-01T00:00:00Z") }, {}, {}],
    ["coupon_expired", { validUntil: NOW }, {}, {}],
    ["coupon_used_up", { usageCount: 10 }, {}, {}],
    ["coupon_already_used", {}, {}, { uses: 1 }],
    ["coupon_new_users_only", { audience: "new_users" }, {}, { isNew: false }],
    ["coupon_not_for_service", { services: ["goods"] }, {}, {}],
    ["coupon_not_for_service", { parking: false }, { service: "parking" as never }, {}],
    ["coupon_not_for_vehicle_class", { vehicleClassIds: ["bike"] }, {}, {}],
    ["coupon_not_for_city", { cityId: "new-york" }, {}, {}],
    ["coupon_wrong_currency", {}, { amount: { amount: 18_000, currency: "USD" } }, {}],
    ["coupon_below_minimum", {}, { amount: { amount: 9_999, currency: "INR" } }, {}],
  ];
  for (const [reason, coupon, order, user] of refusals) {
    it(`refuses with ${reason}`, () => {
      const check = checkCoupon({ ...COUPON, ...coupon }, { ...ORDER, ...order }, { ...FRESH, ...user }, NOW);
      assert.equal(check.ok, false);
      assert.equal(check.ok ? null : check.reason, reason);
    });
  }

  it("parking ignores vehicle classes; codes are upper-cased; fixed terms need a currency", () => {
    const parking = { ...ORDER, service: "parking" as const, vehicleClass: null };
    assert.equal(checkCoupon({ ...COUPON, vehicleClassIds: ["bike"] }, parking, FRESH, NOW).ok, true);
    assert.equal(normalizeCode(" welcome50 "), "WELCOME50");
    const terms = { discountType: "fixed" as const, discountValue: 500, maxDiscountAmount: null, minFareAmount: 0 };
    assert.notEqual(couponTermsProblem({ ...terms, currency: null }), null);
    assert.equal(couponTermsProblem({ ...terms, currency: "INR" }), null);
  });

  it("a ride's coupon is a discount line before taxes, never making the ride free", () => {
    const ride = {
      tariff: { currency: "INR", baseFare: 5000, perKm: 1000, perMinute: 0, minimumFare: 0 },
      taxes: [{ code: "GST", name: "GST", ratePpm: 50_000 }],
      surge: 1,
      service: "passenger" as const,
      package: null,
      stops: [],
    };
    const full = rideQuote(ride, 5000, 600);
    assert.equal(full.total.amount, 10_500);
    const coupon = { ...COUPON, id: "c" };
    const discounted = rideQuote({ ...ride, coupon }, 5000, 600);
    assert.equal(discountIn(discounted.lines), 2000);
    assert.equal(discounted.subtotal.amount, 8000);
    assert.equal(discounted.total.amount, 8400);
    const free = { ...coupon, discountValue: 10_000, maxDiscountAmount: null };
    assert.equal(rideQuote({ ...ride, coupon: free }, 5000, 600).subtotal.amount, 1);
  });
});

describe("points and referrals", () => {
  it("points per whole amount, by the city's rule or the default", () => {
    assert.equal(pointsFor(null, 24_500), 24);
    assert.equal(pointsFor({ perAmount: 10_000, points: 10 }, 24_500), 20);
    assert.equal(pointsFor(null, 0), 0);
    assert.equal(pointsValue(400, "INR"), 10_000);
    assert.equal(pointsValue(400, "XYZ"), null);
    assert.equal(referralCredit("INR"), 5000);
  });

  it("points expire 12 months after they were earned", () => {
    assert.equal(pointsExpiry(new Date("2026-01-31T00:00:00Z")).toISOString(), "2027-01-31T00:00:00.000Z");
  });

  it("spending takes the lots that expire first; what expires unspent is lost", () => {
    const lots = [
      { points: 100, expiresAt: new Date("2026-06-01T00:00:00Z") },
      { points: 300, expiresAt: new Date("2027-06-01T00:00:00Z") },
    ];
    assert.equal(spendablePoints(lots, 0, new Date("2026-01-01T00:00:00Z")), 400);
    assert.equal(spendablePoints(lots, 150, new Date("2026-01-01T00:00:00Z")), 250);
    // After the first lot expires: the 150 spent took its 100 and 50 of the second.
    assert.equal(spendablePoints(lots, 150, new Date("2026-07-01T00:00:00Z")), 250);
    // Nothing spent: the first lot's 100 are lost.
    assert.equal(spendablePoints(lots, 0, new Date("2026-07-01T00:00:00Z")), 300);
  });

  it("a code is applied within 7 days of sign-up, never one's own, once", () => {
    const signedUp = new Date("2026-11-25T10:00:00Z");
    const me = { id: "me", createdAt: signedUp, referred: false };
    assert.equal(referralProblem(me, "friend", NOW), null);
    assert.equal(referralProblem(me, "me", NOW), "own_referral_code");
    assert.equal(referralProblem({ ...me, referred: true }, "friend", NOW), "already_referred");
    assert.equal(referralProblem(me, "friend", new Date("2026-12-03T10:00:01Z")), "referral_window_closed");
  });

  it("referral codes are 8 unambiguous characters", () => {
    const code = referralCode(new Uint8Array([0, 1, 2, 3, 4, 5, 250, 255]));
    assert.match(code, /^[A-HJ-NP-Z2-9]{8}$/);
  });
});

/** Each account's net change (credits − debits) over the transfers. */
function nets(steps: TransferSpec[]): Record<string, number> {
  const net: Record<string, number> = {};
  for (const t of steps) {
    net[accountKey(t.debit)] = (net[accountKey(t.debit)] ?? 0) - t.amount;
    net[accountKey(t.credit)] = (net[accountKey(t.credit)] ?? 0) + t.amount;
  }
  return Object.fromEntries(Object.entries(net).filter(([, v]) => v !== 0));
}

describe("a booking's coupon in the ledger", () => {
  const b = { bookingId: "b", ownerId: "o", currency: "INR", subtotal: 10_000, serviceFee: 1_050, discount: 2_000 };
  const renter = wallet("r", "INR");

  it("the renter pays the total less the discount; the owner gets the subtotal; the platform pays the discount", () => {
    assert.deepEqual(nets(bookingPaid({ ...b, from: renter })), {
      "wallet:r:INR": -9_050,
      "earnings:o:INR": 10_000,
      "revenue:INR": -950,
    });
  });

  it("a refund never gives back the discount, and settlement always nets to zero", () => {
    const seed = testSeed("booking.refund");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 1_050 }),
        fc.integer({ min: 0, max: 11_049 }),
        (ownerBack, feeBack, discount) => {
          const paid = bookingPaid({ ...b, discount, from: renter });
          const back = bookingRefunded({ ...b, discount, to: renter, key: "c", ownerBack, feeBack });
          const all = nets([...paid, ...back]);
          assert.equal(all["settlement:INR"], undefined);
          const toRenter = refundToRenter({ ownerBack, feeBack, discount });
          assert.equal(all["wallet:r:INR"] ?? 0, -(b.subtotal + b.serviceFee - discount) + toRenter);
          assert.equal(all["earnings:o:INR"] ?? 0, b.subtotal - ownerBack);
          assert.ok(toRenter <= b.subtotal + b.serviceFee - discount);
        },
      ),
      { seed },
    );
  });
});
