/**
 * Stripe's errors, as the API returns them: `{ error: { type, code, message,
 * param, ... } }` with the HTTP status that the SDK maps to its error classes
 * (400 and 404 StripeInvalidRequestError or, for `idempotency_error`,
 * StripeIdempotencyError; 401 StripeAuthenticationError; 402 StripeCardError).
 * Handlers throw them; server.ts answers them.
 */

export type ErrorType = "invalid_request_error" | "card_error" | "idempotency_error" | "api_error";

/** An error the stand-in answers exactly as Stripe would. */
export class StripeApiError extends Error {
  readonly status: number;
  readonly type: ErrorType;
  readonly code: string | undefined;
  readonly param: string | undefined;
  /** Further fields of the error object: decline_code, payment_intent, setup_intent, charge… */
  readonly extra: Record<string, unknown>;
  constructor(
    status: number,
    type: ErrorType,
    message: string,
    fields: { code?: string; param?: string; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = fields.code;
    this.param = fields.param;
    this.extra = fields.extra ?? {};
  }

  /** The response body. */
  body(): { error: Record<string, unknown> } {
    const docUrl = this.code ? `https://stripe.com/docs/error-codes/${this.code.replaceAll("_", "-")}` : undefined;
    return {
      error: {
        ...(this.code ? { code: this.code, doc_url: docUrl } : {}),
        message: this.message,
        ...(this.param ? { param: this.param } : {}),
        ...this.extra,
        type: this.type,
      },
    };
  }
}

/** 400 invalid_request_error. */
export function invalid(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, "invalid_request_error", message, {
    ...(param ? { param } : {}),
    ...(code ? { code } : {}),
  });
}

export function missing(param: string): StripeApiError {
  return invalid(`Missing required param: ${param}.`, param, "parameter_missing");
}

/** 404 resource_missing, worded as Stripe words it: "No such payment_intent: 'pi_123'". */
export function notFound(kind: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError(404, "invalid_request_error", `No such ${kind}: '${id}'`, {
    code: "resource_missing",
    param,
  });
}

/** An object in a state that does not allow the call (`payment_intent_unexpected_state` and the like). */
export function unexpectedState(code: string, message: string): StripeApiError {
  return invalid(message, undefined, code);
}

export function unauthorized(message: string, code?: string): StripeApiError {
  return new StripeApiError(401, "invalid_request_error", message, code ? { code } : {});
}

const SYMBOLS: Record<string, string> = {
  usd: "$",
  eur: "€",
  gbp: "£",
  inr: "₹",
  jpy: "¥",
  aud: "$",
  cad: "$",
  sgd: "$",
};
const ZERO_DECIMAL = new Set(["jpy", "krw", "vnd"]);

/** An amount in minor units as Stripe's messages show it: `$0.50`, `₹12.00`. */
export function formatAmount(amount: number, currency: string): string {
  const value = ZERO_DECIMAL.has(currency) ? String(amount) : (amount / 100).toFixed(2);
  return `${SYMBOLS[currency] ?? ""}${value}${SYMBOLS[currency] ? "" : ` ${currency.toUpperCase()}`}`;
}
