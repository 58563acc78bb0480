/**
 * Card payments end to end, with the real Stripe SDK in the Worker against
 * the stand-in: saving a card, a card ride held at request and captured at
 * completion, a decline, cancellations, and webhooks that arrive three
 * times, out of order, or forged.
 */
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { beforeAll, describe, expect, it } from "vitest";
import { invalidateCatalog } from "../../src/db/catalog.ts";
import { payments, rides, webhookEvents } from "../../src/db/schema/index.ts";
import { cardHold, splitFare, taxesIn } from "../../src/domain/fees.ts";
import { eventually, offset, onlineDriver, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { api, call, expectProblem, register, withDb } from "./helpers.ts";
import {
  balanceOf,
  confirmOnPhone,
  deliver,
  driveToCompletion,
  paymentOfRide,
  platformBalance,
  STANDIN,
  saveCard,
  type takeDeliveries,
} from "./money-helpers.ts";

/** The SDK as an operator would inspect Stripe: what the stand-in really holds. */
const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
  httpClient: Stripe.createFetchHttpClient(),
  host: new URL(STANDIN).hostname,
  port: new URL(STANDIN).port,
  protocol: "http",
});

const BUFFER_BPS = 2000;

describe("saved cards", () => {
  it("saves a card through a SetupIntent the app confirms, makes it the default, and forgets it", async () => {
    const rider = await register("rider");
    await saveCard(rider);
    const list = await api("GET", "/v1/payments/methods", { token: rider.access_token });
    const { data } = (await list.json()) as {
      data: { id: string; brand: string; last4: string; is_default: boolean }[];
    };
    expect(data).toEqual([expect.objectContaining({ brand: "visa", last4: "4242", is_default: true })]);
    const id = data[0]?.id as string;
    expect((await api("POST", `/v1/payments/methods/${id}/default`, { token: rider.access_token })).status).toBe(204);
    expect((await api("DELETE", `/v1/payments/methods/${id}`, { token: rider.access_token })).status).toBe(204);
    const after = (await (await api("GET", "/v1/payments/methods", { token: rider.access_token })).json()) as {
      data: unknown[];
    };
    expect(after.data).toEqual([]);
  });

  it("tells apps the publishable key and, outside production, where the stand-in is", async () => {
    const res = await api("GET", "/v1/payments/config");
    expect(await res.json()).toEqual({
      provider: "stripe",
      publishable_key: env.STRIPE_PUBLISHABLE_KEY,
      api_base: STANDIN,
    });
  });
});

