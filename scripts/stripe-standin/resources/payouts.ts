/**
 * Payouts from a balance to the bank: a connected account's (with
 * `Stripe-Account`) or the platform's. Refused when payouts are not enabled
 * or the balance is short; `pending` at first, then `paid` (payout.paid)
 * after the configured delay or when a control call says so, or `failed`
 * (payout.failed, the money back in the balance). Create, retrieve.
 */
import { invalid, notFound } from "../errors.ts";
import { metadata, oneOf, requiredInt, text } from "../form.ts";
import { type Call, type Context, found, newId, now, nulls, ownerOf, PLATFORM, type Route } from "../store.ts";
import { getAccount } from "./connect.ts";

function newPayout(amount: number, currency: string, destination: string | null, call: Call) {
  return {
    id: newId("po"),
    object: "payout" as const,
    amount,
    ...nulls("application_fee application_fee_amount original_payout reversed_by"),
    arrival_date: now() + 86_400,
    automatic: false,
    balance_transaction: newId("txn"),
    created: now(),
    currency,
    description: text(call.params, "description") ?? null,
    destination,
    failure_balance_transaction: null as string | null,
    failure_code: null as string | null,
    failure_message: null as string | null,
    livemode: false as const,
    metadata: metadata(call.params),
    method: oneOf(call.params, "method", ["standard", "instant"]) ?? "standard",
    reconciliation_status: "not_applicable",
    source_type: "card",
    statement_descriptor: text(call.params, "statement_descriptor") ?? null,
    status: "pending" as "pending" | "paid" | "failed" | "canceled",
    trace_id: { status: "pending", value: null as string | null },
    type: "bank_account",
  };
}

export type Payout = ReturnType<typeof newPayout>;

/** The payout's end: paid, or failed with its money returned. Repeating the same end changes nothing. */
export function settlePayout(ctx: Context, payout: Payout, outcome: "paid" | "failed"): Payout {
  if (payout.status === outcome) return payout;
  if (payout.status !== "pending") throw invalid(`Payout ${payout.id} is already ${payout.status}.`);
  const owner = ctx.store.owners.get(payout.id) ?? PLATFORM;
  payout.status = outcome;
  payout.trace_id = { status: "supported", value: `TRACE${payout.id.slice(3, 15).toUpperCase()}` };
  if (outcome === "failed") {
    Object.assign(payout, {
      failure_code: "account_closed",
      failure_message: "The bank account has been closed.",
      failure_balance_transaction: newId("txn"),
    });
    ctx.store.credit(owner, payout.currency, payout.amount);
  }
  const account = owner === PLATFORM ? null : owner;
  ctx.webhooks.emit({ ...ctx, account }, `payout.${outcome}`, payout, { status: "pending" });
  return payout;
}

export const payoutRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/payouts",
    params: ["amount", "currency", "description", "metadata", "method", "statement_descriptor", "destination"],
    handle(call: Call) {
      const amount = requiredInt(call.params, "amount");
      if (amount < 1) throw invalid("Invalid positive integer", "amount");
      const account = call.account ? getAccount(call, call.account) : undefined;
      const currency = (text(call.params, "currency") ?? account?.default_currency ?? "usd").toLowerCase();
      if (account && !account.payouts_enabled) {
        throw invalid(
          "Payouts have been disabled on the connected account. Check the connected account's status to see if any additional information needs to be provided, or if payouts have been disabled for another reason.",
          undefined,
          "payouts_not_allowed",
        );
      }
      const owner = ownerOf(call);
      if (call.store.available(owner, currency) < amount) {
        throw invalid(
          "You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).",
          "amount",
          "balance_insufficient",
        );
      }
      const bank = account?.external_accounts.data[0]?.id;
      const payout = newPayout(amount, currency, typeof bank === "string" ? bank : null, call);
      call.store.payouts.set(payout.id, payout);
      if (call.account) call.store.owners.set(payout.id, call.account);
      call.store.credit(owner, currency, -amount);
      call.webhooks.emit(call, "payout.created", payout);
      if (call.payoutDelayMs !== null) {
        call.schedule(call.payoutDelayMs, () => {
          if (payout.status === "pending")
            settlePayout({ ...call, request: { id: null, idempotency_key: null } }, payout, "paid");
        });
      }
      return payout;
    },
  },
  {
    method: "GET",
    path: "/v1/payouts/:id",
    params: [],
    handle(call: Call) {
      const payout = found(call.store.payouts, call.path.id as string, "payout");
      // Only the account that made it (`Stripe-Account`), or the platform for its own, sees a payout.
      if ((call.store.owners.get(payout.id) ?? PLATFORM) !== ownerOf(call)) throw notFound("payout", payout.id);
      return payout;
    },
  },
];
