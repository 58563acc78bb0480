/**
 * A parking booking's money in the ledger (domain/ledger.ts): the renter
 * pays the total into settlement (from the card provider or their wallet);
 * the owner's earnings get the subtotal and the platform's revenue the
 * service fee. A refund takes back from each what the cancellation rule
 * says they do not keep (domain/booking-rules.ts) and returns it to the payer.
 *
 * @example
 * bookingPaid({ bookingId, ownerId, currency: "USD", subtotal: 4000, serviceFee: 450, from: platform("provider", "USD") })
 * // → settlement +4450, owner's earnings +4000, revenue +450
 *
 * A coupon's discount is the platform's: the renter pays the total less the
 * discount, the platform's revenue puts the discount in, and the owner is
 * paid the whole subtotal. A refund never gives back the discount itself.
 */
import { type AccountRef, earnings, platform, type TransferSpec } from "./ledger.ts";

export interface BookingAmounts {
  bookingId: string;
  ownerId: string;
  currency: string;
  subtotal: number;
  serviceFee: number;
  /** A coupon's discount off the total, paid by the platform (0 or absent: none). */
  discount?: number | undefined;
  paymentId?: string | undefined;
}

function nonZero(steps: TransferSpec[]): TransferSpec[] {
  return steps.filter((s) => s.amount > 0);
}

/** The renter's payment, from `from` (the provider's clearing account, or their wallet), divided. */
export function bookingPaid(b: BookingAmounts & { from: AccountRef }): TransferSpec[] {
  const settlement = platform("settlement", b.currency);
  const links = { bookingId: b.bookingId, paymentId: b.paymentId };
  const key = `booking:${b.bookingId}`;
  return nonZero([
    {
      key: `${key}:paid`,
      debit: b.from,
      credit: settlement,
      amount: b.subtotal + b.serviceFee - (b.discount ?? 0),
      currency: b.currency,
      code: "booking_payment",
      ...links,
    },
    {
      key: `${key}:discount`,
      debit: platform("revenue", b.currency),
      credit: settlement,
      amount: b.discount ?? 0,
      currency: b.currency,
      code: "coupon_discount",
      ...links,
    },
    {
      key: `${key}:owner`,
      debit: settlement,
      credit: earnings(b.ownerId, b.currency),
      amount: b.subtotal,
      currency: b.currency,
      code: "owner_share",
      ...links,
    },
    {
      key: `${key}:fee`,
      debit: settlement,
      credit: platform("revenue", b.currency),
      amount: b.serviceFee,
      currency: b.currency,
      code: "service_fee",
      ...links,
    },
  ]);
}

/**
 * What a refund of `ownerBack + feeBack` gives the renter: that, less the
 * coupon's discount they never paid (never below zero).
 */
export function refundToRenter(b: { ownerBack: number; feeBack: number; discount?: number | undefined }): number {
  return Math.max(0, b.ownerBack + b.feeBack - (b.discount ?? 0));
}

/**
 * A refund of `ownerBack + feeBack` to `to` (the provider's clearing account,
 * or the wallet), under `key`: the renter gets `refundToRenter`; what of the
 * discount the refund does not give back returns to the platform's revenue.
 */
export function bookingRefunded(
  b: BookingAmounts & { to: AccountRef; key: string; ownerBack: number; feeBack: number },
): TransferSpec[] {
  const settlement = platform("settlement", b.currency);
  const links = { bookingId: b.bookingId, paymentId: b.paymentId };
  const toRenter = refundToRenter(b);
  // The revenue's side: the fee back, less the part of the refund the renter does not get.
  const revenueBack = b.feeBack - (b.ownerBack + b.feeBack - toRenter);
  return nonZero([
    {
      key: `${b.key}:owner`,
      debit: earnings(b.ownerId, b.currency),
      credit: settlement,
      amount: b.ownerBack,
      currency: b.currency,
      code: "refund_owner_share",
      ...links,
    },
    {
      key: `${b.key}:fee`,
      debit: platform("revenue", b.currency),
      credit: settlement,
      amount: Math.max(0, revenueBack),
      currency: b.currency,
      code: "refund_service_fee",
      ...links,
    },
    {
      key: `${b.key}:discount`,
      debit: settlement,
      credit: platform("revenue", b.currency),
      amount: Math.max(0, -revenueBack),
      currency: b.currency,
      code: "coupon_discount_kept",
      ...links,
    },
    {
      key: `${b.key}:returned`,
      debit: settlement,
      credit: b.to,
      amount: toRenter,
      currency: b.currency,
      code: "refund",
      ...links,
    },
  ]);
}
