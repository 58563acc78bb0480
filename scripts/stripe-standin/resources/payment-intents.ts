/**
 * PaymentIntents, with Stripe's statuses: requires_payment_method →
 * requires_confirmation → (requires_action while 3-D Secure is pending) →
 * requires_capture (a manual-capture hold) or succeeded; canceled. A decline
 * answers 402 and sends the intent back to requires_payment_method with
 * `last_payment_error`; an off-session payment that needs authentication is
 * declined with `authentication_required`. Create, retrieve, update,
 * confirm, capture, cancel, list.
 */
import {
  type AttemptError,
  AUTHENTICATION_REQUIRED,
  type Decline,
  declined,
  declineOf,
  needsAuthentication,
} from "../cards.ts";
import { formatAmount, invalid, unexpectedState } from "../errors.ts";
import { bool, int, metadata, oneOf, type Params, requiredInt, requiredText, text } from "../form.ts";
import { type Call, type Context, found, LIST, newId, now, nulls, page, type Route, snapshot } from "../store.ts";
import { captureCharge, newCharge } from "./charges.ts";
import { getAccount } from "./connect.ts";
import { getCustomer } from "./customers.ts";
import {
  authenticationAction,
  checkClientSecret,
  clientSecretFor,
  confirmingMethod,
  type NextAction,
  usePaymentMethod,
} from "./intents.ts";
import { attach, cardOf, type PaymentMethod } from "./payment-methods.ts";

type Status = "requires_payment_method" | "requires_confirmation" | "requires_action" | "processing";
type Final = "requires_capture" | "canceled" | "succeeded";

// Stripe's minimum charge amounts (https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts).
const MINIMUM: Record<string, number> = { usd: 50, eur: 50, inr: 50, gbp: 30, aud: 50, cad: 50, sgd: 50, jpy: 50 };

function newPaymentIntent(params: Params) {
  const id = newId("pi");
  const amount = requiredInt(params, "amount");
  const currency = requiredText(params, "currency").toLowerCase();
  const minimum = MINIMUM[currency] ?? 50;
  if (amount < minimum) {
    throw invalid(
      `Amount must be at least ${formatAmount(minimum, currency)} ${currency}`,
      "amount",
      "amount_too_small",
    );
  }
  const destination = text(params, "transfer_data[destination]");
  return {
    id,
    object: "payment_intent" as const,
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    ...nulls(
      "application automatic_payment_methods payment_method_configuration_details processing review shipping source",
    ),
    application_fee_amount: int(params, "application_fee_amount") ?? null,
    canceled_at: null as number | null,
    cancellation_reason: null as string | null,
    capture_method: oneOf(params, "capture_method", ["automatic", "automatic_async", "manual"]) ?? "automatic_async",
    client_secret: clientSecretFor(id),
    confirmation_method: "automatic",
    created: now(),
    currency,
    customer: text(params, "customer") ?? null,
    description: text(params, "description") ?? null,
    last_payment_error: null as AttemptError | null,
    latest_charge: null as string | null,
    livemode: false as const,
    metadata: metadata(params),
    next_action: null as NextAction | null,
    on_behalf_of: text(params, "on_behalf_of") ?? null,
    payment_method: null as string | null,
    payment_method_options: {
      card: { ...nulls("installments mandate_options network"), request_three_d_secure: "automatic" },
    },
    payment_method_types: ["card"],
    receipt_email: text(params, "receipt_email") ?? null,
    setup_future_usage: oneOf(params, "setup_future_usage", ["on_session", "off_session"] as const) ?? null,
    statement_descriptor: text(params, "statement_descriptor") ?? null,
    statement_descriptor_suffix: text(params, "statement_descriptor_suffix") ?? null,
    status: "requires_payment_method" as Status | Final,
    transfer_data: destination ? { destination } : null,
    transfer_group: text(params, "transfer_group") ?? null,
  };
}

export type PaymentIntent = ReturnType<typeof newPaymentIntent>;

/** Validates what a new intent points at: its customer, destination account and fee. */
function checkCreate(call: Call, pi: PaymentIntent): void {
  if (pi.customer) getCustomer(call, pi.customer, "customer");
  const destination = pi.transfer_data?.destination;
  if (destination && getAccount(call, destination, "transfer_data[destination]").capabilities.transfers !== "active") {
    throw invalid(
      "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
      "transfer_data[destination]",
      "insufficient_capabilities_for_transfer",
    );
  }
  const fee = pi.application_fee_amount;
  if (fee !== null && !destination && !call.account && !pi.on_behalf_of) {
    throw invalid(
      "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).",
      "application_fee_amount",
    );
  }
  if (fee !== null && fee > pi.amount) {
    throw invalid("The application fee amount cannot be greater than the amount.", "application_fee_amount");
  }
}

