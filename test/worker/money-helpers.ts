/**
 * Money in tests: saving a card as a phone would (the SetupIntent confirmed
 * at the Stripe stand-in with the publishable key and its client secret),
 * and delivering the stand-in's signed webhooks to the Worker. The Worker
 * under test has no port of its own, so a test pulls the deliveries meant
 * for its objects from the stand-in and posts them to the webhook route,
 * bodies and signatures exactly as Stripe would send them.
 */
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { eventually, offset, onlineDriver, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { type Account, api, call, register, withDb } from "./helpers.ts";

export const STANDIN = env.STRIPE_API_BASE;

/** A POST to the stand-in's Stripe API with a key (form-encoded, as Stripe.js and the SDKs send it). */
export async function stripeAs(key: string, path: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${STANDIN}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

/** Saves a card for the account: SetupIntent from the API, confirmed as the phone would. Returns the SetupIntent id. */
export async function saveCard(account: Account, testCard = "pm_card_visa"): Promise<string> {
  const res = await api("POST", "/v1/payments/setup-intents", { token: account.access_token });
  expect(res.status, await res.clone().text()).toBe(201);
  const intent = (await res.json()) as { id: string; client_secret: string };
  const confirmed = await stripeAs(env.STRIPE_PUBLISHABLE_KEY, `/v1/setup_intents/${intent.id}/confirm`, {
    payment_method: testCard,
    client_secret: intent.client_secret,
  });
  expect(confirmed.status, await confirmed.clone().text()).toBe(200);
  return intent.id;
}

/** Confirms a PaymentIntent as the phone would (a top-up). */
export async function confirmOnPhone(intentId: string, clientSecret: string, testCard = "pm_card_visa") {
  const res = await stripeAs(env.STRIPE_PUBLISHABLE_KEY, `/v1/payment_intents/${intentId}/confirm`, {
    payment_method: testCard,
    client_secret: clientSecret,
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { id: string; status: string };
}

export interface Delivery {
  event_id: string;
  type: string;
  body: string;
  headers: Record<string, string>;
}

/** Takes the stand-in's undelivered webhooks about an object (`object=`, `customer=`, `account=`, `payment_intent=`). */
export async function takeDeliveries(filter: Record<string, string>): Promise<Delivery[]> {
  const res = await fetch(`${STANDIN}/_standin/deliveries?${new URLSearchParams(filter)}`);
  expect(res.status, await res.clone().text()).toBe(200);
  const body = (await res.json()) as { data: Delivery[] };
  return body.data;
}

/** Posts deliveries to the Worker's webhook route, in the order given; returns the answers. */
export async function deliver(deliveries: Delivery[]): Promise<{ status: number; outcome?: string }[]> {
  const answers = [];
  for (const d of deliveries) {
    const res = await call("/v1/webhooks/stripe", { method: "POST", headers: d.headers, body: d.body });
    const body = (await res.json()) as { outcome?: string };
    answers.push({ status: res.status, ...(body.outcome ? { outcome: body.outcome } : {}) });
  }
  return answers;
}

/** Takes and delivers every pending webhook about the filter's objects. */
export async function deliverAll(filter: Record<string, string>) {
  const answers = await deliver(await takeDeliveries(filter));
  for (const a of answers) expect(a.status).toBe(200);
  return answers;
}

/** The platform's ledger accounts in a currency, by kind: { commission: {…}, taxes: {…}, … }. */
export async function platformBalance(kind: string, currency: string): Promise<number> {
  return withDb(async ({ db }) => {
    const { rows } = await db.execute<{ credits: string; debits: string }>(
      sql`select credits_posted as credits, debits_posted as debits
        from ledger_accounts where key = ${`${kind}:${currency}`}`,
    );
    const row = rows[0];
    return row ? Number(row.credits) - Number(row.debits) : 0;
  });
}

export interface WalletBalance {
  account: "wallet" | "earnings";
  currency: string;
  available: { amount: number; currency: string };
  pending: { amount: number; currency: string };
}

/** The account's balance of a kind and currency, over the API (0 when it has none yet). */
export async function balanceOf(account: Account, kind: "wallet" | "earnings", currency: string) {
  const res = await api("GET", "/v1/wallet", { token: account.access_token });
  expect(res.status).toBe(200);
  const { balances } = (await res.json()) as { balances: WalletBalance[] };
  const b = balances.find((x) => x.account === kind && x.currency === currency);
  return { available: b?.available.amount ?? 0, pending: b?.pending.amount ?? 0 };
}

/** The ride's payment as GET /v1/rides/{id} shows it. */
export async function paymentOfRide(account: Account, rideId: string) {
  const res = await api("GET", `/v1/rides/${rideId}`, { token: account.access_token });
  expect(res.status).toBe(200);
  const ride = (await res.json()) as {
    status: string;
    fare: { total: { amount: number; currency: string }; lines: { code: string; amount: number }[] } | null;
    payment: {
      id: string | null;
      method: string;
      status: string;
      authorized: { amount: number };
      captured: { amount: number };
      refunded: { amount: number };
    };
  };
  return ride;
}

/** The driver accepts the offer of `rideId`, arrives, starts, drives `metres` north, and completes. */
export async function driveToCompletion(
  driver: {
    account: Account;
    socket: {
      nextOf(type: string): Promise<Record<string, unknown>>;
      offerOf(rideId: string): Promise<Record<string, unknown>>;
      send(m: unknown): void;
    };
  },
  rideId: string,
  from: { lat: number; lng: number },
  metres: number,
) {
  // Its own ride's offer: a ride another test file left searching nearby may reach the driver first.
  await driver.socket.offerOf(rideId);
  driver.socket.send({ type: "offer.accept", ride_id: rideId });
  await driver.socket.nextOf("ride.status");
  const step = async (path: string) => {
    const res = await api("POST", `/v1/rides/${rideId}/${path}`, { token: driver.account.access_token });
    expect(res.status, await res.clone().text()).toBe(200);
  };
  await step("arrived");
  await step("started");
  for (let m = 100; m <= metres; m += 100) {
    driver.socket.send({ type: "location", lat: from.lat + m / 111_320, lng: from.lng, ts: Date.now() });
  }
  await new Promise((r) => setTimeout(r, 300));
  await step("completed");
}

/** A driver or owner with a connected account whose onboarding is finished (payouts enabled). */
export async function onboarded(account: Account): Promise<string> {
  const res = await api("POST", "/v1/payouts/account", { token: account.access_token, body: { country: "IN" } });
  expect(res.status, await res.clone().text()).toBe(200);
  const started = (await res.json()) as { account_id: string; onboarding_url: string; status: string };
  expect(started.status).toBe("onboarding");
  // The holder completes Stripe's hosted onboarding; it sends them back to the return URL.
  const page = await fetch(started.onboarding_url, { redirect: "manual" });
  expect(page.status).toBe(302);
  await deliverAll({ object: started.account_id });
  const status = (await (await api("GET", "/v1/payouts/account", { token: account.access_token })).json()) as {
    status: string;
    payouts_enabled: boolean;
  };
  expect(status).toMatchObject({ status: "enabled", payouts_enabled: true });
  return started.account_id;
}

/** Tops up the account's wallet by card, as the phone would, and delivers the webhooks that credit it. */
export async function topUp(account: Account, amount: number, currency = "INR"): Promise<string> {
  const res = await api("POST", "/v1/wallet/top-up", {
    token: account.access_token,
    body: { amount: { amount, currency } },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const started = (await res.json()) as { payment_intent_id: string; client_secret: string };
  await confirmOnPhone(started.payment_intent_id, started.client_secret);
  await deliverAll({ payment_intent: started.payment_intent_id });
  return started.payment_intent_id;
}

/** A rider, a driver and a ride paid by `method` (a card saved, or a wallet topped up, first), completed and settled. */
export async function settledRide(method: "card" | "wallet" | "cash") {
  const pickup = randomSpot();
  const driver = await onlineDriver("car", offset(pickup, 100, 0));
  const rider = await register("rider");
  if (method === "card") await saveCard(rider);
  if (method === "wallet") await topUp(rider, 100_000);
  const ride = await requestRide(rider, {
    service: "passenger",
    pickup,
    dropoff: offset(pickup, 3000, 0),
    vehicle_class: "car",
    payment_method: method,
  });
  await driveToCompletion(driver, ride.id, offset(pickup, 20, 0), 1000);
  const settled = await eventually(async () => {
    const r = await paymentOfRide(rider, ride.id);
    return r.payment.status === (method === "cash" ? "pending" : "succeeded") && r.status === "completed" ? r : null;
  });
  return { rider, driver, ride, settled, fare: settled.fare?.total.amount as number };
}
