/**
 * What Curbside asks of a card provider. The use cases in this folder speak
 * only this; stripe.ts is the one implementation (Stripe, through its SDK).
 * Amounts are integer minor units; currencies ISO 4217, upper case.
 */

export interface SavedMethod {
  id: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  /** The provider's customer it belongs to. */
  customerId: string | null;
}

/** A payment at the provider, in Curbside's words (see `paymentStatus` in the schema). */
export interface Intent {
  id: string;
  status: "pending" | "requires_action" | "authorized" | "succeeded" | "cancelled" | "failed";
  amount: number;
  /** What is held and can still be captured. */
  capturable: number;
  /** What was captured. */
  received: number;
  currency: string;
  /** For the app to confirm on the device (a top-up), when it must. */
  clientSecret: string | null;
  failureCode: string | null;
}

export interface Refund {
  id: string;
  amount: number;
  status: string;
}

/** A charge the provider refused (a decline, a card that needs the cardholder). */
export class PaymentDeclined extends Error {
  readonly code: string;
  readonly declineCode: string | null;
  constructor(code: string, declineCode: string | null, message: string) {
    super(message);
    this.name = "PaymentDeclined";
    this.code = code;
    this.declineCode = declineCode;
  }
}

/** The provider refused a request for a reason that is not the card's: a balance, a limit, a state. */
export class ProviderRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "ProviderRefused";
    this.code = code;
  }
}

/** The provider could not be reached, or failed on its side: worth retrying later. */
export class ProviderUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderUnavailable";
  }
}

/** An event the provider sent, verified. */
export interface ProviderEvent {
  id: string;
  type: string;
  /** When the provider created it. */
  created: Date;
  /** The object as it was when the event happened. */
  object: Record<string, unknown> & { id: string };
  /** The connected account it concerns, if any. */
  account: string | null;
}

export interface ChargeRequest {
  amount: number;
  currency: string;
  customerId: string;
  methodId: string;
  /** `manual`: a hold, captured later; `automatic`: charged at once. */
  capture: "manual" | "automatic";
  /** True when the cardholder is not there to authenticate (a fare above its hold, a tip later). */
  offSession: boolean;
  idempotencyKey: string;
  description: string;
  metadata: Record<string, string>;
  /** A destination charge: the connected account is paid the amount less the platform's fee. */
  destination?: { accountId: string; applicationFee: number };
}

export interface PaymentProvider {
  /** Creates the provider's customer for a user. */
  createCustomer(user: { id: string; email: string | null; name: string }, idempotencyKey: string): Promise<string>;
  /** A SetupIntent the app confirms to save a card: its id and client secret. */
  createSetupIntent(customerId: string, userId: string): Promise<{ id: string; clientSecret: string }>;
  listMethods(customerId: string): Promise<SavedMethod[]>;
  /** A saved method, or null when the provider has none with this id. */
  method(id: string): Promise<SavedMethod | null>;
  detachMethod(id: string): Promise<void>;
  /** Creates and confirms a payment on a saved method; a decline throws PaymentDeclined. */
  charge(request: ChargeRequest): Promise<Intent>;
  /** A payment the app confirms on the device (a wallet top-up). */
  createIntent(request: Omit<ChargeRequest, "methodId" | "capture" | "offSession">): Promise<Intent>;
  retrieveIntent(id: string): Promise<Intent>;
  /** Captures `amount` of a hold (the rest is released). */
  capture(id: string, amount: number, idempotencyKey: string): Promise<Intent>;
  /** Releases a hold (or abandons an unconfirmed payment). */
  cancel(id: string, idempotencyKey: string): Promise<Intent>;
  refund(intentId: string, amount: number, idempotencyKey: string, reason: string): Promise<Refund>;
  /** How much of what was captured has been refunded, all refunds together (not the part of a hold released at capture). */
  refundedTotal(intentId: string): Promise<number>;
  /** An Express connected account for a driver or an owner. */
  createConnectedAccount(
    user: { id: string; email: string | null; country: string },
    idempotencyKey: string,
  ): Promise<string>;
  onboardingLink(accountId: string, returnUrl: string, refreshUrl: string): Promise<string>;
  connectedAccount(accountId: string): Promise<{ chargesEnabled: boolean; payoutsEnabled: boolean }>;
  /** Moves money from the platform's balance to a connected account. */
  transfer(request: {
    amount: number;
    currency: string;
    accountId: string;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<{ id: string }>;
  /** Pays a connected account's balance out to its bank. */
  payout(request: {
    amount: number;
    currency: string;
    accountId: string;
    idempotencyKey: string;
    metadata: Record<string, string>;
  }): Promise<{ id: string; status: string }>;
  /** Verifies a webhook's signature on its raw body; throws when it is forged or stale. */
  verifyEvent(rawBody: string, signature: string): Promise<ProviderEvent>;
}
