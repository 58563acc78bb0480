/**
 * Referrals and reward points: a code applied once, within the window,
 * never one's own; both sides rewarded exactly once when the referee's
 * first ride completes (wallet credit through the ledger, and points);
 * points earned per ride and turned into wallet credit.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eventLog } from "../../src/db/schema/index.ts";
import { consumeEvents } from "../../src/events/consumer.ts";
import { eventually, offset, onlineDriver, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { type Account, api, expectProblem, register, withDb } from "./helpers.ts";
import { balanceOf, driveToCompletion, paymentOfRide } from "./money-helpers.ts";
import { told } from "./told.ts";

/** Waits for what the queue settles; generous, since the machine may be busy. */
const soon = <T>(check: () => Promise<T | undefined | null | false>) => eventually(check, 30_000);

async function codeOf(who: Account): Promise<string> {
  const res = await api("GET", "/v1/referrals/code", { token: who.access_token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { code: string }).code;
}

const apply = (who: Account, code: string) =>
  api("POST", "/v1/referrals/apply", { token: who.access_token, body: { code } });

/** One ride of `rider`, driven to completion by a fresh driver. */
async function rideToCompletion(rider: Account): Promise<string> {
  const pickup = randomSpot();
  const driver = await onlineDriver("car", offset(pickup, 100, 0));
  const ride = await requestRide(rider, {
    service: "passenger",
    pickup,
    dropoff: offset(pickup, 3000, 0),
    vehicle_class: "car",
  });
  await driveToCompletion(driver, ride.id, offset(pickup, 20, 0), 1000);
  await soon(async () => (await paymentOfRide(rider, ride.id)).status === "completed");
  driver.socket.close();
  return ride.id;
}

/** Waits until the user has been told `n` notifications of a type, and returns them. */
const toldSoon = (who: Account, type: string, n = 1) =>
  soon(async () => {
    const found = await told(who, type);
    return found.length >= n ? found : null;
  });

/** Hands the ride's recorded `ride.completed` to the events consumer once more, as a queue redelivers it. */
async function redeliverCompleted(rideId: string): Promise<void> {
  const [row] = await withDb(({ db }) =>
    db
      .select()
      .from(eventLog)
      .where(and(eq(eventLog.subjectId, rideId), eq(eventLog.type, "ride.completed"))),
  );
  expect(row).toBeDefined();
  const event = {
    id: row?.id,
    type: row?.type,
    subject_id: row?.subjectId,
    ...(row?.seq != null ? { seq: row.seq } : {}),
    occurred_at: row?.occurredAt.toISOString(),
    payload: row?.payload,
  };
  const batch = createMessageBatch("curbside-events", [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts: 2, body: event },
  ]);
  await consumeEvents(batch, env);
  // Handled and acknowledged, not retried or dropped: the consumer really went through the ride's end again.
  const result = await getQueueResult(batch, createExecutionContext());
  expect(result.retryMessages).toEqual([]);
  expect(result.explicitAcks).toEqual(batch.messages.map((m) => m.id));
}

interface Points {
  balance: number;
  data: { points: number; source: string; kind: string; expires_at: string | null }[];
}

async function pointsOf(who: Account): Promise<Points> {
  return (await (await api("GET", "/v1/rewards/points?limit=100", { token: who.access_token })).json()) as Points;
}

