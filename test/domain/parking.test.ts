/**
 * The parking line's pure rules: the quote (domain/parking-quote.ts), opening
 * hours in the spot's time zone (domain/operating-hours.ts) and the booking
 * rules (domain/booking-rules.ts): windows, refunds, overstays, check-in codes.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  type CancellationPolicy,
  CHECK_IN_ALPHABET,
  cancellationRefund,
  checkInCode,
  overstayCharge,
  PENDING_HOLD_MINUTES,
  windowProblem,
} from "../../src/domain/booking-rules.ts";
import { hoursProblems, openIntervals, openThroughout, type WeeklyHours } from "../../src/domain/operating-hours.ts";
import { quoteParking, type SpotRates } from "../../src/domain/parking-quote.ts";
import { testSeed } from "./seed.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);
const iso = (intervals: { start: Date; end: Date }[]) =>
  intervals.map((i) => [i.start.toISOString(), i.end.toISOString()]);

describe("parking quote", () => {
  const start = at("2026-12-01T09:00:00Z");
  const hourly: SpotRates = { currency: "USD", hourlyRate: 500, dailyRate: null, monthlyRate: null };

  it("reproduces the seed's example: $5/h for 8 hours is $40.00 + $4.50 fee = $44.50, the owner gets $40.00", () => {
    const q = quoteParking(hourly, start, plus(start, 8 * HOUR));
    assert.deepEqual(q, {
      durationMinutes: 480,
      lines: [{ unit: "hour", count: 8, amount: 4000 }],
      subtotal: { amount: 4000, currency: "USD" },
      serviceFee: { amount: 450, currency: "USD" },
      total: { amount: 4450, currency: "USD" },
      ownerPayout: { amount: 4000, currency: "USD" },
    });
  });

  it("bills a started hour as a whole one: 61 minutes is 2 hours", () => {
    const q = quoteParking(hourly, start, plus(start, 61 * MIN));
    assert.equal(q.durationMinutes, 61);
    assert.deepEqual(q.lines, [{ unit: "hour", count: 2, amount: 1000 }]);
    assert.equal(quoteParking(hourly, start, plus(start, 60 * MIN)).subtotal.amount, 500);
  });

  it("bills 20 hours as one day when a day costs less", () => {
    const rates = { ...hourly, dailyRate: 6000 };
    assert.deepEqual(quoteParking(rates, start, plus(start, 20 * HOUR)).lines, [
      { unit: "day", count: 1, amount: 6000 },
    ]);
    // 11 hours ($55) stay cheaper by the hour than a $60 day.
    assert.deepEqual(quoteParking(rates, start, plus(start, 11 * HOUR)).lines, [
      { unit: "hour", count: 11, amount: 5500 },
    ]);
    // 27 hours: a day and 3 hours ($75), not two days ($120).
    assert.deepEqual(quoteParking(rates, start, plus(start, 27 * HOUR)).lines, [
      { unit: "day", count: 1, amount: 6000 },
      { unit: "hour", count: 3, amount: 1500 },
    ]);
  });

  it("mixes months, days and hours, and offers no unit whose rate is null", () => {
    const rates = { currency: "INR", hourlyRate: 4000, dailyRate: 30_000, monthlyRate: 500_000 };
    const window = 30 * DAY + 2 * DAY + 5 * HOUR;
    assert.deepEqual(quoteParking(rates, start, plus(start, window)).lines, [
      { unit: "month", count: 1, amount: 500_000 },
      { unit: "day", count: 2, amount: 60_000 },
      { unit: "hour", count: 5, amount: 20_000 },
    ]);
    // 25 days cost more by the day (₹7,500) than a month (₹5,000).
    assert.deepEqual(quoteParking(rates, start, plus(start, 25 * DAY)).lines, [
      { unit: "month", count: 1, amount: 500_000 },
    ]);
    assert.deepEqual(quoteParking({ ...rates, monthlyRate: null }, start, plus(start, 25 * DAY)).lines, [
      { unit: "day", count: 25, amount: 750_000 },
    ]);
  });

  it("refuses an empty window and fractional rates", () => {
    assert.throws(() => quoteParking(hourly, start, start), RangeError);
    assert.throws(() => quoteParking({ ...hourly, dailyRate: 12.5 }, start, plus(start, HOUR)), RangeError);
  });

  it("never costs more than by the hour, never less than nothing, more for longer; the lines add up", () => {
    const seed = testSeed("parking quote");
    const rates = fc.record({
      currency: fc.constantFrom("USD", "INR", "JPY"),
      hourlyRate: fc.integer({ min: 0, max: 10_000 }),
      dailyRate: fc.option(fc.integer({ min: 0, max: 200_000 })),
      monthlyRate: fc.option(fc.integer({ min: 0, max: 3_000_000 })),
    });
    const minutes = fc.integer({ min: 1, max: 70 * 24 * 60 });
    fc.assert(
      fc.property(rates, minutes, minutes, (r, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        const q = quoteParking(r, start, plus(start, short * MIN));
        const longer = quoteParking(r, start, plus(start, long * MIN));
        const byTheHour = Math.ceil(short / 60) * r.hourlyRate;
        assert.ok(q.subtotal.amount >= 0);
        assert.ok(q.subtotal.amount <= byTheHour, `${q.subtotal.amount} > ${byTheHour} by the hour`);
        assert.ok(longer.subtotal.amount >= q.subtotal.amount, "a longer window cost less");
        assert.equal(
          q.lines.reduce((s, l) => s + l.amount, 0),
          q.subtotal.amount,
        );
        assert.equal(q.total.amount, q.subtotal.amount + q.serviceFee.amount);
        assert.deepEqual(q.ownerPayout, q.subtotal);
        // The cheapest mix, checked against trying every count of months and days.
        const hours = Math.ceil(short / 60);
        let best = Number.POSITIVE_INFINITY;
        for (let m = 0; m <= (r.monthlyRate === null ? 0 : Math.ceil(hours / 720)); m++) {
          for (let d = 0; d <= (r.dailyRate === null ? 0 : Math.ceil(hours / 24)); d++) {
            const left = Math.max(0, hours - 720 * m - 24 * d);
            best = Math.min(best, m * (r.monthlyRate ?? 0) + d * (r.dailyRate ?? 0) + left * r.hourlyRate);
          }
        }
        assert.equal(q.subtotal.amount, best);
      }),
      { seed },
    );
  });
});

describe("operating hours", () => {
  const weekdays: WeeklyHours = {
    mon: ["09:00-18:00"],
    tue: ["09:00-18:00"],
    wed: ["09:00-18:00"],
    thu: ["09:00-18:00"],
    fri: ["09:00-18:00"],
  };
  const KOLKATA = "Asia/Kolkata";

  it("accepts good hours and says what is wrong with bad ones", () => {
    assert.deepEqual(hoursProblems(weekdays), []);
    assert.deepEqual(hoursProblems(null), []);
    assert.deepEqual(hoursProblems(undefined), []);
    assert.deepEqual(hoursProblems({ sat: ["00:00-24:00"], sun: [], mon: ["09:00-12:00", "12:00-18:00"] }), []);
    const bad = hoursProblems({
      funday: ["09:00-10:00"],
      mon: ["18:00-09:00"],
      tue: ["9:00-10:00"],
      wed: ["24:00-24:00", "10:00-24:30"],
      thu: ["09:00-13:00", "12:00-18:00"],
      fri: "09:00-18:00",
      sat: [900],
    });
    assert.equal(bad.length, 8, bad.join("\n"));
    assert.ok(bad.some((p) => p.startsWith("funday")));
    assert.ok(bad.some((p) => p.startsWith("mon[0]") && p.includes("close after it opens")));
    assert.ok(bad.some((p) => p.startsWith("thu") && p.includes("overlap")));
    assert.deepEqual(hoursProblems(["mon"]), ["hours must be an object of weekday → ranges"]);
    assert.deepEqual(hoursProblems("always"), ["hours must be an object of weekday → ranges"]);
  });

  it("in Kolkata, a weekday 09:00–18:00 spot is open until closing exactly, not a minute past", () => {
    // Monday 30 November 2026: 09:00–18:00 IST is 03:30–12:30 UTC.
    const open = at("2026-11-30T03:30:00Z");
    const close = at("2026-11-30T12:30:00Z");
    assert.equal(openThroughout(weekdays, KOLKATA, open, close), true);
    assert.equal(openThroughout(weekdays, KOLKATA, plus(open, HOUR), plus(open, 3 * HOUR)), true);
    assert.equal(openThroughout(weekdays, KOLKATA, open, plus(close, MIN)), false);
    assert.equal(openThroughout(weekdays, KOLKATA, plus(open, -MIN), close), false);
    // Saturday is closed.
    assert.equal(openThroughout(weekdays, KOLKATA, at("2026-12-05T04:00:00Z"), at("2026-12-05T05:00:00Z")), false);
  });

  it("lists the open stretches of a range in UTC, clipped to it", () => {
    const week = openIntervals(weekdays, KOLKATA, at("2026-11-30T06:00:00Z"), at("2026-12-07T00:00:00Z"));
    assert.deepEqual(iso(week), [
      ["2026-11-30T06:00:00.000Z", "2026-11-30T12:30:00.000Z"],
      ["2026-12-01T03:30:00.000Z", "2026-12-01T12:30:00.000Z"],
      ["2026-12-02T03:30:00.000Z", "2026-12-02T12:30:00.000Z"],
      ["2026-12-03T03:30:00.000Z", "2026-12-03T12:30:00.000Z"],
      ["2026-12-04T03:30:00.000Z", "2026-12-04T12:30:00.000Z"],
    ]);
    assert.deepEqual(openIntervals(weekdays, KOLKATA, at("2026-12-05T00:00:00Z"), at("2026-12-06T00:00:00Z")), []);
  });

  it("joins ranges that meet at midnight into one stretch, and not ranges that do not", () => {
    const weekend: WeeklyHours = { fri: ["22:00-24:00"], sat: ["00:00-24:00"], sun: ["00:00-06:00"] };
    // Friday 4 December 22:00 IST → Sunday 6 December 06:00 IST.
    const fri22 = at("2026-12-04T16:30:00Z");
    const sun06 = at("2026-12-06T00:30:00Z");
    assert.deepEqual(iso(openIntervals(weekend, KOLKATA, at("2026-12-04T00:00:00Z"), at("2026-12-07T00:00:00Z"))), [
      [fri22.toISOString(), sun06.toISOString()],
    ]);
    assert.equal(openThroughout(weekend, KOLKATA, fri22, sun06), true);
    assert.equal(openThroughout(weekend, KOLKATA, fri22, plus(sun06, MIN)), false);
    // 20:00–23:00 then 00:00–06:00 leaves the hour before midnight closed.
    const gap: WeeklyHours = { mon: ["20:00-23:00"], tue: ["00:00-06:00"] };
    assert.equal(openThroughout(gap, KOLKATA, at("2026-11-30T17:00:00Z"), at("2026-11-30T20:00:00Z")), false);
    assert.equal(openThroughout(gap, KOLKATA, at("2026-11-30T18:30:00Z"), at("2026-12-01T00:30:00Z")), true);
  });

  it("follows New York across the March 2027 change to daylight time", () => {
    const NY = "America/New_York";
    // Saturday 13 March 22:00 EST (03:00Z) → Sunday 14 March 06:00 EDT (10:00Z): 7 hours, not 8.
    const overnight: WeeklyHours = { sat: ["22:00-24:00"], sun: ["00:00-06:00"] };
    assert.deepEqual(iso(openIntervals(overnight, NY, at("2027-03-13T00:00:00Z"), at("2027-03-15T00:00:00Z"))), [
      ["2027-03-14T03:00:00.000Z", "2027-03-14T10:00:00.000Z"],
    ]);
    assert.equal(openThroughout(overnight, NY, at("2027-03-14T03:00:00Z"), at("2027-03-14T10:00:00Z")), true);
    assert.equal(openThroughout(overnight, NY, at("2027-03-14T03:00:00Z"), at("2027-03-14T11:00:00Z")), false);
    // 08:00–20:00 every day is 13:00–01:00 UTC before the change and 12:00–00:00 after it.
    const daily = Object.fromEntries(["sat", "sun", "mon"].map((d) => [d, ["08:00-20:00"]])) as WeeklyHours;
    assert.deepEqual(iso(openIntervals(daily, NY, at("2027-03-13T00:00:00Z"), at("2027-03-16T06:00:00Z"))), [
      ["2027-03-13T13:00:00.000Z", "2027-03-14T01:00:00.000Z"],
      ["2027-03-14T12:00:00.000Z", "2027-03-15T00:00:00.000Z"],
      ["2027-03-15T12:00:00.000Z", "2027-03-16T00:00:00.000Z"],
    ]);
    // The skipped hour: 02:00–03:00 does not happen that Sunday; a 02:30 opening is read as 03:30.
    assert.deepEqual(
      openIntervals({ sun: ["02:00-03:00"] }, NY, at("2027-03-14T00:00:00Z"), at("2027-03-15T00:00:00Z")),
      [],
    );
    assert.deepEqual(
      iso(openIntervals({ sun: ["02:30-04:00"] }, NY, at("2027-03-14T00:00:00Z"), at("2027-03-15T00:00:00Z"))),
      [["2027-03-14T07:30:00.000Z", "2027-03-14T08:00:00.000Z"]],
    );
  });

  it("gives the day the clocks go back its 25 hours", () => {
    const sunday = openIntervals(
      { sun: ["00:00-24:00"] },
      "America/New_York",
      at("2027-11-07T00:00:00Z"),
      at("2027-11-09T00:00:00Z"),
    );
    assert.deepEqual(iso(sunday), [["2027-11-07T04:00:00.000Z", "2027-11-08T05:00:00.000Z"]]);
  });

  it("treats no hours as open always, and an empty week as never open", () => {
    const from = at("2027-01-01T00:00:00Z");
    const to = at("2027-02-01T00:00:00Z");
    assert.equal(openThroughout(null, KOLKATA, from, to), true);
    assert.equal(openThroughout(undefined, "America/New_York", from, to), true);
    assert.deepEqual(iso(openIntervals(null, KOLKATA, from, to)), [[from.toISOString(), to.toISOString()]]);
    assert.equal(openThroughout({}, KOLKATA, from, plus(from, HOUR)), false);
    assert.equal(openThroughout(null, KOLKATA, from, from), false);
  });

  it("refuses a time zone it does not know", () => {
    assert.throws(
      () => openThroughout(weekdays, "Mars/Olympus_Mons", at("2026-11-30T04:00:00Z"), at("2026-11-30T05:00:00Z")),
      RangeError,
    );
  });
});

describe("booking rules", () => {
  const now = at("2026-12-01T10:00:00Z");

  describe("windowProblem", () => {
    it("accepts a window from now, of 30 minutes, up to 30 days ahead", () => {
      assert.equal(windowProblem(now, plus(now, 30 * MIN), now), null);
      assert.equal(windowProblem(plus(now, 30 * DAY), plus(now, 30 * DAY + HOUR), now), null);
    });
    it("names the first problem: in the past, too short, too far", () => {
      assert.equal(windowProblem(plus(now, -1), plus(now, HOUR), now), "window_in_past");
      assert.equal(windowProblem(plus(now, -HOUR), plus(now, -HOUR + 10 * MIN), now), "window_in_past");
      assert.equal(windowProblem(now, plus(now, 30 * MIN - 1), now), "window_too_short");
      assert.equal(windowProblem(plus(now, HOUR), now, now), "window_too_short");
      assert.equal(windowProblem(plus(now, 30 * DAY + 1), plus(now, 31 * DAY), now), "window_too_far");
      assert.equal(windowProblem(plus(now, 40 * DAY), plus(now, 40 * DAY + MIN), now), "window_too_short");
    });
  });

  describe("cancellationRefund", () => {
    const paid = { subtotal: 4000, serviceFee: 450 };
    const startsAt = plus(now, 10 * DAY);
    const refundAt = (policy: CancellationPolicy, before: number, by: "renter" | "owner" | "admin" = "renter") =>
      cancellationRefund({ policy, by, paid, startsAt, now: plus(startsAt, -before) });

    it("flexible: all back until the start, nothing from the start on", () => {
      assert.deepEqual(refundAt("flexible", 1), { refund: 4450, ownerKeeps: 0, platformKeeps: 0 });
      assert.deepEqual(refundAt("flexible", 0), { refund: 0, ownerKeeps: 4000, platformKeeps: 450 });
      assert.deepEqual(refundAt("flexible", -HOUR), { refund: 0, ownerKeeps: 4000, platformKeeps: 450 });
    });

    it("moderate: all back until 24 h before (24 h exactly included), half after, nothing from the start", () => {
      assert.deepEqual(refundAt("moderate", DAY), { refund: 4450, ownerKeeps: 0, platformKeeps: 0 });
      assert.deepEqual(refundAt("moderate", DAY - 1), { refund: 2225, ownerKeeps: 2000, platformKeeps: 225 });
      assert.deepEqual(refundAt("moderate", 0), { refund: 0, ownerKeeps: 4000, platformKeeps: 450 });
    });

    it("strict: half back until 7 days before (7 days exactly included), nothing after", () => {
      assert.deepEqual(refundAt("strict", 7 * DAY), { refund: 2225, ownerKeeps: 2000, platformKeeps: 225 });
      assert.deepEqual(refundAt("strict", 7 * DAY - 1), { refund: 0, ownerKeeps: 4000, platformKeeps: 450 });
      assert.deepEqual(refundAt("strict", 30 * DAY).refund, 2225);
    });

    it("rounds the half down, and splits what is kept in proportion to subtotal and fee", () => {
      const odd = cancellationRefund({
        policy: "moderate",
        by: "renter",
        paid: { subtotal: 1001, serviceFee: 150 },
        startsAt,
        now: plus(startsAt, -HOUR),
      });
      // 1151 paid: 575 back (not 576); 576 kept, 1001 : 150 → 500.9… : 75.1…, the spare unit to the larger remainder.
      assert.deepEqual(odd, { refund: 575, ownerKeeps: 501, platformKeeps: 75 });
    });

    it("refunds everything when the owner or an admin cancels, even after the start", () => {
      for (const by of ["owner", "admin"] as const) {
        for (const policy of ["flexible", "moderate", "strict"] as const) {
          assert.deepEqual(refundAt(policy, -HOUR, by), { refund: 4450, ownerKeeps: 0, platformKeeps: 0 });
        }
      }
    });

    it("always adds up to what was paid, and never refunds more", () => {
      const seed = testSeed("cancellation refund");
      fc.assert(
        fc.property(
          fc.constantFrom<CancellationPolicy>("flexible", "moderate", "strict"),
          fc.constantFrom("renter" as const, "owner" as const, "admin" as const),
          fc.integer({ min: 0, max: 5_000_000 }),
          fc.integer({ min: 0, max: 500_000 }),
          fc.integer({ min: -10 * DAY, max: 20 * DAY }),
          (policy, by, subtotal, serviceFee, before) => {
            const r = cancellationRefund({
              policy,
              by,
              paid: { subtotal, serviceFee },
              startsAt,
              now: plus(startsAt, -before),
            });
            assert.equal(r.refund + r.ownerKeeps + r.platformKeeps, subtotal + serviceFee);
            assert.ok(r.refund >= 0 && r.refund <= subtotal + serviceFee);
            assert.ok(r.ownerKeeps >= 0 && r.ownerKeeps <= subtotal, "the owner keeps more than the subtotal");
            assert.ok(r.platformKeeps >= 0 && r.platformKeeps <= serviceFee, "the platform keeps more than the fee");
            for (const n of [r.refund, r.ownerKeeps, r.platformKeeps]) assert.ok(Number.isInteger(n));
          },
        ),
        { seed },
      );
    });
  });

  describe("overstayCharge", () => {
    const endsAt = at("2026-12-01T18:00:00Z");
    it("is nothing on time or early", () => {
      assert.equal(overstayCharge(500, endsAt, endsAt), 0);
      assert.equal(overstayCharge(500, endsAt, plus(endsAt, -HOUR)), 0);
    });
    it("charges each started 15 minutes as a quarter of the hourly rate", () => {
      assert.equal(overstayCharge(500, endsAt, plus(endsAt, MIN)), 125);
      assert.equal(overstayCharge(500, endsAt, plus(endsAt, 15 * MIN)), 125);
      assert.equal(overstayCharge(500, endsAt, plus(endsAt, 16 * MIN)), 250);
      assert.equal(overstayCharge(500, endsAt, plus(endsAt, HOUR)), 500);
      assert.equal(overstayCharge(500, endsAt, plus(endsAt, HOUR + 1)), 625);
    });
    it("rounds a quarter up to a whole minor unit, and four quarters cost the hourly rate", () => {
      assert.equal(overstayCharge(501, endsAt, plus(endsAt, MIN)), 126);
      assert.equal(overstayCharge(501, endsAt, plus(endsAt, HOUR)), 501);
    });
  });

  describe("checkInCode", () => {
    it("writes six unambiguous characters from six bytes", () => {
      assert.equal(checkInCode(new Uint8Array(6)), "222222");
      const code = checkInCode(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
      assert.match(code, /^[2-9A-HJKMNP-Z]{6}$/);
      assert.notEqual(
        checkInCode(Uint8Array.from([1, 2, 3, 4, 5, 6])),
        checkInCode(Uint8Array.from([1, 2, 3, 4, 5, 7])),
      );
    });
    it("never uses 0, O, 1, I or L, and covers the whole alphabet", () => {
      assert.equal(CHECK_IN_ALPHABET.length, 31);
      assert.doesNotMatch(CHECK_IN_ALPHABET, /[0O1IL]/);
      const seen = new Set<string>();
      const seed = testSeed("check-in code");
      fc.assert(
        fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => {
          const code = checkInCode(bytes);
          assert.match(code, /^[2-9A-HJKMNP-Z]{6}$/);
          for (const c of code) seen.add(c);
        }),
        { seed, numRuns: 500 },
      );
      assert.equal(seen.size, 31);
    });
    it("refuses any other number of bytes", () => {
      assert.throws(() => checkInCode(new Uint8Array(5)), RangeError);
      assert.throws(() => checkInCode(new Uint8Array(7)), RangeError);
    });
  });

  it("holds an unpaid booking for 15 minutes", () => {
    assert.equal(PENDING_HOLD_MINUTES, 15);
  });
});
