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
 */
import { type AccountRef, earnings, platform, type TransferSpec } from "./ledger.ts";

export interface BookingAmounts {
  bookingId: string;
  ownerId: string;
  currency: string;
  subtotal: number;
  serviceFee: number;
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
      amount: b.subtotal + b.serviceFee,
      currency: b.currency,
      code: "booking_payment",
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

/** A refund of `ownerBack + feeBack` to `to` (the provider's clearing account, or the wallet), under `key`. */
export function bookingRefunded(
  b: BookingAmounts & { to: AccountRef; key: string; ownerBack: number; feeBack: number },
): TransferSpec[] {
  const settlement = platform("settlement", b.currency);
  const links = { bookingId: b.bookingId, paymentId: b.paymentId };
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
      amount: b.feeBack,
      currency: b.currency,
      code: "refund_service_fee",
      ...links,
    },
    {
      key: `${b.key}:returned`,
      debit: settlement,
      credit: b.to,
      amount: b.ownerBack + b.feeBack,
      currency: b.currency,
      code: "refund",
      ...links,
    },
  ]);
}
