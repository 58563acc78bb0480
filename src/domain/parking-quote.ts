/**
 * The price of a parking window: the window's hours, billed at the cheapest
 * mix of the spot's monthly, daily and hourly rates, plus the renter's service
 * fee. Used by the booking routes (quote, create, extend); the owner is paid
 * the subtotal.
 *
 * @example
 * // $5/h, 09:00–17:00: 8 h × $5 = $40.00, fee $4.00 + $0.50 → $44.50.
 * quoteParking({ currency: "USD", hourlyRate: 500, dailyRate: null, monthlyRate: null }, nine, five)
 * // → { durationMinutes: 480, lines: [{ unit: "hour", count: 8, amount: 4000 }],
 * //     subtotal: 4000 USD, serviceFee: 450 USD, total: 4450 USD, ownerPayout: 4000 USD }
 */
import { parkingServiceFee } from "./fees.ts";
import { type Money, money } from "./money.ts";

/** A spot's prices, in minor units; a null rate is a unit the owner does not offer. */
export interface SpotRates {
  currency: string;
  hourlyRate: number;
  dailyRate: number | null;
  monthlyRate: number | null;
}

export type ParkingUnit = "hour" | "day" | "month";

export interface ParkingQuote {
  /** The window's length, in minutes (a part minute counts as one). */
  durationMinutes: number;
  /** How the subtotal was made: e.g. [{unit:"day",count:1,amount:…},{unit:"hour",count:3,amount:…}] */
  lines: { unit: ParkingUnit; count: number; amount: number }[];
  subtotal: Money;
  serviceFee: Money;
  total: Money;
  ownerPayout: Money;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** A billed day and month, in hours: a month is 30 days whatever the calendar says. */
const DAY_HOURS = 24;
const MONTH_HOURS = 30 * DAY_HOURS;

interface Mix {
  months: number;
  days: number;
  hours: number;
  cost: number;
}

/**
 * The cheapest mix of days and hours covering `hours` hours. The cost of d
 * days plus the hours they leave is convex in d (falling by D − 24·R per day
 * until the days cover everything, then rising by D), so the best d is none,
 * or the whole days just below or just above the hours.
 */
function daysAndHours(hours: number, rates: SpotRates): Omit<Mix, "months"> {
  const candidates = [0];
  if (rates.dailyRate !== null) candidates.push(Math.floor(hours / DAY_HOURS), Math.ceil(hours / DAY_HOURS));
  let best: Omit<Mix, "months"> | null = null;
  for (const days of candidates) {
    const left = Math.max(0, hours - days * DAY_HOURS);
    const cost = days * (rates.dailyRate ?? 0) + left * rates.hourlyRate;
    // Ties go to the larger unit: "1 day" reads better than "24 hours" at the same price.
    if (best === null || cost < best.cost || (cost === best.cost && days > best.days)) {
      best = { days, hours: left, cost };
    }
  }
  return best ?? { days: 0, hours, cost: hours * rates.hourlyRate };
}

/** The cheapest mix of months, days and hours covering `hours` hours (months tried one count at a time). */
function cheapestMix(hours: number, rates: SpotRates): Mix {
  const maxMonths = rates.monthlyRate === null ? 0 : Math.ceil(hours / MONTH_HOURS);
  let best: Mix | null = null;
  for (let months = maxMonths; months >= 0; months--) {
    const rest = daysAndHours(Math.max(0, hours - months * MONTH_HOURS), rates);
    const cost = months * (rates.monthlyRate ?? 0) + rest.cost;
    // Counting down, so a tie keeps the mix with more months.
    if (best === null || cost < best.cost) best = { months, ...rest, cost };
  }
  return best ?? { months: 0, ...daysAndHours(hours, rates) };
}

function checkRate(name: string, rate: number | null): void {
  if (rate !== null && !(Number.isSafeInteger(rate) && rate >= 0)) {
    throw new RangeError(`${name} must be a non-negative integer of minor units, got ${rate}`);
  }
}

/**
 * Prices [startsAt, endsAt). The window is billed in whole hours, rounded up
 * (61 minutes is 2 hours); the subtotal is the cheapest mix of whole months
 * (720 h), days (24 h) and hours that covers them, so 20 hours cost one day
 * when a day is cheaper than 20 hours. Throws a RangeError for an empty or
 * backwards window, or a rate that is not whole minor units.
 */
export function quoteParking(rates: SpotRates, startsAt: Date, endsAt: Date): ParkingQuote {
  const ms = endsAt.getTime() - startsAt.getTime();
  if (!(ms > 0)) throw new RangeError("a parking window must end after it starts");
  checkRate("hourlyRate", rates.hourlyRate);
  checkRate("dailyRate", rates.dailyRate);
  checkRate("monthlyRate", rates.monthlyRate);
  const mix = cheapestMix(Math.ceil(ms / HOUR_MS), rates);
  const lines: ParkingQuote["lines"] = [];
  if (mix.months > 0) lines.push({ unit: "month", count: mix.months, amount: mix.months * (rates.monthlyRate ?? 0) });
  if (mix.days > 0) lines.push({ unit: "day", count: mix.days, amount: mix.days * (rates.dailyRate ?? 0) });
  if (mix.hours > 0) lines.push({ unit: "hour", count: mix.hours, amount: mix.hours * rates.hourlyRate });
  const subtotal = money(mix.cost, rates.currency);
  const serviceFee = parkingServiceFee(subtotal);
  return {
    durationMinutes: Math.ceil(ms / MINUTE_MS),
    lines,
    subtotal,
    serviceFee,
    total: money(subtotal.amount + serviceFee.amount, rates.currency),
    ownerPayout: subtotal,
  };
}
