/**
 * The card provider: Stripe, through its official SDK on Workers (the fetch
 * HTTP client, SubtleCrypto for webhook signatures). STRIPE_API_BASE, set
 * only locally, points the SDK at the Stripe stand-in (scripts/stripe-standin);
 * unset, it talks to api.stripe.com. Nothing here knows a ride or a wallet.
 */
import Stripe from "stripe";
import {
  type ChargeRequest,
  type Intent,
  PaymentDeclined,
  type PaymentProvider,
  type ProviderEvent,
  ProviderRefused,
  ProviderUnavailable,
  type SavedMethod,
} from "./provider.ts";

export interface StripeSettings {
  STRIPE_SECRET_KEY?: string | undefined;
  STRIPE_WEBHOOK_SECRET?: string | undefined;
  STRIPE_API_BASE?: string | undefined;
}

/** Where the SDK sends requests: Stripe itself, or the local stand-in. */
function endpoint(base: string | undefined): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (!base) return {};
  const url = new URL(base);
  return {
    host: url.hostname,
    port: url.port || (url.protocol === "http:" ? "80" : "443"),
    protocol: url.protocol === "http:" ? "http" : "https",
  };
}

const crypto = Stripe.createSubtleCryptoProvider();

/** One client per isolate and key: it holds no I/O object, only settings. */
const clients = new Map<string, Stripe>();

function client(env: StripeSettings): Stripe {
  const key = env.STRIPE_SECRET_KEY;
  if (!key) throw new ProviderRefused("payments_not_configured", "STRIPE_SECRET_KEY is not set.");
  const id = `${key}@${env.STRIPE_API_BASE ?? ""}`;
  let stripe = clients.get(id);
  if (!stripe) {
    stripe = new Stripe(key, {
      httpClient: Stripe.createFetchHttpClient(),
      maxNetworkRetries: 2,
      timeout: 20_000,
      ...endpoint(env.STRIPE_API_BASE),
    });
    clients.set(id, stripe);
  }
  return stripe;
}

const STATUS: Record<Stripe.PaymentIntent.Status, Intent["status"]> = {
  requires_payment_method: "pending",
  requires_confirmation: "pending",
  requires_action: "requires_action",
  processing: "pending",
  requires_capture: "authorized",
  canceled: "cancelled",
  succeeded: "succeeded",
};

function intentOf(pi: Stripe.PaymentIntent): Intent {
  const failed = pi.status === "requires_payment_method" && pi.last_payment_error;
  return {
    id: pi.id,
    status: failed ? "failed" : (STATUS[pi.status] ?? "pending"),
    amount: pi.amount,
    capturable: pi.amount_capturable,
    received: pi.amount_received,
    currency: pi.currency.toUpperCase(),
    clientSecret: pi.client_secret,
    failureCode: failed ? (pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code ?? "failed") : null,
  };
}

function methodOf(pm: Stripe.PaymentMethod): SavedMethod {
  return {
    id: pm.id,
    brand: pm.card?.brand ?? pm.type,
    last4: pm.card?.last4 ?? "",
    expMonth: pm.card?.exp_month ?? 0,
    expYear: pm.card?.exp_year ?? 0,
    customerId: typeof pm.customer === "string" ? pm.customer : (pm.customer?.id ?? null),
  };
}

/** Turns the SDK's errors into the provider's: a card's refusal, or the provider's. */
function translate(error: unknown): never {
  if (error instanceof Stripe.errors.StripeCardError) {
    throw new PaymentDeclined(error.code ?? "card_declined", error.decline_code ?? null, error.message);
  }
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeIdempotencyError
  ) {
    throw new ProviderRefused(error.code ?? error.type, error.message);
  }
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError
  ) {
    throw new ProviderUnavailable(error.message);
  }
  throw error;
}

async function call<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    translate(error);
  }
}