describe("a card ride", () => {
  it("is authorised at request, the lower actual fare captured, the driver credited fare − commission, commission and taxes to the platform", async () => {
    const pickup = randomSpot();
    const driver = await onlineDriver("car", offset(pickup, 100, 0));
    const rider = await register("rider");
    await saveCard(rider);
    const commissionBefore = await platformBalance("commission", "INR");
    const taxesBefore = await platformBalance("taxes", "INR");

    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 3000, 0),
      vehicle_class: "car",
      payment_method: "card",
    });
    const estimate = (ride.estimate as { total: { amount: number } }).total.amount;
    const hold = cardHold(estimate, BUFFER_BPS);
    expect(ride.payment).toMatchObject({ method: "card", status: "authorized", authorized: { amount: hold } });
    const [row] = await withDb(({ db }) => db.select().from(payments).where(eq(payments.rideId, ride.id)));
    const intent = await stripe.paymentIntents.retrieve(row?.providerRef as string);
    expect(intent).toMatchObject({ status: "requires_capture", capture_method: "manual", amount_capturable: hold });

    // A short drive: the fare comes in under the hold.
    await driveToCompletion(driver, ride.id, offset(pickup, 20, 0), 1000);
    const settled = await eventually(async () => {
      const r = await paymentOfRide(rider, ride.id);
      return r.payment.status === "succeeded" ? r : null;
    });
    const fare = settled.fare?.total.amount as number;
    expect(fare).toBeLessThan(hold);
    expect(settled.payment).toMatchObject({ captured: { amount: fare }, authorized: { amount: 0 } });
    const captured = await stripe.paymentIntents.retrieve(intent.id);
    expect(captured).toMatchObject({ status: "succeeded", amount_received: fare });

    const split = splitFare({ total: fare, taxes: taxesIn(settled.fare?.lines ?? []), commissionBps: 2000 });
    expect(split.driver + split.commission + split.taxes).toBe(fare);
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({ available: split.driver, pending: 0 });
    // Other tests' rides settle meanwhile: this ride's own transfers say what it posted.
    const posted = await withDb(async ({ db }) => {
      const { rows } = await db.execute<{ code: string; amount: string }>(
        sql`select code, amount from ledger_transfers where ride_id = ${ride.id} order by code`,
      );
      return Object.fromEntries(rows.map((r) => [r.code, Number(r.amount)]));
    });
    expect(posted).toEqual({
      card_payment: fare,
      commission: split.commission,
      driver_share: split.driver,
      tax: split.taxes,
    });
    expect(await platformBalance("commission", "INR")).toBeGreaterThanOrEqual(commissionBefore + split.commission);
    expect(await platformBalance("taxes", "INR")).toBeGreaterThanOrEqual(taxesBefore + split.taxes);
  });

  it("refuses the request with 402 when the card is declined, and leaves no ride", async () => {
    const pickup = randomSpot();
    const rider = await register("rider");
    // Saves fine, then every charge is declined (Stripe's 4000 0000 0000 0341).
    await saveCard(rider, "pm_card_chargeCustomerFail");
    const res = await api("POST", "/v1/rides", {
      token: rider.access_token,
      body: {
        service: "passenger",
        pickup,
        dropoff: offset(pickup, 2000, 0),
        vehicle_class: "car",
        payment_method: "card",
      },
    });
    await expectProblem(res, 402, "payment_failed");
    const left = await withDb(({ db }) => db.select().from(rides).where(eq(rides.riderId, rider.id)));
    expect(left).toEqual([]);
    const list = (await (await api("GET", "/v1/rides", { token: rider.access_token })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
  });

  it("asks for a card first when the rider has none (422), and refuses UPI until a provider exists", async () => {
    const pickup = randomSpot();
    const rider = await register("rider");
    const body = { service: "passenger", pickup, dropoff: offset(pickup, 2000, 0), vehicle_class: "car" };
    await expectProblem(
      await api("POST", "/v1/rides", { token: rider.access_token, body: { ...body, payment_method: "card" } }),
      422,
      "payment_method_required",
    );
    await expectProblem(
      await api("POST", "/v1/rides", { token: rider.access_token, body: { ...body, payment_method: "upi" } }),
      422,
      "payment_method_unavailable",
    );
  });

  it("cancelled before assignment leaves no charge: the hold is released", async () => {
    const pickup = randomSpot();
    const rider = await register("rider");
    await saveCard(rider);
    // Nobody drives a mini truck here: the ride stays searching.
    const ride = await requestRide(rider, {
      service: "goods",
      pickup,
      dropoff: offset(pickup, 2000, 0),
      vehicle_class: "mini_truck",
      payment_method: "card",
      package: { description: "Boxes" },
    });
    const cancel = await api("POST", `/v1/rides/${ride.id}/cancel`, { token: rider.access_token, body: {} });
    expect(cancel.status).toBe(200);
    const after = await eventually(async () => {
      const r = await paymentOfRide(rider, ride.id);
      return r.payment.status === "cancelled" ? r : null;
    });
    expect(after.payment).toMatchObject({ captured: { amount: 0 }, authorized: { amount: 0 } });
    const [row] = await withDb(({ db }) => db.select().from(payments).where(eq(payments.rideId, ride.id)));
    expect((await stripe.paymentIntents.retrieve(row?.providerRef as string)).status).toBe("canceled");
    const moved = await withDb(({ db }) => db.execute(sql`select 1 from ledger_transfers where ride_id = ${ride.id}`));
    expect(moved.rows).toEqual([]);
  });
});

describe("a cancellation after the grace period", () => {
  // New York's grace is cut to one second for this file: the fee is due after it.
  beforeAll(async () => {
    await withDb(({ db }) => db.execute(sql`update cities set cancellation_grace_s = 1 where id = 'new-york'`));
    invalidateCatalog();
  });

  it("captures exactly the fee, and the driver gets their share of it", async () => {
    const pickup = { lat: 40.7 + Math.random() * 0.1, lng: -73.98 + Math.random() * 0.1 };
    const driver = await onlineDriver("car", offset(pickup, 100, 0));
    const rider = await register("rider");
    await saveCard(rider);
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 3000, 0),
      vehicle_class: "car",
      payment_method: "card",
    });
    await driver.socket.nextOf("offer");
    driver.socket.send({ type: "offer.accept", ride_id: ride.id });
    await driver.socket.nextOf("ride.status");
    await new Promise((r) => setTimeout(r, 1500));
    const cancel = await api("POST", `/v1/rides/${ride.id}/cancel`, { token: rider.access_token, body: {} });
    const cancelled = (await cancel.json()) as { cancellation: { fee: { amount: number; currency: string } } };
    const fee = cancelled.cancellation.fee;
    expect(fee.amount).toBeGreaterThan(0);
    expect(fee.currency).toBe("USD");
    const after = await eventually(async () => {
      const r = await paymentOfRide(rider, ride.id);
      return r.payment.status === "succeeded" ? r : null;
    });
    expect(after.payment.captured.amount).toBe(fee.amount);
    const [row] = await withDb(({ db }) => db.select().from(payments).where(eq(payments.rideId, ride.id)));
    expect(await stripe.paymentIntents.retrieve(row?.providerRef as string)).toMatchObject({
      status: "succeeded",
      amount_received: fee.amount,
    });
    const split = splitFare({ total: fee.amount, taxes: 0, commissionBps: 2000 });
    expect(await balanceOf(driver.account, "earnings", "USD")).toEqual({ available: split.driver, pending: 0 });
  });
});