function confirm(call: Call, pi: PaymentIntent): PaymentIntent {
  const pm = confirmingMethod(call, pi);
  pi.setup_future_usage =
    oneOf(call.params, "setup_future_usage", ["on_session", "off_session"] as const) ?? pi.setup_future_usage;
  // `off_session` may be true or a kind ("one_off", "recurring").
  const offSession = (text(call.params, "off_session") ?? "false") !== "false";
  const state = cardOf(call, pm);
  if (needsAuthentication(state, offSession ? "off_session" : "on_session")) {
    if (offSession || bool(call.params, "error_on_requires_action")) return fail(call, pi, pm, AUTHENTICATION_REQUIRED);
    pi.status = "requires_action";
    pi.next_action = authenticationAction(call, pi.id, text(call.params, "return_url"));
    call.webhooks.emit(call, "payment_intent.requires_action", pi);
    return pi;
  }
  if (state.card.decline) return fail(call, pi, pm, state.card.decline);
  return authorize(call, pi, pm);
}

/** A declined attempt: a failed charge, the intent back to requires_payment_method, and a 402. */
function fail(ctx: Context, pi: PaymentIntent, pm: PaymentMethod, decline: Decline): never {
  const charge = newCharge(pi, pm, decline);
  ctx.store.charges.set(charge.id, charge);
  ctx.webhooks.emit(ctx, "charge.failed", charge);
  const error = declineOf(decline, pm, charge.id);
  Object.assign(pi, { status: "requires_payment_method", payment_method: null, next_action: null });
  Object.assign(pi, { latest_charge: charge.id, last_payment_error: error });
  ctx.webhooks.emit(ctx, "payment_intent.payment_failed", pi);
  throw declined(error, { payment_intent: snapshot(pi) });
}

/** The issuer approves: a hold for manual capture, else captured at once. */
function authorize(ctx: Context, pi: PaymentIntent, pm: PaymentMethod): PaymentIntent {
  const charge = newCharge(pi, pm);
  ctx.store.charges.set(charge.id, charge);
  Object.assign(pi, { latest_charge: charge.id, next_action: null, last_payment_error: null });
  const state = cardOf(ctx, pm);
  const customer = pi.customer ? ctx.store.customers.get(pi.customer) : undefined;
  if (pi.setup_future_usage && customer) {
    attach(ctx, pm, customer);
    if (pi.setup_future_usage === "off_session") state.setUp = true;
  }
  if (!pm.customer) state.spent = true;
  if (pi.capture_method === "manual") {
    Object.assign(pi, { status: "requires_capture", amount_capturable: pi.amount });
    ctx.webhooks.emit(ctx, "charge.succeeded", charge);
    ctx.webhooks.emit(ctx, "payment_intent.amount_capturable_updated", pi);
    return pi;
  }
  captureCharge(ctx, charge, pi.amount, pi.application_fee_amount);
  Object.assign(pi, { status: "succeeded", amount_received: pi.amount });
  ctx.webhooks.emit(ctx, "charge.succeeded", charge);
  ctx.webhooks.emit(ctx, "payment_intent.succeeded", pi);
  return pi;
}

/** The outcome of the 3-D Secure page (control.ts) for a PaymentIntent waiting on it. */
export function finishPaymentAuthentication(ctx: Context, pi: PaymentIntent, ok: boolean): PaymentIntent {
  const pm = pi.payment_method ? ctx.store.paymentMethods.get(pi.payment_method) : undefined;
  if (pi.status !== "requires_action" || !pm) return pi;
  if (ok) return authorize(ctx, pi, pm);
  Object.assign(pi, { status: "requires_payment_method", payment_method: null, next_action: null });
  pi.last_payment_error = {
    code: "payment_intent_authentication_failure",
    doc_url: "https://stripe.com/docs/error-codes/payment-intent-authentication-failure",
    message:
      "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
    payment_method: snapshot(pm),
    type: "invalid_request_error",
  };
  ctx.webhooks.emit(ctx, "payment_intent.payment_failed", pi);
  return pi;
}

/** Refuses a call the intent's status does not allow, worded as Stripe words it. */
function requireStatus(pi: PaymentIntent, allowed: PaymentIntent["status"][], action: string): void {
  if (allowed.includes(pi.status)) return;
  throw unexpectedState(
    "payment_intent_unexpected_state",
    `This PaymentIntent could not be ${action} because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be ${action}: ${allowed.join(", ")}.`,
  );
}