/** The Stripe provider for the Worker's settings. */
export function stripeProvider(env: StripeSettings): PaymentProvider {
  const stripe = () => client(env);
  return {
    createCustomer: (user, idempotencyKey) =>
      call(async () => {
        const customer = await stripe().customers.create(
          { ...(user.email ? { email: user.email } : {}), name: user.name, metadata: { user_id: user.id } },
          { idempotencyKey },
        );
        return customer.id;
      }),
    createSetupIntent: (customerId, userId) =>
      call(async () => {
        const si = await stripe().setupIntents.create({
          customer: customerId,
          usage: "off_session",
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          metadata: { user_id: userId },
        });
        return { id: si.id, clientSecret: si.client_secret ?? "" };
      }),
    listMethods: (customerId) =>
      call(async () => {
        const list = await stripe().customers.listPaymentMethods(customerId, { type: "card", limit: 100 });
        return list.data.map(methodOf);
      }),
    method: (id) =>
      call(async () => {
        try {
          return methodOf(await stripe().paymentMethods.retrieve(id));
        } catch (error) {
          if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) return null;
          throw error;
        }
      }),
    detachMethod: (id) =>
      call(async () => {
        await stripe().paymentMethods.detach(id);
      }),
    charge: (request: ChargeRequest) =>
      call(async () => {
        const pi = await stripe().paymentIntents.create(
          {
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            customer: request.customerId,
            payment_method: request.methodId,
            automatic_payment_methods: { enabled: true, allow_redirects: "never" },
            capture_method: request.capture,
            confirm: true,
            off_session: request.offSession,
            description: request.description,
            metadata: request.metadata,
            ...(request.destination
              ? {
                  application_fee_amount: request.destination.applicationFee,
                  transfer_data: { destination: request.destination.accountId },
                }
              : {}),
          },
          { idempotencyKey: request.idempotencyKey },
        );
        return intentOf(pi);
      }),
    createIntent: (request) =>
      call(async () => {
        const pi = await stripe().paymentIntents.create(
          {
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            customer: request.customerId,
            automatic_payment_methods: { enabled: true, allow_redirects: "never" },
            description: request.description,
            metadata: request.metadata,
          },
          { idempotencyKey: request.idempotencyKey },
        );
        return intentOf(pi);
      }),
    retrieveIntent: (id) => call(async () => intentOf(await stripe().paymentIntents.retrieve(id))),
    capture: (id, amount, idempotencyKey) =>
      call(async () =>
        intentOf(await stripe().paymentIntents.capture(id, { amount_to_capture: amount }, { idempotencyKey })),
      ),
    cancel: (id, idempotencyKey) =>
      call(async () => intentOf(await stripe().paymentIntents.cancel(id, {}, { idempotencyKey }))),
    refund: (intentId, amount, idempotencyKey, reason) =>
      call(async () => {
        const refund = await stripe().refunds.create(
          { payment_intent: intentId, amount, metadata: { reason } },
          { idempotencyKey },
        );
        return { id: refund.id, amount: refund.amount, status: refund.status ?? "pending" };
      }),
    refundedTotal: (intentId) =>
      call(async () => {
        const pi = await stripe().paymentIntents.retrieve(intentId);
        const chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : pi.latest_charge?.id;
        if (!chargeId) return 0;
        const charge = await stripe().charges.retrieve(chargeId);
        // Capturing less than a hold releases the rest as a refund inside the charge; that is not a refund of money paid.
        return charge.amount_refunded - Math.max(0, charge.amount - charge.amount_captured);
      }),
    createConnectedAccount: (user, idempotencyKey) =>
      call(async () => {
        const account = await stripe().accounts.create(
          {
            type: "express",
            country: user.country,
            ...(user.email ? { email: user.email } : {}),
            capabilities: { transfers: { requested: true } },
            metadata: { user_id: user.id },
          },
          { idempotencyKey },
        );
        return account.id;
      }),
    onboardingLink: (accountId, returnUrl, refreshUrl) =>
      call(async () => {
        const link = await stripe().accountLinks.create({
          account: accountId,
          return_url: returnUrl,
          refresh_url: refreshUrl,
          type: "account_onboarding",
        });
        return link.url;
      }),
    connectedAccount: (accountId) =>
      call(async () => {
        const account = await stripe().accounts.retrieve(accountId);
        return { chargesEnabled: account.charges_enabled ?? false, payoutsEnabled: account.payouts_enabled ?? false };
      }),
    transfer: (request) =>
      call(async () => {
        const transfer = await stripe().transfers.create(
          {
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            destination: request.accountId,
            metadata: request.metadata,
          },
          { idempotencyKey: request.idempotencyKey },
        );
        return { id: transfer.id };
      }),
    payout: (request) =>
      call(async () => {
        const payout = await stripe().payouts.create(
          { amount: request.amount, currency: request.currency.toLowerCase(), metadata: request.metadata },
          { idempotencyKey: request.idempotencyKey, stripeAccount: request.accountId },
        );
        return { id: payout.id, status: payout.status };
      }),
    verifyEvent: async (rawBody, signature) => {
      const secret = env.STRIPE_WEBHOOK_SECRET;
      if (!secret) throw new ProviderRefused("payments_not_configured", "STRIPE_WEBHOOK_SECRET is not set.");
      const event = await stripe().webhooks.constructEventAsync(rawBody, signature, secret, undefined, crypto);
      return {
        id: event.id,
        type: event.type,
        created: new Date(event.created * 1000),
        object: event.data.object as unknown as ProviderEvent["object"],
        account: event.account ?? null,
      };
    },
  };
}
