/**
 * Refunds of a captured charge, named by its PaymentIntent or itself: whole
 * (the default: what is left) or partial, never beyond what is left. The
 * money leaves the platform's balance; `reverse_transfer` pulls the
 * destination's share back in proportion, `refund_application_fee` returns
 * the fee in proportion. Create, retrieve, list.
 */
import { formatAmount, invalid, missing } from "../errors.ts";
import { bool, int, metadata, oneOf, type Params, text } from "../form.ts";
import { type Call, found, LIST, newId, now, nulls, ownerOf, PLATFORM, page, type Route } from "../store.ts";
import type { Charge } from "./charges.ts";

export function newRefund(charge: Charge, amount: number, params: Params) {
  return {
    id: newId("re"),
    object: "refund" as const,
    amount,
    balance_transaction: newId("txn"),
    charge: charge.id,
    created: now(),
    currency: charge.currency,
    destination_details: {
      card: { reference_status: "pending", reference_type: "acquirer_reference_number", type: "refund" },
      type: "card",
    },
    metadata: metadata(params),
    payment_intent: charge.payment_intent,
    reason: oneOf(params, "reason", ["duplicate", "fraudulent", "requested_by_customer"]) ?? null,
    ...nulls("receipt_number source_transfer_reversal"),
    status: "succeeded",
    transfer_reversal: null as string | null,
  };
}

export type Refund = ReturnType<typeof newRefund>;

/** The charge a refund request names. */
function chargeToRefund(call: Call): Charge {
  const piId = text(call.params, "payment_intent");
  const chargeId = text(call.params, "charge");
  if (!piId && !chargeId) throw missing("payment_intent");
  if (chargeId) return found(call.store.charges, chargeId, "charge", "charge");
  const pi = found(call.store.paymentIntents, piId as string, "payment_intent", "payment_intent");
  const charge = pi.latest_charge ? call.store.charges.get(pi.latest_charge) : undefined;
  if (!charge?.captured) {
    throw invalid(
      pi.status === "requires_capture"
        ? `PaymentIntent ${pi.id} has not been captured; cancel it to release the hold instead.`
        : `This PaymentIntent (${pi.id}) does not have a successful charge to refund.`,
      "payment_intent",
      "charge_not_refundable",
    );
  }
  return charge;
}

export const refundRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/refunds",
    params:
      "payment_intent charge amount reason metadata reverse_transfer refund_application_fee instructions_email".split(
        " ",
      ),
    handle(call: Call) {
      const charge = chargeToRefund(call);
      const left = charge.amount - charge.amount_refunded;
      if (left <= 0)
        throw invalid(`Charge ${charge.id} has already been refunded.`, undefined, "charge_already_refunded");
      const amount = int(call.params, "amount") ?? left;
      if (amount < 1) throw invalid("Invalid positive integer", "amount");
      if (amount > left) {
        throw invalid(
          `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(left, charge.currency)})`,
          "amount",
          "amount_too_large",
        );
      }
      const refund = newRefund(charge, amount, call.params);
      call.store.refunds.set(refund.id, refund);
      call.store.credit(ownerOf(call), charge.currency, -amount);
      const transfer = charge.transfer ? call.store.transfers.get(charge.transfer) : undefined;
      if (transfer && bool(call.params, "reverse_transfer")) {
        const back = Math.min(
          Math.round((amount * transfer.amount) / charge.amount),
          transfer.amount - transfer.amount_reversed,
        );
        transfer.amount_reversed += back;
        transfer.reversed = transfer.amount_reversed === transfer.amount;
        call.store.credit(transfer.destination, charge.currency, -back);
        call.store.credit(PLATFORM, charge.currency, back);
        refund.transfer_reversal = newId("trr");
      }
      const fee = charge.application_fee_amount;
      if (fee && bool(call.params, "refund_application_fee")) {
        const back = Math.round((amount * fee) / charge.amount);
        call.store.credit(PLATFORM, charge.currency, -back);
        call.store.credit(charge.transfer_data?.destination ?? ownerOf(call), charge.currency, back);
      }
      charge.amount_refunded += amount;
      charge.refunded = charge.amount_refunded === charge.amount;
      call.webhooks.emit(call, "refund.created", refund);
      call.webhooks.emit(call, "charge.refunded", charge);
      return refund;
    },
  },
  {
    method: "GET",
    path: "/v1/refunds/:id",
    params: [],
    handle: (call) => found(call.store.refunds, call.path.id as string, "refund"),
  },
  {
    method: "GET",
    path: "/v1/refunds",
    params: [...LIST, "payment_intent", "charge"],
    handle(call: Call) {
      const pi = text(call.params, "payment_intent");
      const charge = text(call.params, "charge");
      const all = [...call.store.refunds.values()].filter(
        (r) => (!pi || r.payment_intent === pi) && (!charge || r.charge === charge),
      );
      return page(all, call.params, "/v1/refunds");
    },
  },
];
