/**
 * After the ride: refunds by an admin (whole or in part, idempotent, mirrored
 * in the ledger in proportion), tips, cash collected (the commission becomes
 * the driver's debt, netted against later earnings), and the daily
 * reconciliation finding what is out of step.
 */
import { env } from "cloudflare:workers";
import { eq, sql } from "drizzle-orm";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { DAILY_CRON, runScheduled } from "../../src/cron/scheduled.ts";
import { paymentDrifts, payments } from "../../src/db/schema/index.ts";
import { splitFare, splitRefund, taxesIn } from "../../src/domain/fees.ts";
import { adminToken, api, expectProblem, withDb } from "./helpers.ts";
import { balanceOf, deliverAll, paymentOfRide, STANDIN, settledRide } from "./money-helpers.ts";

const stripe = new Stripe(env.STRIPE_SECRET_KEY, {
  httpClient: Stripe.createFetchHttpClient(),
  host: new URL(STANDIN).hostname,
  port: new URL(STANDIN).port,
  protocol: "http",
});

async function refund(paymentId: string, body: Record<string, unknown>, key: string) {
  return api("POST", `/v1/admin/payments/${paymentId}/refund`, {
    token: await adminToken(),
    headers: { "idempotency-key": key },
    body,
  });
}

describe("refunds", () => {
  it("refunds a card ride in part, then the rest; each once, mirrored in the ledger in proportion", async () => {
    const { rider, driver, ride, settled, fare } = await settledRide("card");
    const paymentId = settled.payment.id as string;
    const split = splitFare({ total: fare, taxes: taxesIn(settled.fare?.lines ?? []), commissionBps: 2000 });
    const part = Math.floor(fare / 4);

    const first = await refund(
      paymentId,
      { amount: { amount: part, currency: "INR" }, reason: "Detour" },
      `r1-${ride.id}`,
    );
    expect(first.status, await first.clone().text()).toBe(200);
    expect(await first.json()).toMatchObject({ status: "partially_refunded", refunded: { amount: part } });
    // The same request again is the same refund.
    const retried = await refund(
      paymentId,
      { amount: { amount: part, currency: "INR" }, reason: "Detour" },
      `r1-${ride.id}`,
    );
    expect(await retried.json()).toMatchObject({ refunded: { amount: part } });
    const shares = splitRefund(split, part);
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({
      available: split.driver - shares.driver,
      pending: 0,
    });

    const rest = await refund(paymentId, { reason: "Complaint upheld" }, `r2-${ride.id}`);
    expect(await rest.json()).toMatchObject({ status: "refunded", refunded: { amount: fare } });
    await expectProblem(
      await refund(paymentId, { reason: "Once more" }, `r3-${ride.id}`),
      409,
      "refund_exceeds_payment",
    );

    const [row] = await withDb(({ db }) => db.select().from(payments).where(eq(payments.id, paymentId)));
    const charge = await stripe.paymentIntents.retrieve(row?.providerRef as string, { expand: ["latest_charge"] });
    const refunds = await stripe.refunds.list({ payment_intent: charge.id });
    // Two refunds asked for (the hold's unused part, released at capture, is Stripe's own refund and has no reason).
    const ours = refunds.data.filter((r) => r.metadata?.reason).map((r) => r.amount);
    expect(ours.sort((a, b) => a - b)).toEqual([part, fare - part].sort((a, b) => a - b));
    // Stripe's charge.refunded webhooks arriving after the fact change nothing.
    await deliverAll({ payment_intent: charge.id });
    expect((await paymentOfRide(rider, ride.id)).payment).toMatchObject({
      status: "refunded",
      refunded: { amount: fare },
    });
    // Refunded in full: the driver's share is all taken back, to the paisa.
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({ available: 0, pending: 0 });
  });

  it("returns a wallet ride's refund to the wallet", async () => {
    const { rider, settled, fare } = await settledRide("wallet");
    const before = await balanceOf(rider, "wallet", "INR");
    const res = await refund(settled.payment.id as string, { reason: "Wrong route" }, `w-${settled.payment.id}`);
    expect(res.status).toBe(200);
    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: before.available + fare, pending: 0 });
  });
});