describe("webhooks", () => {
  it("applies an event delivered three times and out of order once", async () => {
    const rider = await register("rider");
    const topUp = await api("POST", "/v1/wallet/top-up", {
      token: rider.access_token,
      body: { amount: { amount: 25_000, currency: "INR" } },
    });
    expect(topUp.status).toBe(201);
    const started = (await topUp.json()) as { payment_intent_id: string; client_secret: string; payment_id: string };
    await confirmOnPhone(started.payment_intent_id, started.client_secret);

    const deliveries = await fetch(
      `${STANDIN}/_standin/deliveries?payment_intent=${started.payment_intent_id}&duplicates=3&shuffle=1`,
    ).then(async (r) => ((await r.json()) as { data: Awaited<ReturnType<typeof takeDeliveries>> }).data);
    const ids = new Set(deliveries.map((d) => d.event_id));
    for (const id of ids) expect(deliveries.filter((d) => d.event_id === id)).toHaveLength(3);
    expect(deliveries.map((d) => d.type)).toContain("payment_intent.succeeded");
    const answers = await deliver(deliveries);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // Each event applied once, the rest duplicates.
    const succeeded = deliveries.filter((d) => d.type === "payment_intent.succeeded");
    expect(succeeded).toHaveLength(3);
    expect(answers.filter((a) => a.outcome === "duplicate")).toHaveLength(deliveries.length - ids.size);

    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: 25_000, pending: 0 });
    const [payment] = await withDb(({ db }) => db.select().from(payments).where(eq(payments.id, started.payment_id)));
    expect(payment).toMatchObject({ status: "succeeded", capturedAmount: 25_000 });
    const recorded = await withDb(({ db }) =>
      db
        .select()
        .from(webhookEvents)
        .where(eq(webhookEvents.id, succeeded[0]?.event_id as string)),
    );
    expect(recorded).toHaveLength(1);

    // An older event arriving last changes nothing: the payment does not go back.
    const again = await deliver(deliveries.filter((d) => d.type !== "payment_intent.succeeded"));
    expect(again.every((a) => a.outcome === "duplicate")).toBe(true);
    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: 25_000, pending: 0 });
  });

  it("answers a forged or stale signature with 400 and writes nothing", async () => {
    const body = JSON.stringify({
      id: `evt_forged_${crypto.randomUUID().replaceAll("-", "")}`,
      object: "event",
      type: "payment_intent.succeeded",
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: "pi_forged", object: "payment_intent", amount_received: 1_000_000 } },
    });
    const id = (JSON.parse(body) as { id: string }).id;
    const sign = async (extra: Record<string, unknown>) => {
      const res = await fetch(`${STANDIN}/_standin/sign`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ body, ...extra }),
      });
      return ((await res.json()) as { header: string }).header;
    };
    const post = (signature: string | null, payload = body) =>
      call("/v1/webhooks/stripe", {
        method: "POST",
        headers: { ...(signature ? { "stripe-signature": signature } : {}), "content-type": "application/json" },
        body: payload,
      });
    await expectProblem(await post(await sign({ secret: "whsec_not_ours" })), 400, "signature_invalid");
    await expectProblem(
      await post(await sign({ timestamp: Math.floor(Date.now() / 1000) - 3600 })),
      400,
      "signature_invalid",
    );
    await expectProblem(await post(null), 400, "signature_missing");
    // A right signature over another body is forged too.
    await expectProblem(await post(await sign({}), body.replace("1000000", "2000000")), 400, "signature_invalid");
    const written = await withDb(({ db }) => db.select().from(webhookEvents).where(eq(webhookEvents.id, id)));
    expect(written).toEqual([]);
  });
});
