/**
 * The Stripe stand-in (scripts/stripe-standin), driven by the real `stripe`
 * SDK as the Worker drives Stripe: cards saved and charged, holds captured
 * and released, each test card's decline, refunds, idempotency keys, Connect
 * onboarding, destination charges, transfers and payouts, and webhooks
 * (pulled duplicated and shuffled, pushed) that the SDK's own signature
 * check accepts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Standin, startStripeStandin } from "../../scripts/stripe-standin/index.ts";

const SECRET = "whsec_standin_test";
let standin: Standin;
let stripe: Stripe;

beforeAll(async () => {
  standin = await startStripeStandin({ webhookSecret: SECRET, payoutDelayMs: null });
  const at = { host: "127.0.0.1", port: standin.port, protocol: "http" as const };
  stripe = new Stripe("sk_test_standin", at);
});

afterAll(() => standin?.stop());

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Stripe.errors.StripeError);
  return error as Stripe.errors.StripeError;
}

interface Delivery {
  event_id: string;
  type: string;
  body: string;
  headers: Record<string, string>;
}

/** Takes the webhook deliveries matching a filter (`customer=cus_…&duplicates=3`…). */
async function pull(query: string): Promise<{ seed: number; data: Delivery[] }> {
  const response = await fetch(`${standin.url}/_standin/deliveries?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as { seed: number; data: Delivery[] };
}

/** A call as a phone's Stripe SDK makes it: form-encoded, with the publishable key. */
async function fromPhone(path: string, params: Record<string, string>) {
  const response = await fetch(`${standin.url}${path}`, {
    method: "POST",
    headers: { authorization: "Bearer pk_test_phone", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  });
  return { status: response.status, body: (await response.json()) as Record<string, Record<string, unknown>> };
}

async function savedCard(token = "pm_card_visa") {
  const customer = await stripe.customers.create({ email: "rider@example.com", name: "Asha" });
  const pm = await stripe.paymentMethods.attach(token, { customer: customer.id });
  return { customer, pm };
}

describe("saving a card", () => {
  it("confirms a SetupIntent, attaches the card and lists it for the customer", async () => {
    const customer = await stripe.customers.create({ email: "a@example.com", metadata: { user_id: "u1" } });
    const si = await stripe.setupIntents.create({ customer: customer.id, usage: "off_session" });
    expect(si.status).toBe("requires_payment_method");
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    const done = await stripe.setupIntents.confirm(si.id, { payment_method: "pm_card_visa" });
    expect(done.status).toBe("succeeded");
    const methods = await stripe.customers.listPaymentMethods(customer.id, { type: "card" });
    expect(methods.data.map((m) => [m.id, m.card?.brand, m.card?.last4])).toEqual([
      [done.payment_method, "visa", "4242"],
    ]);
    const types = (await pull(`customer=${customer.id}`)).data.map((d) => d.type);
    expect(types).toEqual(
      expect.arrayContaining(["customer.created", "setup_intent.succeeded", "payment_method.attached"]),
    );
  });

  it("lets a phone confirm with its publishable key only with the client_secret", async () => {
    const customer = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: customer.id });
    const confirm = `/v1/setup_intents/${si.id}/confirm`;
    const refused = await fromPhone(confirm, { payment_method: "pm_card_mastercard" });
    expect([refused.status, refused.body.error?.code]).toEqual([401, "secret_key_required"]);
    const wrong = await fromPhone(confirm, {
      payment_method: "pm_card_mastercard",
      client_secret: `${si.id}_secret_x`,
    });
    expect([wrong.status, wrong.body.error?.param]).toEqual([400, "client_secret"]);
    const done = await fromPhone(confirm, {
      payment_method: "pm_card_mastercard",
      client_secret: si.client_secret ?? "",
    });
    expect([done.status, done.body.status]).toEqual([200, "succeeded"]);
    expect((await fromPhone("/v1/customers", {})).status).toBe(401);
  });

  it("declines the cards of Stripe's declined-payments table when they are saved", async () => {
    const customer = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: customer.id });
    const error = await rejection(
      stripe.setupIntents.confirm(si.id, { payment_method: "pm_card_visa_chargeDeclined" }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ code: "card_declined", decline_code: "generic_decline" });
    const after = await stripe.setupIntents.retrieve(si.id);
    expect(after.status).toBe("requires_payment_method");
    expect(after.last_setup_error?.decline_code).toBe("generic_decline");
  });
});

describe("payments", () => {
  it("holds with manual capture, captures less than the hold, and cancels another hold", async () => {
    const { customer, pm } = await savedCard();
    const hold = await stripe.paymentIntents.create({
      amount: 25_000,
      currency: "inr",
      customer: customer.id,
      payment_method: pm.id,
      capture_method: "manual",
      confirm: true,
      off_session: true,
    });
    expect(hold).toMatchObject({ status: "requires_capture", amount_capturable: 25_000, amount_received: 0 });
    const captured = await stripe.paymentIntents.capture(hold.id, { amount_to_capture: 18_000 });
    expect(captured).toMatchObject({ status: "succeeded", amount_received: 18_000, amount_capturable: 0 });
    const charge = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(charge).toMatchObject({ captured: true, amount_captured: 18_000, amount_refunded: 7_000, refunded: false });

    const other = await stripe.paymentIntents.create({
      amount: 9_000,
      currency: "inr",
      customer: customer.id,
      payment_method: pm.id,
      capture_method: "manual",
      confirm: true,
    });
    const canceled = await stripe.paymentIntents.cancel(other.id, { cancellation_reason: "abandoned" });
    expect(canceled).toMatchObject({ status: "canceled", cancellation_reason: "abandoned", amount_capturable: 0 });
    const late = await rejection(stripe.paymentIntents.capture(other.id));
    expect(late).toMatchObject({ code: "payment_intent_unexpected_state" });
  });

  it.each([
    ["pm_card_visa_chargeDeclined", "card_declined", "generic_decline"],
    ["pm_card_visa_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds"],
    ["pm_card_chargeCustomerFail", "card_declined", "generic_decline"],
  ])("declines %s with %s / %s and leaves the intent needing a payment method", async (token, code, declineCode) => {
    const error = await rejection(
      stripe.paymentIntents.create({ amount: 5_000, currency: "inr", payment_method: token, confirm: true }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(error).toMatchObject({ statusCode: 402, code, decline_code: declineCode });
    const pi = await stripe.paymentIntents.retrieve(error.payment_intent?.id ?? "");
    expect(pi.status).toBe("requires_payment_method");
    expect(pi.last_payment_error).toMatchObject({ code, decline_code: declineCode, type: "card_error" });
    const types = (await pull(`payment_intent=${pi.id}`)).data.map((d) => d.type);
    expect(types).toEqual(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"]);
  });

  it("saves pm_card_chargeCustomerFail, then declines its off-session charge", async () => {
    const { customer, pm } = await savedCard("pm_card_chargeCustomerFail");
    const error = await rejection(
      stripe.paymentIntents.create({
        amount: 5_000,
        currency: "inr",
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        off_session: true,
      }),
    );
    expect(error).toMatchObject({ code: "card_declined", decline_code: "generic_decline" });
  });

  it("asks for 3-D Secure on-session, passes once authenticated, and declines off-session", async () => {
    const { customer, pm } = await savedCard("pm_card_authenticationRequired");
    const onSession = await stripe.paymentIntents.create({
      amount: 5_000,
      currency: "inr",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
    });
    expect(onSession.status).toBe("requires_action");
    const page = (onSession.next_action?.use_stripe_sdk as { stripe_js: string } | undefined)?.stripe_js ?? "";
    expect((await fetch(page)).status).toBe(200);
    expect((await stripe.paymentIntents.retrieve(onSession.id)).status).toBe("succeeded");

    const error = await rejection(
      stripe.paymentIntents.create({
        amount: 5_000,
        currency: "inr",
        customer: customer.id,
        payment_method: pm.id,
        confirm: true,
        off_session: true,
      }),
    );
    expect(error).toMatchObject({ statusCode: 402, code: "authentication_required" });
    expect(error.payment_intent?.status).toBe("requires_payment_method");
  });

  it("refunds part, then the rest, and refuses a third refund", async () => {
    const { customer, pm } = await savedCard();
    const pi = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: "inr",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect(pi.status).toBe("succeeded");
    const part = await stripe.refunds.create({ payment_intent: pi.id, amount: 3_000, metadata: { reason: "late" } });
    const rest = await stripe.refunds.create({ payment_intent: pi.id });
    expect([part.amount, rest.amount, rest.status]).toEqual([3_000, 7_000, "succeeded"]);
    const third = await rejection(stripe.refunds.create({ payment_intent: pi.id, amount: 1 }));
    expect(third).toMatchObject({ statusCode: 400, code: "charge_already_refunded" });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
    const refunded = await stripe.events.list({ type: "charge.refunded", limit: 100 });
    expect(refunded.data.some((e) => (e.data.object as Stripe.Charge).id === charge.id)).toBe(true);
  });

  it("replays a request with the same idempotency key and refuses the key with other parameters", async () => {
    const key = `ride-${Date.now()}`;
    const first = await stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: key });
    const again = await stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: key });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const other = await rejection(stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: key }));
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("answers a wrong key 401, a missing object 404 and an unknown parameter 400, as Stripe does", async () => {
    const at = { host: "127.0.0.1", port: standin.port, protocol: "http" as const };
    const wrong = await rejection(new Stripe("sk_live_nope", at).customers.create({}));
    expect(wrong).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const missing = await rejection(stripe.customers.retrieve("cus_missing"));
    expect(missing).toMatchObject({ statusCode: 404, code: "resource_missing", param: "id" });
    const unknown = await rejection(
      stripe.customers.create({ emial: "typo@example.com" } as Stripe.CustomerCreateParams),
    );
    expect(unknown).toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "emial" });
  });
});

describe("Connect", () => {
  it("onboards through the link, pays the driver by destination charge and transfer, and pays out", async () => {
    const account = await stripe.accounts.create({
      type: "express",
      country: "IN",
      email: "driver@example.com",
      capabilities: { transfers: { requested: true } },
    });
    expect(account).toMatchObject({ charges_enabled: false, payouts_enabled: false, details_submitted: false });
    const early = await rejection(
      stripe.payouts.create({ amount: 100, currency: "inr" }, { stripeAccount: account.id }),
    );
    expect(early).toMatchObject({ code: "payouts_not_allowed" });

    const link = await stripe.accountLinks.create({
      account: account.id,
      refresh_url: "https://curbside.test/refresh",
      return_url: "https://curbside.test/return",
      type: "account_onboarding",
    });
    const visit = await fetch(link.url, { redirect: "manual" });
    expect([visit.status, visit.headers.get("location")]).toEqual([302, "https://curbside.test/return"]);
    expect(await stripe.accounts.retrieve(account.id)).toMatchObject({ payouts_enabled: true, charges_enabled: true });
    const updated = (await pull(`account=${account.id}&type=account.`)).data;
    expect(JSON.parse(updated[0]?.body ?? "{}")).toMatchObject({
      type: "account.updated",
      account: account.id,
      data: { object: { payouts_enabled: true }, previous_attributes: { payouts_enabled: false } },
    });

    const { customer, pm } = await savedCard();
    await stripe.paymentIntents.create({
      amount: 20_000,
      currency: "inr",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
      application_fee_amount: 3_000,
      transfer_data: { destination: account.id },
    });
    const balance = await stripe.balance.retrieve({}, { stripeAccount: account.id });
    expect(balance.available).toEqual([expect.objectContaining({ amount: 17_000, currency: "inr" })]);

    await stripe.transfers.create({ amount: 1_000, currency: "inr", destination: account.id });
    const tooMuch = await rejection(
      stripe.transfers.create({ amount: 1_000_000_000, currency: "inr", destination: account.id }),
    );
    expect(tooMuch).toMatchObject({ code: "balance_insufficient" });

    const payout = await stripe.payouts.create({ amount: 18_000, currency: "inr" }, { stripeAccount: account.id });
    expect(payout.status).toBe("pending");
    const overdraw = await rejection(
      stripe.payouts.create({ amount: 1, currency: "inr" }, { stripeAccount: account.id }),
    );
    expect(overdraw).toMatchObject({ code: "balance_insufficient" });
    const paid = await fetch(`${standin.url}/_standin/payouts/${payout.id}/paid`, { method: "POST" });
    expect(paid.status).toBe(200);
    expect((await stripe.payouts.retrieve(payout.id, {}, { stripeAccount: account.id })).status).toBe("paid");
    const types = (await pull(`object=${payout.id}`)).data.map((d) => d.type);
    expect(types).toEqual(["payout.created", "payout.paid"]);
  });
});

describe("webhooks", () => {
  it("delivers each event three times, shuffled, each signed so that constructEvent accepts it", async () => {
    const { customer } = await savedCard();
    await stripe.customers.update(customer.id, { metadata: { tier: "gold" } });
    const { seed, data } = await pull(`customer=${customer.id}&duplicates=3&shuffle=1`);
    console.log(`webhook shuffle seed: ${seed}`);
    const counts = new Map<string, number>();
    for (const delivery of data) {
      const event = stripe.webhooks.constructEvent(delivery.body, delivery.headers["stripe-signature"] ?? "", SECRET);
      expect(event.id).toBe(delivery.event_id);
      counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    }
    expect(counts.size).toBe(3); // customer.created, payment_method.attached, customer.updated
    expect([...counts.values()]).toEqual([3, 3, 3]);
    expect((await pull(`customer=${customer.id}`)).data).toEqual([]);

    const [one] = data as [Delivery];
    const tampered = one.body.replace('"livemode": false', '"livemode": true');
    expect(() => stripe.webhooks.constructEvent(tampered, one.headers["stripe-signature"] ?? "", SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it("signs with an old timestamp on request, which the 5-minute tolerance refuses", async () => {
    const customer = await stripe.customers.create({});
    const old = Math.floor(Date.now() / 1000) - 600;
    const [delivery] = (await pull(`object=${customer.id}&signed_at=${old}`)).data as [Delivery];
    expect(() =>
      stripe.webhooks.constructEvent(delivery.body, delivery.headers["stripe-signature"] ?? "", SECRET),
    ).toThrow(/tolerance/);
    const forged = await fetch(`${standin.url}/_standin/sign`, {
      method: "POST",
      body: JSON.stringify({ body: delivery.body, secret: "whsec_someone_else" }),
    });
    const { header } = (await forged.json()) as { header: string };
    expect(() => stripe.webhooks.constructEvent(delivery.body, header, SECRET)).toThrow(/No signatures found/);
  });

  it("pushes signed events to the webhook URL", async () => {
    const received: { body: string; signature: string; userAgent: string }[] = [];
    let arrived: () => void = () => {};
    const first = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let failures = 1;
    const receiver = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        // The first attempt fails: the stand-in retries, as Stripe does.
        if (failures-- > 0) return void res.writeHead(500).end();
        received.push({
          body: Buffer.concat(chunks).toString("utf8"),
          signature: String(req.headers["stripe-signature"]),
          userAgent: String(req.headers["user-agent"]),
        });
        res.writeHead(200).end();
        arrived();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
    const pusher = await startStripeStandin({ webhookSecret: SECRET, webhookUrl: url });
    try {
      const client = new Stripe("sk_test_push", { host: "127.0.0.1", port: pusher.port, protocol: "http" });
      const customer = await client.customers.create({ email: "push@example.com" });
      await first;
      const [delivery] = received as [(typeof received)[number]];
      const event = client.webhooks.constructEvent(delivery.body, delivery.signature, SECRET);
      expect(event).toMatchObject({ type: "customer.created", data: { object: { id: customer.id } } });
      expect(delivery.userAgent).toBe("Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    } finally {
      await pusher.stop();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});

describe("state across restarts", () => {
  it("keeps customers, saved cards and balances in its state file (npm start's .data/)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "standin-"));
    const stateFile = join(dir, "stripe-standin.json");
    const first = await startStripeStandin({ webhookSecret: SECRET, stateFile });
    const sdk = (port: number) => new Stripe("sk_test_restart", { host: "127.0.0.1", port, protocol: "http" });
    const customer = await sdk(first.port).customers.create({ email: "kept@example.test" });
    const setup = await sdk(first.port).setupIntents.create({
      customer: customer.id,
      payment_method: "pm_card_visa",
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    await first.stop();

    const second = await startStripeStandin({ webhookSecret: SECRET, stateFile });
    try {
      expect((await sdk(second.port).customers.retrieve(customer.id)).id).toBe(customer.id);
      const methods = await sdk(second.port).customers.listPaymentMethods(customer.id, { type: "card" });
      expect(methods.data.map((m) => m.id)).toEqual([setup.payment_method]);
    } finally {
      await second.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
