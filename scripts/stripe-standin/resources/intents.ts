/**
 * What PaymentIntents and SetupIntents share: the client_secret a phone
 * confirms with (its publishable key may touch an intent only with it), the
 * payment method a confirmation uses, and the 3-D Secure step a card may
 * demand, served by the stand-in itself at `/_standin/3ds/{intent}`.
 */
import { invalid, unauthorized, unexpectedState } from "../errors.ts";
import { text } from "../form.ts";
import { type Call, type Context, token } from "../store.ts";
import { checkUsable, type PaymentMethod, resolvePaymentMethod } from "./payment-methods.ts";

export const SECRET_KEY_REQUIRED =
  "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.";

interface Intent {
  id: string;
  object: "payment_intent" | "setup_intent";
  client_secret: string;
  customer: string | null;
  payment_method: string | null;
  status: string;
}

const KIND = { payment_intent: "PaymentIntent", setup_intent: "SetupIntent" };
const CONFIRMABLE = ["requires_payment_method", "requires_confirmation", "requires_action"];

/** `seti_…_secret_…`: what the app confirms with. */
export function clientSecretFor(id: string): string {
  return `${id}_secret_${token(25)}`;
}

/** Refuses a publishable-key call that does not carry the intent's client_secret. */
export function checkClientSecret(call: Call, intent: Intent): void {
  if (!call.publishable) return;
  const secret = text(call.params, "client_secret");
  if (!secret) throw unauthorized(SECRET_KEY_REQUIRED, "secret_key_required");
  if (secret !== intent.client_secret) {
    throw invalid(
      `The client_secret provided does not match the client_secret associated with the ${KIND[intent.object]}.`,
      "client_secret",
    );
  }
}

/** Applies a `payment_method` parameter, checked against the intent's customer. */
export function usePaymentMethod(ctx: Context, intent: Intent, id: string | null | undefined): void {
  if (!id) return;
  const pm = resolvePaymentMethod(ctx, id);
  checkUsable(ctx, pm, intent.customer);
  intent.payment_method = pm.id;
  if (intent.status === "requires_payment_method") intent.status = "requires_confirmation";
}

/** The payment method a confirmation goes ahead with, once the intent is found confirmable. */
export function confirmingMethod(call: Call, intent: Intent): PaymentMethod {
  const kind = KIND[intent.object];
  if (!CONFIRMABLE.includes(intent.status)) {
    throw unexpectedState(
      `${intent.object}_unexpected_state`,
      `You cannot confirm this ${kind} because it has a status of ${intent.status}. Only a ${kind} with one of the following statuses may be confirmed: ${CONFIRMABLE.join(", ")}.`,
    );
  }
  usePaymentMethod(call, intent, text(call.params, "payment_method"));
  const pm = intent.payment_method ? call.store.paymentMethods.get(intent.payment_method) : undefined;
  if (!pm) {
    throw unexpectedState(
      `${intent.object}_unexpected_state`,
      `You cannot confirm this ${kind} because it's missing a payment method. You can either update the ${kind} with a payment method and then confirm it again, or confirm it again directly with a payment method.`,
    );
  }
  return pm;
}

/** The `next_action` of an intent waiting for 3-D Secure: a redirect when a return_url was given, else the SDK's. */
export function authenticationAction(ctx: Context, intentId: string, returnUrl: string | null | undefined) {
  const url = `${ctx.baseUrl}/_standin/3ds/${intentId}`;
  return returnUrl
    ? { type: "redirect_to_url", redirect_to_url: { url, return_url: returnUrl } }
    : { type: "use_stripe_sdk", use_stripe_sdk: { type: "three_d_secure_redirect", stripe_js: url, source: intentId } };
}

export type NextAction = ReturnType<typeof authenticationAction>;
