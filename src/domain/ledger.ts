/**
 * The ledger's rules, after TigerBeetle's model (DESIGN.md, "Money"): which
 * accounts exist and which may never go negative, what a transfer is, how
 * balances follow from transfers, and which transfers each money movement
 * makes. Pure: src/ledger/ writes what these rules decide.
 *
 * Balances are credit-normal for the accounts users hold (a wallet, earnings):
 * `credits − debits`. Every movement is a list of transfers, applied in one
 * database transaction, each under a key derived from what it settles, so a
 * retry writes nothing twice.
 */
import type { FareSplit } from "./fees.ts";

export type AccountKind =
  | "wallet"
  | "earnings"
  | "commission"
  | "revenue"
  | "taxes"
  | "provider"
  | "cash"
  | "settlement";

/** An account named by what it is; created on first use. */
export interface AccountRef {
  kind: AccountKind;
  currency: string;
  /** The holder, for `wallet` and `earnings`; none for the platform's accounts. */
  userId?: string;
}

/** The account's unique key: `wallet:<user>:INR`, `commission:INR`. */
export function accountKey(ref: AccountRef): string {
  return ref.userId ? `${ref.kind}:${ref.userId}:${ref.currency}` : `${ref.kind}:${ref.currency}`;
}

/**
 * Only a wallet may never go negative (a rider cannot spend what they have
 * not paid in). Earnings may: a cash ride's commission is the driver's debt,
 * netted against later earnings; withdrawals check the balance themselves.
 */
export function mustNotOverdraw(kind: AccountKind): boolean {
  return kind === "wallet";
}

export const wallet = (userId: string, currency: string): AccountRef => ({ kind: "wallet", userId, currency });
export const earnings = (userId: string, currency: string): AccountRef => ({ kind: "earnings", userId, currency });
export const platform = (kind: Exclude<AccountKind, "wallet" | "earnings">, currency: string): AccountRef => ({
  kind,
  currency,
});

/** Links a transfer to what it pays for. */
export interface TransferLinks {
  rideId?: string | undefined;
  bookingId?: string | undefined;
  paymentId?: string | undefined;
}

/** A transfer to make: `single` (posted at once) or `pending` (a hold). */
export interface TransferSpec extends TransferLinks {
  key: string;
  debit: AccountRef;
  credit: AccountRef;
  amount: number;
  currency: string;
  code: string;
  kind?: "single" | "pending";
}

/**
 * Posts (up to its amount) or voids the hold made under `pendingKey`. The
 * resolution carries the hold's links and code unless it names its own (a
 * ride's hold is made before the ride can be linked; its posting is linked).
 */
export interface ResolutionSpec extends TransferLinks {
  key: string;
  pendingKey: string;
  resolve: "post" | "void";
  /** For a post: at most the held amount; the held amount when absent. */
  amount?: number;
  code?: string;
}

export type LedgerStep = TransferSpec | ResolutionSpec;

export const isResolution = (step: LedgerStep): step is ResolutionSpec => "pendingKey" in step;

/** An account's amounts, as stored and as derived from its transfers. */
export interface AccountAmounts {
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
}

/** What the holder can spend: posted credits less posted and pending debits. */
export function available(a: AccountAmounts): number {
  return a.creditsPosted - a.debitsPosted - a.debitsPending;
}

/** Incoming money not yet posted, less outgoing money held. */
export function pending(a: AccountAmounts): number {
  return a.creditsPending - a.debitsPending;
}

/** Drops zero-amount transfers: a split with no taxes makes no tax transfer. */
function nonZero(steps: TransferSpec[]): TransferSpec[] {
  return steps.filter((s) => s.amount > 0);
}

/**
 * A ride's money, once it is in the ride's settlement account, divided:
 * the driver's share to their earnings, the commission and the taxes to
 * the platform.
 */
export function divide(
  prefix: string,
  driverId: string,
  currency: string,
  split: FareSplit,
  links: TransferLinks,
): TransferSpec[] {
  const from = platform("settlement", currency);
  return nonZero([
    {
      key: `${prefix}:driver`,
      debit: from,
      credit: earnings(driverId, currency),
      amount: split.driver,
      currency,
      code: "driver_share",
      ...links,
    },
    {
      key: `${prefix}:commission`,
      debit: from,
      credit: platform("commission", currency),
      amount: split.commission,
      currency,
      code: "commission",
      ...links,
    },
    {
      key: `${prefix}:taxes`,
      debit: from,
      credit: platform("taxes", currency),
      amount: split.taxes,
      currency,
      code: "tax",
      ...links,
    },
  ]);
}

/**
 * A coupon's discount on a ride, paid by the platform: its revenue puts the
 * discount into the ride's settlement, which then divides the fare before
 * the discount (fees.ts `splitFare`), as a booking's discount is paid.
 */
export function discountFunded(
  prefix: string,
  currency: string,
  discount: number,
  links: TransferLinks,
): TransferSpec[] {
  return nonZero([
    {
      key: `${prefix}:discount`,
      debit: platform("revenue", currency),
      credit: platform("settlement", currency),
      amount: discount,
      currency,
      code: "coupon_discount",
      ...links,
    },
  ]);
}

/** The reverse of `divide` for a refund: the shares back to settlement. */
export function undivide(
  prefix: string,
  driverId: string,
  currency: string,
  split: FareSplit,
  links: TransferLinks,
): TransferSpec[] {
  return divide(prefix, driverId, currency, split, links).map((t) => ({
    ...t,
    debit: t.credit,
    credit: t.debit,
    code: `refund_${t.code}`,
  }));
}

/** A card payment captured at the provider: the money arrives in the ride's settlement. */
export function cardReceived(key: string, currency: string, amount: number, links: TransferLinks): TransferSpec[] {
  return nonZero([
    {
      key,
      debit: platform("provider", currency),
      credit: platform("settlement", currency),
      amount,
      currency,
      code: "card_payment",
      ...links,
    },
  ]);
}

/**
 * A cash ride: the fare enters settlement from the cash account, is divided,
 * and the driver, who keeps the cash, is debited it in full. What remains on
 * their earnings is minus the commission and taxes: their debt, netted
 * against later earnings.
 */
export function cashCollected(
  prefix: string,
  driverId: string,
  currency: string,
  total: number,
  split: FareSplit,
  links: TransferLinks,
): TransferSpec[] {
  return [
    ...nonZero([
      {
        key: `${prefix}:collected`,
        debit: platform("cash", currency),
        credit: platform("settlement", currency),
        amount: total,
        currency,
        code: "cash_payment",
        ...links,
      },
    ]),
    ...divide(prefix, driverId, currency, split, links),
    ...nonZero([
      {
        key: `${prefix}:kept`,
        debit: earnings(driverId, currency),
        credit: platform("cash", currency),
        amount: total,
        currency,
        code: "cash_kept",
        ...links,
      },
    ]),
  ];
}