const get = (call: Call) => found(call.store.paymentIntents, call.path.id as string, "payment_intent");
const UNCONFIRMED: Status[] = ["requires_payment_method", "requires_confirmation", "requires_action"];

export const paymentIntentRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/payment_intents",
    params:
      `amount currency customer payment_method payment_method_types automatic_payment_methods capture_method confirm
      off_session setup_future_usage transfer_data application_fee_amount on_behalf_of metadata description receipt_email
      statement_descriptor statement_descriptor_suffix return_url transfer_group error_on_requires_action
      payment_method_options`.split(/\s+/),
    handle(call: Call) {
      const pi = newPaymentIntent(call.params);
      checkCreate(call, pi);
      usePaymentMethod(call, pi, text(call.params, "payment_method"));
      call.store.paymentIntents.set(pi.id, pi);
      call.webhooks.emit(call, "payment_intent.created", pi);
      return bool(call.params, "confirm") ? confirm(call, pi) : pi;
    },
  },
  {
    method: "GET",
    path: "/v1/payment_intents/:id",
    params: ["client_secret"],
    publishable: true,
    handle(call: Call) {
      const pi = get(call);
      checkClientSecret(call, pi);
      return pi;
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id",
    params: "amount currency customer payment_method metadata description".split(" "),
    handle(call: Call) {
      const pi = get(call);
      if (["amount", "currency", "customer", "payment_method"].some((name) => name in call.params)) {
        requireStatus(pi, UNCONFIRMED, "updated");
      }
      pi.amount = int(call.params, "amount") ?? pi.amount;
      pi.currency = text(call.params, "currency")?.toLowerCase() ?? pi.currency;
      const customer = text(call.params, "customer");
      if (customer) pi.customer = getCustomer(call, customer, "customer").id;
      pi.description = text(call.params, "description") ?? pi.description;
      pi.metadata = metadata(call.params, pi.metadata);
      usePaymentMethod(call, pi, text(call.params, "payment_method"));
      return pi;
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/confirm",
    params: "payment_method off_session return_url setup_future_usage error_on_requires_action client_secret".split(
      " ",
    ),
    publishable: true,
    handle(call: Call) {
      const pi = get(call);
      checkClientSecret(call, pi);
      return confirm(call, pi);
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/capture",
    params: ["amount_to_capture", "application_fee_amount", "metadata", "final_capture"],
    handle(call: Call) {
      const pi = get(call);
      requireStatus(pi, ["requires_capture"], "captured");
      const amount = int(call.params, "amount_to_capture") ?? pi.amount_capturable;
      if (amount > pi.amount_capturable || amount < 1) {
        throw invalid(
          `The amount to capture (${amount}) must be a positive integer no greater than the amount capturable (${pi.amount_capturable}).`,
          "amount_to_capture",
          "amount_too_large",
        );
      }
      pi.application_fee_amount = int(call.params, "application_fee_amount") ?? pi.application_fee_amount;
      pi.metadata = metadata(call.params, pi.metadata);
      const charge = found(call.store.charges, pi.latest_charge ?? "", "charge");
      captureCharge(call, charge, amount, pi.application_fee_amount);
      Object.assign(pi, { status: "succeeded", amount_received: amount, amount_capturable: 0 });
      call.webhooks.emit(call, "charge.captured", charge);
      call.webhooks.emit(call, "payment_intent.succeeded", pi);
      return pi;
    },
  },
  {
    method: "POST",
    path: "/v1/payment_intents/:id/cancel",
    params: ["cancellation_reason"],
    handle(call: Call) {
      const pi = get(call);
      requireStatus(pi, [...UNCONFIRMED, "requires_capture", "processing"], "canceled");
      const reasons = ["duplicate", "fraudulent", "requested_by_customer", "abandoned"];
      const reason = oneOf(call.params, "cancellation_reason", reasons) ?? null;
      const charge = pi.latest_charge ? call.store.charges.get(pi.latest_charge) : undefined;
      // The hold is released: the uncaptured charge reads as refunded.
      if (pi.status === "requires_capture" && charge)
        Object.assign(charge, { amount_refunded: charge.amount, refunded: true });
      Object.assign(pi, { status: "canceled", canceled_at: now(), cancellation_reason: reason, amount_capturable: 0 });
      pi.next_action = null;
      call.webhooks.emit(call, "payment_intent.canceled", pi);
      return pi;
    },
  },
  {
    method: "GET",
    path: "/v1/payment_intents",
    params: [...LIST, "customer"],
    handle(call: Call) {
      const customer = text(call.params, "customer");
      const all = [...call.store.paymentIntents.values()].filter((pi) => !customer || pi.customer === customer);
      return page(all, call.params, "/v1/payment_intents");
    },
  },
];
