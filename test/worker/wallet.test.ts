/**
 * The wallet and payouts over the API: a top-up credited on its webhook, a
 * ride paid from the wallet, the driver's earnings withdrawn to their
 * connected account and paid out; and concurrent withdrawals that can never
 * take more than there is.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { splitFare, taxesIn } from "../../src/domain/fees.ts";
import { earnings, platform } from "../../src/domain/ledger.ts";
import { record } from "../../src/ledger/record.ts";
import { eventually, offset, onlineDriver, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { api, expectProblem, register, withDb } from "./helpers.ts";
import { balanceOf, deliverAll, driveToCompletion, onboarded, paymentOfRide, STANDIN, topUp } from "./money-helpers.ts";

interface Transaction {
  code: string;
  amount: { amount: number; currency: string };
  status: string;
  ride_id: string | null;
}

async function transactions(token: string): Promise<Transaction[]> {
  const res = await api("GET", "/v1/wallet/transactions?limit=50", { token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Transaction[] }).data;
}

describe("top up → ride from the wallet → withdraw the driver's earnings", () => {
  it("shows every step over the API with matching amounts", async () => {
    // 1. The rider tops up ₹500; the wallet is credited when the provider's webhook arrives.
    const rider = await register("rider");
    await topUp(rider, 50_000);
    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: 50_000, pending: 0 });
    expect(await transactions(rider.access_token)).toEqual([
      expect.objectContaining({ code: "topup", amount: { amount: 50_000, currency: "INR" }, status: "posted" }),
    ]);

    // 2. A ride paid from the wallet: the estimate is held at request…
    const pickup = randomSpot();
    const driver = await onlineDriver("car", offset(pickup, 100, 0));
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 3000, 0),
      vehicle_class: "car",
      payment_method: "wallet",
    });
    const estimate = (ride.estimate as { total: { amount: number } }).total.amount;
    expect(ride.payment).toMatchObject({ method: "wallet", status: "authorized", authorized: { amount: estimate } });
    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: 50_000 - estimate, pending: -estimate });

    // …and the fare is posted at completion, the rest of the hold released.
    await driveToCompletion(driver, ride.id, offset(pickup, 20, 0), 1000);
    const settled = await eventually(async () => {
      const r = await paymentOfRide(rider, ride.id);
      return r.payment.status === "succeeded" ? r : null;
    });
    const fare = settled.fare?.total.amount as number;
    expect(settled.payment.captured.amount).toBe(fare);
    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: 50_000 - fare, pending: 0 });
    expect((await transactions(rider.access_token))[0]).toMatchObject({
      code: "ride_payment",
      amount: { amount: -fare, currency: "INR" },
      status: "posted",
      ride_id: ride.id,
    });

    // 3. The driver's share is in their earnings, and in their earnings report.
    const share = splitFare({ total: fare, taxes: taxesIn(settled.fare?.lines ?? []), commissionBps: 2000 }).driver;
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({ available: share, pending: 0 });
    const report = (await (
      await api("GET", "/v1/drivers/me/earnings", { token: driver.account.access_token })
    ).json()) as {
      rides: { ride_id: string; fare: { amount: number }; share: { amount: number }; net: { amount: number } }[];
      days: { rides: number; net: { amount: number } }[];
    };
    expect(report.rides).toEqual([
      expect.objectContaining({
        ride_id: ride.id,
        fare: { amount: fare, currency: "INR" },
        share: { amount: share, currency: "INR" },
      }),
    ]);
    expect(report.days).toEqual([expect.objectContaining({ rides: 1, net: { amount: share, currency: "INR" } })]);

    // 4. Onboarding, then the withdrawal: a transfer to the connected account and a payout, paid on its webhook.
    const accountId = await onboarded(driver.account);
    const res = await api("POST", "/v1/wallet/withdraw", {
      token: driver.account.access_token,
      headers: { "idempotency-key": `withdraw-${ride.id}` },
      body: { amount: { amount: share, currency: "INR" } },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const withdrawal = (await res.json()) as {
      id: string;
      status: string;
      payout_id: string;
      amount: { amount: number };
    };
    expect(withdrawal).toMatchObject({ status: "in_transit", amount: { amount: share, currency: "INR" } });
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({ available: 0, pending: 0 });
    // The same request again (a retry) is the same withdrawal, not a second one.
    const retry = await api("POST", "/v1/wallet/withdraw", {
      token: driver.account.access_token,
      headers: { "idempotency-key": `withdraw-${ride.id}` },
      body: { amount: { amount: share, currency: "INR" } },
    });
    expect(((await retry.json()) as { id: string }).id).toBe(withdrawal.id);
    // At the provider: the payout is the connected account's.
    const payout = (await (
      await fetch(`${STANDIN}/v1/payouts/${withdrawal.payout_id}`, {
        headers: { authorization: `Bearer ${env.STRIPE_SECRET_KEY}`, "stripe-account": accountId },
      })
    ).json()) as { amount: number; currency: string };
    expect(payout).toMatchObject({ amount: share, currency: "inr" });

    await fetch(`${STANDIN}/_standin/payouts/${withdrawal.payout_id}/paid`, { method: "POST" });
    await deliverAll({ object: withdrawal.payout_id });
    const listed = (await (
      await api("GET", "/v1/wallet/withdrawals", { token: driver.account.access_token })
    ).json()) as {
      data: { id: string; status: string; amount: { amount: number } }[];
    };
    expect(listed.data).toEqual([
      expect.objectContaining({ id: withdrawal.id, status: "paid", amount: { amount: share, currency: "INR" } }),
    ]);
    expect((await transactions(driver.account.access_token)).map((t) => [t.code, t.amount.amount])).toEqual([
      ["withdrawal", -share],
      ["driver_share", share],
    ]);
  });
});

describe("a wallet ride", () => {
  it("is refused with 402 when the wallet cannot hold the estimate, and leaves no ride", async () => {
    const rider = await register("rider");
    await topUp(rider, 100);
    const pickup = randomSpot();
    const res = await api("POST", "/v1/rides", {
      token: rider.access_token,
      body: {
        service: "passenger",
        pickup,
        dropoff: offset(pickup, 3000, 0),
        vehicle_class: "car",
        payment_method: "wallet",
      },
    });
    await expectProblem(res, 402, "insufficient_funds");
    const list = (await (await api("GET", "/v1/rides", { token: rider.access_token })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: 100, pending: 0 });
  });
});

describe("withdrawals", () => {
  it("50 concurrent withdrawals against a balance enough for 30: exactly 30 succeed", async () => {
    const driver = await register("driver");
    await onboarded(driver);
    // Money at the provider to transfer from: a card top-up by someone.
    await topUp(await register("rider"), 100_000);
    // 30 × ₹10 of earnings.
    await withDb(({ db }) =>
      db.transaction((tx) =>
        record(tx, [
          {
            key: `test:earnings:${driver.id}`,
            debit: platform("settlement", "INR"),
            credit: earnings(driver.id, "INR"),
            amount: 30_000,
            currency: "INR",
            code: "driver_share",
          },
        ]),
      ),
    );
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api("POST", "/v1/wallet/withdraw", {
          token: driver.access_token,
          headers: { "idempotency-key": `w-${driver.id}-${i}` },
          body: { amount: { amount: 1_000, currency: "INR" } },
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(30);
    expect(statuses.filter((s) => s === 402)).toHaveLength(20);
    for (const r of answers.filter((a) => a.status === 402)) await expectProblem(r, 402, "insufficient_funds");
    expect(await balanceOf(driver, "earnings", "INR")).toEqual({ available: 0, pending: 0 });
  });

  it("is refused before payouts are enabled, and to riders", async () => {
    const driver = await register("driver");
    const body = { amount: { amount: 100, currency: "INR" } };
    await expectProblem(
      await api("POST", "/v1/wallet/withdraw", { token: driver.access_token, body }),
      409,
      "payouts_not_enabled",
    );
    const rider = await register("rider");
    await expectProblem(
      await api("POST", "/v1/wallet/withdraw", { token: rider.access_token, body }),
      403,
      "forbidden",
    );
  });
});
