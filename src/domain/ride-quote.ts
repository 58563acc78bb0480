/**
 * A ride's price for a trip, with its coupon (domain/coupons.ts): the same
 * at request (the estimate, dispatch/request-ride.ts) and at completion (the
 * fare, domain/ride.ts `fareAtCompletion`), so a coupon's discount is a
 * `discount` line of both.
 */
import { type CouponTerms, couponDiscount } from "./coupons.ts";
import { packageLoad } from "./packages.ts";
import { type Quote, quote } from "./pricing.ts";
import type { RideRecord } from "./ride.ts";

/** A coupon on a ride: its code and terms, and the discount on the estimate. */
export interface RideCoupon extends CouponTerms {
  id: string;
  code: string;
}

/**
 * The ride's price for a trip of `distanceM` and `durationS`: its tariff,
 * taxes, surge, load assist and stops, less its coupon's discount on the
 * subtotal (domain/coupons.ts). The same at request (the estimate) and at
 * completion (the fare). A discount never makes a ride free: one minor unit
 * is left, since a payment of nothing cannot be held.
 */
export function rideQuote(
  r: Pick<RideRecord, "tariff" | "taxes" | "surge" | "service" | "package" | "stops" | "coupon">,
  distanceM: number,
  durationS: number,
): Quote {
  const input = {
    tariff: r.tariff,
    taxes: r.taxes,
    distanceM,
    durationS,
    surge: r.surge,
    loadAssist: packageLoad(r.service, r.package).loadAssist === true,
    stops: r.stops.length,
  };
  const full = quote(input);
  const discount = r.coupon ? Math.min(couponDiscount(r.coupon, full.subtotal.amount), full.subtotal.amount - 1) : 0;
  return discount > 0 ? quote({ ...input, discount }) : full;
}

/** The discount a quote's `discount` line takes off (a positive amount; 0 when none). */
export function discountIn(lines: readonly { code: string; amount: number }[]): number {
  return -lines.filter((l) => l.code === "discount").reduce((sum, l) => sum + l.amount, 0);
}
