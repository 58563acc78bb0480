/**
 * The test payment methods of Stripe's testing guide
 * (https://docs.stripe.com/testing), usable as `payment_method` ids the way
 * Stripe takes them in test mode. Each use of a token makes a fresh `pm_…`
 * that remembers how its card behaves; here too is how a declined attempt
 * reads.
 */
import { StripeApiError } from "./errors.ts";
import { type CardState, snapshot } from "./store.ts";

export interface Decline {
  code: "card_declined" | "authentication_required";
  declineCode: string;
  message: string;
}

export interface TestCard {
  number: string;
  brand: "visa" | "mastercard";
  /** The decline every charge meets, if any. */
  decline?: Decline;
  /**
   * Declined when saved (a SetupIntent, attach), as the cards of Stripe's
   * "Declined payments" table are; `pm_card_chargeCustomerFail` is the one
   * that saves and then fails to charge.
   */
  declinesWhenSaved?: boolean;
  /** 3-D Secure demanded on every payment and setup, or on setup and on-session payments only. */
  authentication?: "always" | "unless_set_up";
}

const GENERIC: Decline = { code: "card_declined", declineCode: "generic_decline", message: "Your card was declined." };
const NO_FUNDS: Decline = {
  code: "card_declined",
  declineCode: "insufficient_funds",
  message: "Your card has insufficient funds.",
};

export const AUTHENTICATION_REQUIRED: Decline = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

const visa = (number: string, behaviour: Partial<TestCard> = {}): TestCard => ({ number, brand: "visa", ...behaviour });

/** By token, as Stripe's testing guide lists them. */
const TEST_CARDS: Record<string, TestCard> = {
  pm_card_visa: visa("4242424242424242"),
  pm_card_mastercard: { number: "5555555555554444", brand: "mastercard" },
  pm_card_visa_chargeDeclined: visa("4000000000000002", { decline: GENERIC, declinesWhenSaved: true }),
  pm_card_visa_chargeDeclinedInsufficientFunds: visa("4000000000009995", {
    decline: NO_FUNDS,
    declinesWhenSaved: true,
  }),
  pm_card_chargeCustomerFail: visa("4000000000000341", { decline: GENERIC }),
  pm_card_authenticationRequired: visa("4000002760003184", { authentication: "always" }),
  pm_card_authenticationRequiredOnSetup: visa("4000002500003155", { authentication: "unless_set_up" }),
};

export function cardByToken(id: string): TestCard | undefined {
  return Object.hasOwn(TEST_CARDS, id) ? TEST_CARDS[id] : undefined;
}

/** Whether this card demands 3-D Secure now: on setup, on-session, or off-session when not set up. */
export function needsAuthentication(state: CardState, use: "setup" | "on_session" | "off_session"): boolean {
  const rule = state.card.authentication;
  if (rule === "always") return true;
  if (rule === "unless_set_up") return use !== "off_session" || !state.setUp;
  return false;
}

/** What an intent keeps of its last failed attempt (`last_payment_error`, `last_setup_error`). */
export interface AttemptError {
  charge?: string;
  code: string;
  decline_code?: string;
  doc_url: string;
  message: string;
  payment_method: unknown;
  type: "card_error" | "invalid_request_error";
}

/** A declined attempt, as the intent keeps it. */
export function declineOf(decline: Decline, pm: object, charge?: string): AttemptError {
  return {
    ...(charge ? { charge } : {}),
    code: decline.code,
    decline_code: decline.declineCode,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replaceAll("_", "-")}`,
    message: decline.message,
    payment_method: snapshot(pm),
    type: "card_error",
  };
}

/** The 402 answering a declined attempt, with the intent (`payment_intent` or `setup_intent`) as it now is. */
export function declined(error: AttemptError, extra: Record<string, unknown> = {}): StripeApiError {
  const { code, message, doc_url: _, type: __, ...rest } = error;
  return new StripeApiError(402, "card_error", message, { code, extra: { ...rest, ...extra } });
}