describe("tips", () => {
  it("pays the driver in full, once", async () => {
    const { rider, driver, ride, settled } = await settledRide("card");
    const share = splitFare({
      total: settled.fare?.total.amount as number,
      taxes: taxesIn(settled.fare?.lines ?? []),
      commissionBps: 2000,
    }).driver;
    const tip = { amount: { amount: 3_000, currency: "INR" } };
    const res = await api("POST", `/v1/rides/${ride.id}/tip`, { token: rider.access_token, body: tip });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toMatchObject({ method: "card", status: "succeeded", amount: { amount: 3_000 } });
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({ available: share + 3_000, pending: 0 });
    // The same tip again is the same tip; another is refused.
    expect((await api("POST", `/v1/rides/${ride.id}/tip`, { token: rider.access_token, body: tip })).status).toBe(201);
    await expectProblem(
      await api("POST", `/v1/rides/${ride.id}/tip`, {
        token: rider.access_token,
        body: { amount: { amount: 5_000, currency: "INR" } },
      }),
      409,
      "already_tipped",
    );
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({ available: share + 3_000, pending: 0 });
  });
});

describe("cash", () => {
  it("makes the commission and taxes the driver's debt when they confirm collection", async () => {
    const { driver, ride, settled, fare } = await settledRide("cash");
    const split = splitFare({ total: fare, taxes: taxesIn(settled.fare?.lines ?? []), commissionBps: 2000 });
    const res = await api("POST", `/v1/rides/${ride.id}/cash-collected`, { token: driver.account.access_token });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({ method: "cash", status: "succeeded", captured: { amount: fare } });
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({
      available: -(split.commission + split.taxes),
      pending: 0,
    });
    // Confirming twice changes nothing.
    expect(
      (await api("POST", `/v1/rides/${ride.id}/cash-collected`, { token: driver.account.access_token })).status,
    ).toBe(200);
    expect((await balanceOf(driver.account, "earnings", "INR")).available).toBe(-(split.commission + split.taxes));
    const report = (await (
      await api("GET", "/v1/drivers/me/earnings", { token: driver.account.access_token })
    ).json()) as {
      rides: { cash_collected: { amount: number }; net: { amount: number } }[];
    };
    expect(report.rides[0]).toMatchObject({
      cash_collected: { amount: fare },
      net: { amount: -(split.commission + split.taxes) },
    });
  });
});

describe("the daily reconciliation", () => {
  it("records a payment whose state at Stripe differs from Curbside's", async () => {
    const { settled } = await settledRide("card");
    const [row] = await withDb(({ db }) =>
      db
        .select()
        .from(payments)
        .where(eq(payments.id, settled.payment.id as string)),
    );
    // A write lost on Curbside's side: the record says one paisa more was captured than Stripe did.
    await withDb(({ db }) =>
      db.execute(sql`update payments set captured_amount = captured_amount + 1 where id = ${row?.id}`),
    );
    await runScheduled({ cron: DAILY_CRON, scheduledTime: Date.now() }, env);
    const drifts = await withDb(({ db }) =>
      db
        .select()
        .from(paymentDrifts)
        .where(eq(paymentDrifts.paymentId, row?.id as string)),
    );
    expect(drifts).toEqual([
      expect.objectContaining({ field: "captured_amount", ours: String((row?.capturedAmount ?? 0) + 1) }),
    ]);
    const listed = (await (await api("GET", "/v1/admin/payments/drifts", { token: await adminToken() })).json()) as {
      data: { payment_id: string }[];
    };
    expect(listed.data.map((d) => d.payment_id)).toContain(row?.id);
  });
});
