/**
 * The daily reconciliation (the cron at 03:00 UTC): every provider payment
 * changed in the last two days is compared with what the provider says,
 * and the ledger with itself (every stored balance against its transfers,
 * debits against credits per currency). What differs is recorded in
 * `payment_drifts` for admins (GET /v1/admin/payments/drifts); nothing is
 * corrected automatically: a correction is a decision, and a new transfer.
 */
import { providerPaymentsSince, recordDrift } from "../db/queries/payments.ts";
import { balanceDrifts, imbalance } from "../ledger/read.ts";
import type { PaymentContext } from "./context.ts";
import { type Intent, ProviderRefused } from "./provider.ts";

const WINDOW_MS = 2 * 86_400_000;
const BATCH = 500;

/** Statuses that the provider's intent states agree with. */
const AGREES: Record<string, string[]> = {
  authorized: ["authorized"],
  succeeded: ["succeeded"],
  refunded: ["succeeded"],
  partially_refunded: ["succeeded"],
  cancelled: ["cancelled"],
  pending: ["pending", "requires_action", "failed"],
  requires_action: ["requires_action", "pending"],
  failed: ["failed", "pending", "cancelled"],
};

export async function reconcilePayments(ctx: PaymentContext, now: Date): Promise<Record<string, number>> {
  const payments = await providerPaymentsSince(ctx.db, new Date(now.getTime() - WINDOW_MS), BATCH);
  let drifts = 0;
  for (const p of payments) {
    if (!p.providerRef) continue;
    let intent: Intent;
    try {
      intent = await ctx.provider.retrieveIntent(p.providerRef);
    } catch (error) {
      if (!(error instanceof ProviderRefused)) throw error;
      // The provider has no such payment (or refuses to show it): that is a drift too.
      await recordDrift(ctx.db, {
        paymentId: p.id,
        providerRef: p.providerRef,
        field: "status",
        ours: p.status,
        theirs: error.code,
      });
      drifts++;
      continue;
    }
    if (!(AGREES[p.status] ?? []).includes(intent.status)) {
      await recordDrift(ctx.db, {
        paymentId: p.id,
        providerRef: p.providerRef,
        field: "status",
        ours: p.status,
        theirs: intent.status,
      });
      drifts++;
    }
    if (intent.status === "succeeded" && intent.received !== p.capturedAmount) {
      await recordDrift(ctx.db, {
        paymentId: p.id,
        providerRef: p.providerRef,
        field: "captured_amount",
        ours: String(p.capturedAmount),
        theirs: String(intent.received),
      });
      drifts++;
    }
  }
  for (const d of await balanceDrifts(ctx.db)) {
    await recordDrift(ctx.db, {
      providerRef: d.key,
      field: "ledger_balance",
      ours: JSON.stringify(d.stored),
      theirs: JSON.stringify(d.derived),
    });
    drifts++;
  }
  for (const i of await imbalance(ctx.db)) {
    if (i.difference === 0) continue;
    await recordDrift(ctx.db, {
      providerRef: i.currency,
      field: "ledger_imbalance",
      ours: String(i.difference),
      theirs: "0",
    });
    drifts++;
  }
  return { payments: payments.length, drifts };
}
