/**
 * A payment's states and the one rule webhooks need: an event never moves a
 * payment back. Events arrive duplicated and out of order; each carries the
 * time the provider created it. A later event always applies; one from the
 * same second applies only if it moves the payment forward; an older one
 * changes nothing.
 *
 *   pending → requires_action → authorized → succeeded → partially_refunded → refunded
 *                                          ↘ cancelled
 *   (any of the first three) → failed
 */
export type PaymentStatus =
  | "pending"
  | "requires_action"
  | "authorized"
  | "succeeded"
  | "cancelled"
  | "failed"
  | "refunded"
  | "partially_refunded";

const RANK: Record<PaymentStatus, number> = {
  pending: 0,
  requires_action: 1,
  failed: 2,
  authorized: 3,
  cancelled: 4,
  succeeded: 4,
  partially_refunded: 5,
  refunded: 6,
};

/** Whether an event created at `eventAt` saying `next` may move a payment at `current`, last moved by an event at `lastEventAt`. */
export function eventApplies(
  current: PaymentStatus,
  lastEventAt: Date | null,
  next: PaymentStatus,
  eventAt: Date,
): boolean {
  if (lastEventAt && eventAt.getTime() < lastEventAt.getTime()) return false;
  if (RANK[next] < RANK[current]) return false;
  // Once settled one way, a payment is not settled the other: a cancelled hold never succeeds.
  if ((current === "cancelled" && next === "succeeded") || (current === "succeeded" && next === "cancelled")) {
    return false;
  }
  return true;
}

/** The status after refunds: refunded when all of what was captured is returned. */
export function refundStatus(captured: number, refunded: number): PaymentStatus {
  if (refunded <= 0) return "succeeded";
  return refunded >= captured ? "refunded" : "partially_refunded";
}
