/**
 * Fares: a tariff (per city, vehicle class and service) applied to a trip's
 * distance and duration, with surge and taxes as separate lines. All money
 * is integer minor units; every line is rounded once, and the total is the
 * sum of the lines, so what a rider sees always adds up.
 *
 * @example
 * // Ahmedabad bike delivery, 5.2 km: base ₹54 + distance ₹26 = ₹80,
 * // CGST 9 % ₹7.20 + SGST 9 % ₹7.20 → total ₹94.40 (9440 paise).
 * quote({ tariff, taxes, distanceM: 5200, durationS: 1080, surge: 1 }).total
 *
 * // The same with a hand at both ends (a ₹100 load-assist price): one more
 * // line before taxes, so ₹180 + GST = ₹212.40.
 * quote({ tariff: { ...tariff, loadAssistFee: 10000 }, taxes, distanceM: 5200, durationS: 1080, surge: 1, loadAssist: true })
 *
 * // Two drops on the way at ₹10 a stop: a `stops` line of ₹20, taxed with the rest.
 * quote({ tariff: { ...tariff, stopFee: 1000 }, taxes, distanceM: 5200, durationS: 1080, surge: 1, stops: 2 })
 */
import type { Money } from "./money.ts";

export interface Tariff {
  currency: string;
  baseFare: number;
  perKm: number;
  perMinute: number;
  minimumFare: number;
  /** A hand with loading and unloading, a flat line outside surge and the minimum fare; absent or null: not offered. */
  loadAssistFee?: number | null | undefined;
  /** Each stop on the way (domain/ride-stops.ts), a flat line like load assist; absent or null: nothing. */
  stopFee?: number | null | undefined;
}

export interface Tax {
  code: string;
  name: string;
  /** Parts per million: 90000 = 9 %. */
  ratePpm: number;
}

export interface FareLine {
  /** `base`, `distance`, `time`, `surge`, `minimum_fare`, `load_assist`, `stops`, `discount`, `tax:CGST`, … */
  code: string;
  label: string;
  amount: number;
}

export interface Quote {
  lines: FareLine[];
  /** Before taxes. */
  subtotal: Money;
  total: Money;
}

/** Rounds half away from zero to whole minor units. */
function round(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

export function quote(input: {
  tariff: Tariff;
  taxes: readonly Tax[];
  distanceM: number;
  durationS: number;
  /** Multiplier ≥ 1 (1 = no surge). */
  surge: number;
  /** A discount in minor units, applied before taxes and never below zero. */
  discount?: number;
  /** The rider asked for load assist: the tariff's price as its own line (nothing when the tariff has none). */
  loadAssist?: boolean;
  /** Stops on the way: the tariff's `stopFee` each, as one line (nothing when the tariff has none). */
  stops?: number;
}): Quote {
  const { tariff } = input;
  const lines: FareLine[] = [
    { code: "base", label: "Base fare", amount: tariff.baseFare },
    {
      code: "distance",
      label: `Distance (${(input.distanceM / 1000).toFixed(1)} km)`,
      amount: round((tariff.perKm * input.distanceM) / 1000),
    },
  ];
  if (tariff.perMinute > 0) {
    lines.push({
      code: "time",
      label: `Time (${Math.round(input.durationS / 60)} min)`,
      amount: round((tariff.perMinute * input.durationS) / 60),
    });
  }
  const ride = lines.reduce((sum, l) => sum + l.amount, 0);
  const surge = Math.max(1, input.surge);
  if (surge > 1) lines.push({ code: "surge", label: `Surge ×${surge.toFixed(1)}`, amount: round(ride * (surge - 1)) });
  let subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  if (subtotal < tariff.minimumFare) {
    lines.push({ code: "minimum_fare", label: "Minimum fare", amount: tariff.minimumFare - subtotal });
    subtotal = tariff.minimumFare;
  }
  // A service at both ends, not part of the trip: neither surged nor counted toward the minimum fare.
  const loadAssist = input.loadAssist ? (tariff.loadAssistFee ?? 0) : 0;
  if (loadAssist > 0) {
    lines.push({ code: "load_assist", label: "Load assist", amount: loadAssist });
    subtotal += loadAssist;
  }
  // Like load assist: a charge per drop, neither surged nor counted toward the minimum fare.
  const stops = Math.max(0, Math.trunc(input.stops ?? 0));
  const stopsAmount = stops * (tariff.stopFee ?? 0);
  if (stopsAmount > 0) {
    lines.push({ code: "stops", label: stops === 1 ? "1 stop" : `${stops} stops`, amount: stopsAmount });
    subtotal += stopsAmount;
  }
  const discount = Math.min(Math.max(0, Math.trunc(input.discount ?? 0)), subtotal);
  if (discount > 0) {
    lines.push({ code: "discount", label: "Discount", amount: -discount });
    subtotal -= discount;
  }
  for (const tax of input.taxes) {
    lines.push({
      code: `tax:${tax.code}`,
      label: `${tax.name} ${formatRate(tax.ratePpm)}`,
      amount: round((subtotal * tax.ratePpm) / 1_000_000),
    });
  }
  const total = lines.reduce((sum, l) => sum + l.amount, 0);
  return {
    lines,
    subtotal: { amount: subtotal, currency: tariff.currency },
    total: { amount: total, currency: tariff.currency },
  };
}

function formatRate(ppm: number): string {
  return `${Number((ppm / 10_000).toFixed(4))} %`;
}