describe("referrals", () => {
  it("reward both sides exactly once when the referee's first ride completes", { timeout: 90_000 }, async () => {
    const referrer = await register("rider");
    const referee = await register("rider");
    const code = await codeOf(referrer);
    expect(await codeOf(referrer)).toBe(code);
    await expectProblem(await apply(referrer, code), 422, "own_referral_code");
    const applied = await apply(referee, code.toLowerCase());
    expect(applied.status, await applied.clone().text()).toBe(201);
    expect(await applied.json()).toMatchObject({ referrer_id: referrer.id, status: "pending" });
    await expectProblem(await apply(referee, code), 409, "already_referred");
    await expectProblem(await apply(referee, await codeOf(await register("rider"))), 409, "already_referred");

    // The referrer hears that a friend used their code.
    expect(await toldSoon(referrer, "referral.applied")).toEqual([
      expect.objectContaining({ category: "promotion", data: { referral_id: expect.any(String) } }),
    ]);

    const first = await rideToCompletion(referee);
    await soon(async () => (await balanceOf(referrer, "wallet", "INR")).available === 5000);
    await soon(async () => (await balanceOf(referee, "wallet", "INR")).available === 5000);
    // Both are told of the credit and the points; the referee of the ride's points too.
    for (const who of [referrer, referee]) {
      expect(await toldSoon(who, "referral.rewarded")).toEqual([
        expect.objectContaining({
          category: "payment",
          body: expect.stringContaining("₹50.00"),
          data: expect.objectContaining({ credit: { amount: 5000, currency: "INR" }, points: 100 }),
        }),
      ]);
    }
    const earned = await toldSoon(referee, "points.earned");
    expect(earned).toEqual([
      expect.objectContaining({ category: "promotion", data: expect.objectContaining({ ride_id: first }) }),
    ]);
    // The ride's completion delivered again: nothing new is earned, and no one is told twice.
    await redeliverCompleted(first);
    expect(await told(referrer, "referral.rewarded")).toHaveLength(1);
    expect(await told(referee, "referral.rewarded")).toHaveLength(1);
    expect(await told(referee, "points.earned")).toHaveLength(1);
    // A second ride rewards nobody again.
    await rideToCompletion(referee);
    await soon(async () => (await pointsOf(referee)).data.filter((p) => p.source === "ride").length === 2);
    expect((await balanceOf(referrer, "wallet", "INR")).available).toBe(5000);
    expect((await balanceOf(referee, "wallet", "INR")).available).toBe(5000);
    const theirs = await pointsOf(referrer);
    expect(theirs.data.filter((p) => p.source === "referral")).toEqual([
      expect.objectContaining({ points: 100, kind: "earned" }),
    ]);
    const mine = await pointsOf(referee);
    expect(mine.data.filter((p) => p.source === "referral").map((p) => p.points)).toEqual([100]);

    const stats = (await (await api("GET", "/v1/referrals/stats", { token: referrer.access_token })).json()) as Record<
      string,
      unknown
    >;
    expect(stats).toMatchObject({
      code,
      referred: 1,
      completed: 1,
      pending: 0,
      earned: [{ amount: 5000, currency: "INR" }],
      points_earned: 100,
    });
    const refereeStats = (await (
      await api("GET", "/v1/referrals/stats", { token: referee.access_token })
    ).json()) as Record<string, unknown>;
    expect(refereeStats).toMatchObject({ referred: 0, referred_by: { user_id: referrer.id, status: "completed" } });
  });

  it("never for a code nobody has, and concurrent applies by one user make one referral", async () => {
    const referee = await register("rider");
    await expectProblem(await apply(referee, "NOSUCHCODE"), 422, "referral_code_not_found");
    const friends = await Promise.all([register("rider"), register("rider"), register("driver")]);
    const codes = await Promise.all(friends.map(codeOf));
    const answers = await Promise.all(codes.map((c) => apply(referee, c)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
  });
});

describe("reward points", () => {
  it("are earned per completed ride, expire in 12 months, and turn into wallet credit", {
    timeout: 60_000,
  }, async () => {
    const rider = await register("rider");
    await expectProblem(
      await api("POST", "/v1/rewards/redeem", { token: rider.access_token, body: { points: 100, currency: "INR" } }),
      422,
      "insufficient_points",
    );
    await rideToCompletion(rider);
    const earned = await soon(async () => {
      const p = await pointsOf(rider);
      return p.data.length > 0 ? p : null;
    });
    const ride = earned.data[0];
    expect(ride).toMatchObject({ source: "ride", kind: "earned" });
    expect(ride?.points).toBeGreaterThan(0);
    const expires = Date.parse(ride?.expires_at ?? "");
    expect(expires - Date.now()).toBeGreaterThan(364 * 86_400_000);
    expect(earned.balance).toBe(ride?.points);
    await expectProblem(
      await api("POST", "/v1/rewards/redeem", { token: rider.access_token, body: { points: 99 } }),
      422,
      "below_minimum",
    );
    await expectProblem(
      await api("POST", "/v1/rewards/redeem", { token: rider.access_token, body: { points: 10_000 } }),
      422,
      "insufficient_points",
    );
  });

  it("a redemption turns points into credit once, however many are sent at once", { timeout: 90_000 }, async () => {
    // Referral points make 100 at once: the referee's.
    const referrer = await register("rider");
    const referee = await register("rider");
    expect((await apply(referee, await codeOf(referrer))).status).toBe(201);
    await rideToCompletion(referee);
    const before = await soon(async () => {
      const p = await pointsOf(referee);
      return p.balance >= 100 ? p : null;
    });
    const wallet = await soon(async () => {
      const b = await balanceOf(referee, "wallet", "INR");
      return b.available >= 5000 ? b : null;
    });
    const redeem = () => api("POST", "/v1/rewards/redeem", { token: referee.access_token, body: { points: 100 } });
    const answers = await Promise.all([redeem(), redeem(), redeem()]);
    const statuses = answers.map((a) => a.status);
    const granted = statuses.filter((s) => s === 201).length;
    expect(granted).toBe(Math.min(3, Math.floor(before.balance / 100)));
    const ok = (await answers.find((a) => a.status === 201)?.json()) as {
      credit: { amount: number; currency: string };
    };
    expect(ok.credit).toEqual({ amount: 2500, currency: "INR" });
    // The wallet credit is told, once per redemption.
    const credited = await toldSoon(referee, "points.redeemed", granted);
    expect(credited).toHaveLength(granted);
    expect(credited[0]).toMatchObject({
      category: "payment",
      body: expect.stringContaining("₹25.00"),
      data: { points: 100, credit: { amount: 2500, currency: "INR" } },
    });
    expect((await balanceOf(referee, "wallet", "INR")).available).toBe(wallet.available + granted * 2500);
    expect((await pointsOf(referee)).balance).toBe(before.balance - granted * 100);
  });
});
