/** The money rules: fees, how a fare and a refund divide, the ledger's movements, and payments that never go back. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  cardHold,
  minorPerMajor,
  parkingServiceFee,
  splitFare,
  splitRefund,
  taxesIn,
  withDiscount,
} from "../../src/domain/fees.ts";
import {
  accountKey,
  available,
  cashCollected,
  divide,
  mustNotOverdraw,
  pending,
  platform,
  undivide,
  wallet,
} from "../../src/domain/ledger.ts";
import { money } from "../../src/domain/money.ts";
import { eventApplies, refundStatus } from "../../src/domain/payment-status.ts";
import { testSeed } from "./seed.ts";

describe("the parking service fee", () => {
  it("is 10 % of the subtotal plus 0.50 of the currency: seed 004's $40 for 8 hours → $4.50, total $44.50", () => {
    const fee = parkingServiceFee(money(4000, "USD"));
    assert.deepEqual(fee, { amount: 450, currency: "USD" });
    assert.equal(4000 + fee.amount, 4450);
  });

  it("knows the currency's minor unit: ₹0.50 is 50 paise, ¥0.5 rounds to ¥1, 0.500 KWD is 500 fils", () => {
    assert.deepEqual(parkingServiceFee(money(10_000, "INR")), { amount: 1050, currency: "INR" });
    assert.equal(minorPerMajor("JPY"), 1);
    assert.deepEqual(parkingServiceFee(money(1000, "JPY")), { amount: 101, currency: "JPY" });
    assert.deepEqual(parkingServiceFee(money(10_000, "KWD")), { amount: 1500, currency: "KWD" });
  });
});

describe("a card hold", () => {
  it("is the estimate plus the city's buffer, rounded up", () => {
    assert.equal(cardHold(9440, 2000), 11_328);
    assert.equal(cardHold(1001, 2000), 1202);
    assert.equal(cardHold(500, 0), 500);
  });
});

describe("splitting a fare", () => {
  it("gives the taxes to the tax authority, the commission on the fare before tax to the platform, the rest to the driver", () => {
    // ₹94.40 = ₹80 + 18 % GST; 20 % of ₹80 is ₹16.
    assert.deepEqual(splitFare({ total: 9440, taxes: 1440, commissionBps: 2000 }), {
      driver: 6400,
      commission: 1600,
      taxes: 1440,
    });
    assert.equal(
      taxesIn([
        { code: "base", amount: 5400 },
        { code: "tax:CGST", amount: 720 },
        { code: "tax:SGST", amount: 720 },
      ]),
      1440,
    );
  });

  it("divides a coupon ride's fare before the discount: the driver's share is unchanged, the platform's is less", () => {
    // ₹80 less a ₹10 coupon is ₹70 + 18 % GST = ₹82.60; the split is of the ₹80, and sums to what came in plus the discount.
    const split = splitFare({ total: 8260, taxes: 1260, commissionBps: 2000, discount: 1000 });
    assert.deepEqual(split, { driver: 6400, commission: 1600, taxes: 1260 });
    assert.equal(split.driver + split.commission + split.taxes, 8260 + 1000);
  });

  it("always adds up, and a refund's shares add up to the refund and never exceed the fare's", () => {
    const seed = testSeed("fare split");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 3_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (total, taxPermille, commissionBps, refund) => {
          const split = splitFare({ total, taxes: Math.floor((total * taxPermille) / 10_000), commissionBps });
          assert.equal(split.driver + split.commission + split.taxes, total);
          assert.ok(split.driver >= 0 && split.commission >= 0 && split.taxes >= 0);
          const amount = Math.min(refund, total);
          const back = splitRefund(split, amount);
          assert.equal(back.driver + back.commission + back.taxes, amount);
          assert.ok(back.commission <= split.commission && back.taxes <= split.taxes && back.driver <= split.driver);
        },
      ),
      { seed, numRuns: 2000 },
    );
  });

  it("refunds of a coupon ride take back fare and discount in proportion, all of both with the last of the money", () => {
    const split = { driver: 800, commission: 150, taxes: 50 }; // fare + discount 1,000; the rider paid 900
    assert.equal(withDiscount(split, 100, 450), 500);
    assert.equal(withDiscount(split, 100, 900), 1_000);
    assert.equal(withDiscount(split, 0, 450), 450);
    // Parts add up: what is left after a first part is taken back in full by the rest.
    const first = withDiscount(split, 100, 300);
    const left = splitRefund(split, first);
    const rest = { driver: 800 - left.driver, commission: 150 - left.commission, taxes: 50 - left.taxes };
    assert.equal(withDiscount(rest, 100 - (first - 300), 600), 1_000 - first);
  });
});

describe("the ledger's movements", () => {
  const links = { rideId: "ride-1" };

  it("names accounts by kind, holder and currency, and only a wallet may never go negative", () => {
    assert.equal(accountKey(wallet("u1", "INR")), "wallet:u1:INR");
    assert.equal(accountKey(platform("commission", "USD")), "commission:USD");
    assert.equal(mustNotOverdraw("wallet"), true);
    assert.equal(mustNotOverdraw("earnings"), false);
  });

  it("divides a ride's money out of settlement, and a refund takes the same shares back", () => {
    const split = { driver: 6400, commission: 1600, taxes: 1440 };
    const out = divide("ride:1", "d1", "INR", split, links);
    assert.deepEqual(
      out.map((t) => [t.key, accountKey(t.debit), accountKey(t.credit), t.amount]),
      [
        ["ride:1:driver", "settlement:INR", "earnings:d1:INR", 6400],
        ["ride:1:commission", "settlement:INR", "commission:INR", 1600],
        ["ride:1:taxes", "settlement:INR", "taxes:INR", 1440],
      ],
    );
    const back = undivide("refund:1", "d1", "INR", split, links);
    assert.deepEqual(
      back.map((t) => [accountKey(t.debit), accountKey(t.credit), t.code]),
      [
        ["earnings:d1:INR", "settlement:INR", "refund_driver_share"],
        ["commission:INR", "settlement:INR", "refund_commission"],
        ["taxes:INR", "settlement:INR", "refund_tax"],
      ],
    );
    assert.equal(divide("ride:2", "d1", "INR", { driver: 800, commission: 200, taxes: 0 }, links).length, 2);
  });

  it("leaves a cash ride's driver owing exactly the commission and taxes, and settlement and cash at zero", () => {
    const split = splitFare({ total: 9440, taxes: 1440, commissionBps: 2000 });
    const moves = cashCollected("ride:3", "d1", "INR", 9440, split, links);
    const net = new Map<string, number>();
    for (const t of moves) {
      net.set(accountKey(t.debit), (net.get(accountKey(t.debit)) ?? 0) - t.amount);
      net.set(accountKey(t.credit), (net.get(accountKey(t.credit)) ?? 0) + t.amount);
    }
    assert.equal(net.get("earnings:d1:INR"), -(1600 + 1440));
    assert.equal(net.get("settlement:INR"), 0);
    assert.equal(net.get("cash:INR"), 0);
    assert.equal(net.get("commission:INR"), 1600);
    assert.equal(net.get("taxes:INR"), 1440);
  });

  it("reads a balance as TigerBeetle does: available = posted credits − posted debits − held debits", () => {
    const a = { debitsPending: 300, debitsPosted: 1000, creditsPending: 50, creditsPosted: 5000 };
    assert.equal(available(a), 3700);
    assert.equal(pending(a), -250);
  });
});

describe("a payment's status under webhooks", () => {
  const t = (s: number) => new Date(Date.UTC(2026, 10, 30, 3, 0, s));

  it("moves forward with newer events and never back with older ones", () => {
    assert.equal(eventApplies("authorized", t(10), "succeeded", t(11)), true);
    assert.equal(eventApplies("succeeded", t(11), "authorized", t(10)), false);
    assert.equal(eventApplies("succeeded", t(11), "authorized", t(11)), false, "same second, backwards");
    assert.equal(eventApplies("pending", null, "authorized", t(1)), true);
    assert.equal(eventApplies("cancelled", t(5), "succeeded", t(6)), false, "a released hold never succeeds");
    assert.equal(eventApplies("succeeded", t(5), "refunded", t(6)), true);
  });

  it("calls a payment refunded once all of what was captured is returned", () => {
    assert.equal(refundStatus(1000, 0), "succeeded");
    assert.equal(refundStatus(1000, 400), "partially_refunded");
    assert.equal(refundStatus(1000, 1000), "refunded");
  });
});
