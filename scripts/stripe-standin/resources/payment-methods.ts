/**
 * PaymentMethods (cards only). A test token (`pm_card_visa`…, cards.ts) used
 * anywhere a payment method is named makes a fresh `pm_…`. Attach, detach,
 * retrieve, list.
 */
import { cardByToken, declined, declineOf, type TestCard } from "../cards.ts";
import { invalid } from "../errors.ts";
import { requiredText, text } from "../form.ts";
import { type Call, type Context, found, LIST, newId, now, nulls, page, type Route } from "../store.ts";
import { type Customer, getCustomer } from "./customers.ts";

function newPaymentMethod(card: TestCard) {
  const today = new Date();
  return {
    id: newId("pm"),
    object: "payment_method" as const,
    allow_redisplay: "unspecified",
    billing_details: { address: nulls("city country line1 line2 postal_code state"), ...nulls("email name phone") },
    card: {
      brand: card.brand,
      checks: { ...nulls("address_line1_check address_postal_code_check"), cvc_check: "pass" },
      country: "US",
      display_brand: card.brand,
      exp_month: today.getUTCMonth() + 1,
      exp_year: today.getUTCFullYear() + 1,
      // The same card number always has the same fingerprint, as at Stripe.
      fingerprint: Buffer.from(card.number).toString("base64").replace(/\W/g, "").slice(-16),
      funding: "credit",
      ...nulls("generated_from wallet"),
      last4: card.number.slice(-4),
      networks: { available: [card.brand], preferred: null },
      regulated_status: "unregulated",
      three_d_secure_usage: { supported: true },
    },
    created: now(),
    customer: null as string | null,
    livemode: false as const,
    metadata: {} as Record<string, string>,
    type: "card" as const,
  };
}

export type PaymentMethod = ReturnType<typeof newPaymentMethod>;

/** The payment method a parameter names: a test token makes a new one, an id must exist. */
export function resolvePaymentMethod(ctx: Context, id: string, param = "payment_method"): PaymentMethod {
  const card = cardByToken(id);
  if (card) {
    const pm = newPaymentMethod(card);
    ctx.store.paymentMethods.set(pm.id, pm);
    ctx.store.cards.set(pm.id, { card, setUp: false, spent: false });
    return pm;
  }
  return found(ctx.store.paymentMethods, id, "PaymentMethod", param);
}

export function cardOf(ctx: Context, pm: PaymentMethod) {
  const state = ctx.store.cards.get(pm.id);
  if (!state) throw new Error(`no card behind ${pm.id}`);
  return state;
}

/** Refuses a payment method that Stripe would not let this customer use. */
export function checkUsable(ctx: Context, pm: PaymentMethod, customer: string | null, param = "payment_method"): void {
  if (cardOf(ctx, pm).spent) {
    throw invalid(
      "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.",
      param,
    );
  }
  if (pm.customer && pm.customer !== customer) {
    throw invalid(
      customer
        ? `The provided PaymentMethod belongs to a different Customer (${pm.customer}) than the one on this request.`
        : "The provided PaymentMethod is attached to a Customer; provide that customer's ID on this request too.",
      param,
    );
  }
}

/** Saves a payment method to a customer (payment_method.attached). */
export function attach(ctx: Context, pm: PaymentMethod, customer: Customer): void {
  if (pm.customer === customer.id) return;
  if (pm.customer) throw invalid("The payment method you provided has already been attached to a customer.");
  checkUsable(ctx, pm, null);
  const { card } = cardOf(ctx, pm);
  if (card.declinesWhenSaved && card.decline) throw declined(declineOf(card.decline, pm));
  pm.customer = customer.id;
  ctx.webhooks.emit(ctx, "payment_method.attached", pm);
}

export const paymentMethodRoutes: Route[] = [
  {
    method: "GET",
    path: "/v1/payment_methods/:id",
    params: [],
    handle: (call) => found(call.store.paymentMethods, call.path.id as string, "PaymentMethod"),
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/attach",
    params: ["customer"],
    handle(call: Call) {
      const customer = getCustomer(call, requiredText(call.params, "customer"), "customer");
      const pm = resolvePaymentMethod(call, call.path.id as string, "payment_method");
      attach(call, pm, customer);
      return pm;
    },
  },
  {
    method: "POST",
    path: "/v1/payment_methods/:id/detach",
    params: [],
    handle(call: Call) {
      const pm = found(call.store.paymentMethods, call.path.id as string, "PaymentMethod");
      const customer = pm.customer ? call.store.customers.get(pm.customer) : undefined;
      if (!customer) {
        throw invalid("The payment method you provided is not attached to a customer so detachment is impossible.");
      }
      pm.customer = null;
      cardOf(call, pm).spent = true;
      if (customer.invoice_settings.default_payment_method === pm.id) {
        customer.invoice_settings.default_payment_method = null;
      }
      call.webhooks.emit(call, "payment_method.detached", pm, { customer: customer.id });
      return pm;
    },
  },
  {
    method: "GET",
    path: "/v1/payment_methods",
    params: [...LIST, "customer", "type"],
    handle(call: Call) {
      const customer = text(call.params, "customer");
      const type = text(call.params, "type");
      const methods = [...call.store.paymentMethods.values()].filter(
        (pm) => (!customer || pm.customer === customer) && (!type || pm.type === type),
      );
      return page(methods, call.params, "/v1/payment_methods");
    },
  },
];
