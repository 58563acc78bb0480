/**
 * Transfers from the platform's balance to a connected account's: made
 * directly, or by a destination charge's capture (charges.ts). Stripe refuses
 * one beyond the platform's available balance (`balance_insufficient`) or to
 * an account whose `transfers` capability is not active. Create, retrieve, list.
 */
import { invalid } from "../errors.ts";
import { metadata, requiredInt, requiredText, text } from "../form.ts";
import { type Call, type Context, found, LIST, newId, now, PLATFORM, page, type Route } from "../store.ts";
import { getAccount } from "./connect.ts";

interface TransferRequest {
  amount: number;
  currency: string;
  destination: string;
  source_transaction: string | null;
  transfer_group: string | null;
  metadata: Record<string, string>;
  description?: string | null;
}

function newTransfer(request: TransferRequest) {
  const id = newId("tr");
  return {
    id,
    object: "transfer" as const,
    amount: request.amount,
    amount_reversed: 0,
    balance_transaction: newId("txn"),
    created: now(),
    currency: request.currency,
    description: request.description ?? null,
    destination: request.destination,
    destination_payment: newId("py"),
    livemode: false as const,
    metadata: request.metadata,
    reversals: { object: "list", data: [], has_more: false, total_count: 0, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: request.source_transaction,
    source_type: "card",
    transfer_group: request.transfer_group,
  };
}

export type Transfer = ReturnType<typeof newTransfer>;

/** Moves funds from the platform to the account (transfer.created). */
export function createTransfer(ctx: Context, request: TransferRequest): Transfer {
  const transfer = newTransfer(request);
  ctx.store.transfers.set(transfer.id, transfer);
  ctx.store.credit(PLATFORM, transfer.currency, -transfer.amount);
  ctx.store.credit(transfer.destination, transfer.currency, transfer.amount);
  ctx.webhooks.emit({ ...ctx, account: null }, "transfer.created", transfer);
  return transfer;
}

export const transferRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/transfers",
    params: ["amount", "currency", "destination", "transfer_group", "metadata", "description", "source_transaction"],
    handle(call: Call) {
      const amount = requiredInt(call.params, "amount");
      const currency = requiredText(call.params, "currency").toLowerCase();
      if (amount < 1) throw invalid("Invalid positive integer", "amount");
      const account = getAccount(call, requiredText(call.params, "destination"), "destination");
      if (account.capabilities.transfers !== "active") {
        throw invalid(
          "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
          "destination",
          "insufficient_capabilities_for_transfer",
        );
      }
      if (call.store.available(PLATFORM, currency) < amount) {
        throw invalid(
          "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance",
          undefined,
          "balance_insufficient",
        );
      }
      return createTransfer(call, {
        amount,
        currency,
        destination: account.id,
        source_transaction: text(call.params, "source_transaction") ?? null,
        transfer_group: text(call.params, "transfer_group") ?? null,
        metadata: metadata(call.params),
        description: text(call.params, "description") ?? null,
      });
    },
  },
  {
    method: "GET",
    path: "/v1/transfers/:id",
    params: [],
    handle: (call) => found(call.store.transfers, call.path.id as string, "transfer"),
  },
  {
    method: "GET",
    path: "/v1/transfers",
    params: [...LIST, "destination", "transfer_group"],
    handle(call: Call) {
      const destination = text(call.params, "destination");
      const group = text(call.params, "transfer_group");
      const all = [...call.store.transfers.values()].filter(
        (t) => (!destination || t.destination === destination) && (!group || t.transfer_group === group),
      );
      return page(all, call.params, "/v1/transfers");
    },
  },
];
