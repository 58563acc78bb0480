/**
 * Coupons (seed 001 §3.10–3.11): who may use one, on what, and how much it
 * takes off. Pure: src/growth/coupons.ts reads the coupon and the user's
 * uses, asks here, and reserves the use in Postgres, where the limits hold
 * under concurrency.
 *
 * The discount is taken off the amount before taxes (a ride's subtotal, a
 * booking's total), rounded down, never more than the amount, and a
 * percentage is capped by `maxDiscountAmount`.
 *
 * @example
 * couponDiscount({ discountType: "percent", discountValue: 2000, maxDiscountAmount: 5000, currency: "INR" }, 18000)
 * // → 3600 (20 % of ₹180)
 * couponDiscount({ discountType: "percent", discountValue: 2000, maxDiscountAmount: 5000, currency: "INR" }, 40000)
 * // → 5000 (capped at ₹50)
 * couponDiscount({ discountType: "fixed", discountValue: 10000, maxDiscountAmount: null, currency: "INR" }, 6000)
 * // → 6000 (never more than the amount)
 */
import type { Money } from "./money.ts";

/** What a coupon takes off: enough to recompute the discount on a final fare. */
export interface CouponTerms {
  discountType: "percent" | "fixed";
  /** Basis points for `percent` (1000 = 10 %), minor units for `fixed`. */
  discountValue: number;
  /** The currency of fixed amounts, caps and minimums; null for an uncapped percentage. */
  currency: string | null;
  maxDiscountAmount: number | null;
}

export interface Coupon extends CouponTerms {
  code: string;
  minFareAmount: number;
  usageLimit: number | null;
  usageCount: number;
  perUserLimit: number;
  audience: "all" | "new_users";
  cityId: string | null;
  /** Ride services it applies to; null: all of them. */
  services: readonly ("passenger" | "goods")[] | null;
  vehicleClassIds: readonly string[] | null;
  /** Whether parking bookings may use it. */
  parking: boolean;
  validFrom: Date;
  validUntil: Date | null;
  isActive: boolean;
}

/** What the coupon is for. */
export interface Order {
  service: "passenger" | "goods" | "parking";
  vehicleClass: string | null;
  cityId: string | null;
  /** Before taxes. */
  amount: Money;
}

/** The user's standing with this coupon. */
export interface CouponUser {
  /** Uses reserved or redeemed by this user. */
  uses: number;
  /** No completed ride or booking yet. */
  isNew: boolean;
}

export type CouponRefusal =
  | "coupon_inactive"
  | "coupon_not_started"
  | "coupon_expired"
  | "coupon_used_up"
  | "coupon_already_used"
  | "coupon_new_users_only"
  | "coupon_not_for_service"
  | "coupon_not_for_vehicle_class"
  | "coupon_not_for_city"
  | "coupon_wrong_currency"
  | "coupon_below_minimum";

export type CouponCheck = { ok: true; discount: Money } | { ok: false; reason: CouponRefusal; message: string };

/** The discount the terms give on `amount` minor units. */
export function couponDiscount(terms: CouponTerms, amount: number): number {
  const base = Math.max(0, Math.trunc(amount));
  const raw =
    terms.discountType === "percent" ? Math.floor((base * terms.discountValue) / 10_000) : terms.discountValue;
  const capped = terms.maxDiscountAmount === null ? raw : Math.min(raw, terms.maxDiscountAmount);
  return Math.max(0, Math.min(capped, base));
}

function refuse(reason: CouponRefusal, message: string): CouponCheck {
  return { ok: false, reason, message };
}

/**
 * Whether `user` may use `coupon` on `order` at `now`, and the discount.
 * The order of the checks is the order a user would fix them in: the
 * coupon itself, then the user, then the order.
 */
export function checkCoupon(coupon: Coupon, order: Order, user: CouponUser, now: Date): CouponCheck {
  if (!coupon.isActive) return refuse("coupon_inactive", "This coupon is no longer offered.");
  if (now < coupon.validFrom) return refuse("coupon_not_started", "This coupon cannot be used yet.");
  if (coupon.validUntil && now >= coupon.validUntil) return refuse("coupon_expired", "This coupon has expired.");
  if (coupon.usageLimit !== null && coupon.usageCount >= coupon.usageLimit) {
    return refuse("coupon_used_up", "This coupon has been used as many times as it may be.");
  }
  if (user.uses >= coupon.perUserLimit) {
    return refuse("coupon_already_used", "You have used this coupon as many times as you may.");
  }
  if (coupon.audience === "new_users" && !user.isNew) {
    return refuse("coupon_new_users_only", "This coupon is for a first ride or booking.");
  }
  const forService =
    order.service === "parking" ? coupon.parking : coupon.services === null || coupon.services.includes(order.service);
  if (!forService) return refuse("coupon_not_for_service", `This coupon does not apply to ${order.service}.`);
  if (
    order.service !== "parking" &&
    coupon.vehicleClassIds !== null &&
    coupon.vehicleClassIds.length > 0 &&
    !coupon.vehicleClassIds.includes(order.vehicleClass ?? "")
  ) {
    return refuse("coupon_not_for_vehicle_class", "This coupon does not apply to this vehicle class.");
  }
  if (coupon.cityId !== null && order.cityId !== coupon.cityId) {
    return refuse("coupon_not_for_city", "This coupon does not apply in this city.");
  }
  if (coupon.currency !== null && coupon.currency !== order.amount.currency) {
    return refuse("coupon_wrong_currency", `This coupon is in ${coupon.currency}.`);
  }
  if (order.amount.amount < coupon.minFareAmount) {
    return refuse("coupon_below_minimum", `This coupon needs an order of at least ${coupon.minFareAmount}.`);
  }
  return {
    ok: true,
    discount: { amount: couponDiscount(coupon, order.amount.amount), currency: order.amount.currency },
  };
}

/** A coupon code as typed: trimmed and upper-cased (codes are stored upper-cased). */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** What a coupon to be created may not be, or null: fixed amounts, caps and minimums need a currency. */
export function couponTermsProblem(c: {
  discountType: "percent" | "fixed";
  discountValue: number;
  currency: string | null;
  maxDiscountAmount: number | null;
  minFareAmount: number;
}): string | null {
  if (c.discountType === "percent" && c.discountValue > 10_000) return "a percentage is at most 10000 basis points";
  if (c.currency === null && (c.discountType === "fixed" || c.maxDiscountAmount !== null || c.minFareAmount > 0)) {
    return "a fixed amount, a maximum discount or a minimum order needs a currency";
  }
  return null;
}
