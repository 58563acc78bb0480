/**
 * SetupIntents: saving a card for later. requires_payment_method →
 * requires_confirmation → succeeded (the card attached to the customer), or
 * requires_action while 3-D Secure is pending. As at Stripe, the cards of the
 * "declined payments" table are declined here too (402, the intent back to
 * requires_payment_method with `last_setup_error`). Create, retrieve,
 * confirm.
 */
import { type AttemptError, declined, declineOf, needsAuthentication } from "../cards.ts";
import { bool, metadata, oneOf, type Params, text } from "../form.ts";
import { type Call, type Context, found, newId, now, nulls, type Route, snapshot } from "../store.ts";
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

function newSetupIntent(params: Params) {
  const id = newId("seti");
  return {
    id,
    object: "setup_intent" as const,
    ...nulls("application automatic_payment_methods flow_directions mandate on_behalf_of single_use_mandate"),
    cancellation_reason: null as string | null,
    client_secret: clientSecretFor(id),
    created: now(),
    customer: text(params, "customer") ?? null,
    description: text(params, "description") ?? null,
    last_setup_error: null as AttemptError | null,
    latest_attempt: null as string | null,
    livemode: false as const,
    metadata: metadata(params),
    next_action: null as NextAction | null,
    payment_method: null as string | null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { ...nulls("mandate_options network"), request_three_d_secure: "automatic" } },
    payment_method_types: ["card"],
    status: "requires_payment_method" as
      | "requires_payment_method"
      | "requires_confirmation"
      | "requires_action"
      | "succeeded"
      | "canceled",
    usage: oneOf(params, "usage", ["on_session", "off_session"]) ?? "off_session",
  };
}

export type SetupIntent = ReturnType<typeof newSetupIntent>;

function confirm(call: Call, si: SetupIntent): SetupIntent {
  const pm = confirmingMethod(call, si);
  si.latest_attempt = newId("setatt");
  const state = cardOf(call, pm);
  if (state.card.declinesWhenSaved && state.card.decline) {
    const error = declineOf(state.card.decline, pm);
    fail(call, si, pm, error);
    throw declined(error, { setup_intent: snapshot(si) });
  }
  if (needsAuthentication(state, "setup")) {
    si.status = "requires_action";
    si.next_action = authenticationAction(call, si.id, text(call.params, "return_url"));
    call.webhooks.emit(call, "setup_intent.requires_action", si);
    return si;
  }
  return succeed(call, si, pm);
}

function succeed(ctx: Context, si: SetupIntent, pm: PaymentMethod): SetupIntent {
  Object.assign(si, { status: "succeeded", next_action: null, last_setup_error: null });
  if (si.customer) attach(ctx, pm, getCustomer(ctx, si.customer, "customer"));
  if (si.usage === "off_session") cardOf(ctx, pm).setUp = true;
  ctx.webhooks.emit(ctx, "setup_intent.succeeded", si);
  return si;
}

function fail(ctx: Context, si: SetupIntent, pm: PaymentMethod, error: AttemptError): void {
  Object.assign(si, { status: "requires_payment_method", payment_method: null, next_action: null });
  si.last_setup_error = { ...error, payment_method: snapshot(pm) };
  ctx.webhooks.emit(ctx, "setup_intent.setup_failed", si);
}

/** The outcome of the 3-D Secure page (control.ts) for a SetupIntent waiting on it. */
export function finishSetupAuthentication(ctx: Context, si: SetupIntent, ok: boolean): SetupIntent {
  const pm = si.payment_method ? ctx.store.paymentMethods.get(si.payment_method) : undefined;
  if (si.status !== "requires_action" || !pm) return si;
  if (ok) return succeed(ctx, si, pm);
  fail(ctx, si, pm, {
    code: "setup_intent_authentication_failure",
    doc_url: "https://stripe.com/docs/error-codes/setup-intent-authentication-failure",
    message:
      "The latest attempt to set up the payment method has failed because authentication failed. Please provide a new payment method to attempt again.",
    payment_method: null,
    type: "invalid_request_error",
  });
  return si;
}

const get = (call: Call) => found(call.store.setupIntents, call.path.id as string, "setupintent");

export const setupIntentRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/setup_intents",
    params:
      "customer payment_method confirm usage metadata description return_url payment_method_types automatic_payment_methods".split(
        " ",
      ),
    handle(call: Call) {
      const si = newSetupIntent(call.params);
      if (si.customer) getCustomer(call, si.customer, "customer");
      usePaymentMethod(call, si, text(call.params, "payment_method"));
      call.store.setupIntents.set(si.id, si);
      call.webhooks.emit(call, "setup_intent.created", si);
      return bool(call.params, "confirm") ? confirm(call, si) : si;
    },
  },
  {
    method: "GET",
    path: "/v1/setup_intents/:id",
    params: ["client_secret"],
    publishable: true,
    handle(call: Call) {
      const si = get(call);
      checkClientSecret(call, si);
      return si;
    },
  },
  {
    method: "POST",
    path: "/v1/setup_intents/:id/confirm",
    params: ["payment_method", "return_url", "client_secret"],
    publishable: true,
    handle(call: Call) {
      const si = get(call);
      checkClientSecret(call, si);
      return confirm(call, si);
    },
  },
];
