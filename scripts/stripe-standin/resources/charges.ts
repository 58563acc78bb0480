/**
 * Charges: what a PaymentIntent's confirmation makes (`latest_charge`), failed
 * or authorized, and the capture that moves the money: into the platform's
 * balance (or a connected account's, for a direct charge), on to the
 * `transfer_data[destination]` account for a destination charge, with the
 * application fee coming back to the platform. Retrieve.
 */
import type { Decline } from "../cards.ts";
import { type Context, found, newId, now, nulls, ownerOf, PLATFORM, type Route } from "../store.ts";
import type { PaymentIntent } from "./payment-intents.ts";
import type { PaymentMethod } from "./payment-methods.ts";
import { newRefund } from "./refunds.ts";
import { createTransfer } from "./transfers.ts";

export function newCharge(pi: PaymentIntent, pm: PaymentMethod, decline?: Decline) {
  return {
    id: newId("ch"),
    object: "charge" as const,
    amount: pi.amount,
    amount_captured: 0,
    amount_refunded: 0,
    ...nulls("application dispute failure_balance_transaction receipt_url review shipping source_transfer"),
    application_fee: null as string | null,
    application_fee_amount: pi.application_fee_amount,
    balance_transaction: null as string | null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: "CURBSIDE",
    captured: false,
    created: now(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false as const,
    metadata: { ...pi.metadata },
    on_behalf_of: pi.on_behalf_of,
    outcome: decline
      ? {
          network_status: "declined_by_network",
          reason: decline.declineCode,
          risk_level: "normal",
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        }
      : {
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          seller_message: "Payment complete.",
          type: "authorized",
        },
    paid: !decline,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      card: {
        amount_authorized: decline ? null : pi.amount,
        brand: pm.card.brand,
        checks: pm.card.checks,
        country: pm.card.country,
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        fingerprint: pm.card.fingerprint,
        funding: pm.card.funding,
        last4: pm.card.last4,
        network: pm.card.brand,
        three_d_secure: null,
      },
      type: "card",
    },
    receipt_email: pi.receipt_email,
    refunded: false,
    statement_descriptor: pi.statement_descriptor,
    status: decline ? ("failed" as const) : ("succeeded" as const),
    transfer: null as string | null,
    transfer_data: pi.transfer_data,
    transfer_group: pi.transfer_group,
  };
}

export type Charge = ReturnType<typeof newCharge>;

/**
 * Captures `amount` of an authorized charge and moves the money; a capture
 * below the authorization releases the rest as a refund inside the charge,
 * as Stripe does.
 */
export function captureCharge(ctx: Context, charge: Charge, amount: number, fee: number | null): void {
  charge.captured = true;
  charge.amount_captured = amount;
  charge.balance_transaction = newId("txn");
  if (amount < charge.amount) {
    const release = newRefund(charge, charge.amount - amount, {});
    ctx.store.refunds.set(release.id, release);
    charge.amount_refunded = release.amount;
  }
  const owner = ownerOf(ctx);
  ctx.store.credit(owner, charge.currency, amount);
  const destination = charge.transfer_data?.destination;
  if (destination) {
    const transfer = createTransfer(ctx, {
      amount,
      currency: charge.currency,
      destination,
      source_transaction: charge.id,
      transfer_group: charge.transfer_group ?? `group_${charge.payment_intent}`,
      metadata: {},
    });
    charge.transfer = transfer.id;
  }
  if (fee) {
    // The fee comes back from the account that got the money: the destination, or the direct charge's.
    ctx.store.credit(destination ?? owner, charge.currency, -fee);
    ctx.store.credit(PLATFORM, charge.currency, fee);
    charge.application_fee = newId("fee");
    charge.application_fee_amount = fee;
  }
}

export const chargeRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/charges/:id",
    params: [],
    handle: (call) => found(call.store.charges, call.path.id as string, "charge"),
  },
];
