/**
 * Rides and deliveries booked for later (issue 14, item 1): `scheduled`
 * until 10 minutes before their time, when the actor's alarm starts
 * dispatch — run here on demand, with the clock set to that moment — across
 * a restart of the actor; free to cancel until then; a card held only then,
 * a decline then cancelling the ride with the rider told; the quoted total
 * kept whatever the surge and the road.
 */
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { rideEvents } from "../../src/db/schema/index.ts";
import { cellOf } from "../../src/domain/cells.ts";
import { eventually, offset, onlineDriver, type Point, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { type Account, api, register, withDb } from "./helpers.ts";
import { driveToCompletion, paymentOfRide, saveCard } from "./money-helpers.ts";
import { openSocket } from "./sockets.ts";

const MINUTE = 60_000;

interface Money {
  amount: number;
  currency: string;
}

/** A delivery of documents by bike from `pickup`, 1.5 km north, booked for `at`. */
function booking(pickup: Point, at: Date, payment_method = "cash") {
  return {
    service: "goods",
    pickup,
    dropoff: offset(pickup, 1500, 0),
    vehicle_class: "bike",
    package: { description: "Documents", weight_kg: 1 },
    payment_method,
    scheduled_at: at.toISOString(),
  };
}

/** Runs the ride actor's alarm as if the wall clock read `at` (only Date is faked, and only meanwhile). */
async function alarmAt(rideId: string, at: number): Promise<boolean> {
  vi.useFakeTimers({ toFake: ["Date"], now: at });
  try {
    return await runDurableObjectAlarm(env.RIDE.getByName(rideId));
  } finally {
    vi.useRealTimers();
  }
}

function alarmOf(rideId: string): Promise<number | null> {
  return runInDurableObject(env.RIDE.getByName(rideId), (_actor, state) => state.storage.getAlarm());
}

async function rideOf(account: Account, rideId: string) {
  const res = await api("GET", `/v1/rides/${rideId}`, { token: account.access_token });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    status: string;
    scheduled_at: string | null;
    estimate: { total: Money };
    fare: { total: Money } | null;
    cancellation: { by: string; reason: string | null; fee: Money } | null;
  };
}

async function scheduledIds(account: Account): Promise<string[]> {
  const res = await api("GET", "/v1/rides?status=scheduled", { token: account.access_token });
  expect(res.status, await res.clone().text()).toBe(200);
  const page = (await res.json()) as { data: { id: string; status: string; scheduled_at: string | null }[] };
  for (const ride of page.data) expect(ride).toMatchObject({ status: "scheduled", scheduled_at: expect.any(String) });
  return page.data.map((r) => r.id);
}

/** The surge an estimate quotes for a bike delivery from `pickup` right now. */
async function bikeSurge(account: Account, pickup: Point): Promise<number> {
  const { scheduled_at: _, payment_method: __, ...trip } = booking(pickup, new Date());
  const res = await api("POST", "/v1/rides/estimate", { token: account.access_token, body: trip });
  expect(res.status, await res.clone().text()).toBe(200);
  const { options } = (await res.json()) as { options: { vehicle_class: string; surge: number }[] };
  return options.find((o) => o.vehicle_class === "bike")?.surge ?? 0;
}

describe("a delivery booked for later", () => {
  it("waits, survives a restart, dispatches 10 minutes before its time and is charged its quote despite surge", async () => {
    const pickup = randomSpot();
    const driver = await onlineDriver("bike", offset(pickup, 100, 0));
    const sender = await register("rider");
    const at = new Date(Math.floor((Date.now() + 60 * MINUTE) / 1000) * 1000);
    const ride = await requestRide(sender, booking(pickup, at));
    expect(ride).toMatchObject({ status: "scheduled", scheduled_at: at.toISOString() });
    const quoted = (ride.estimate as { total: Money }).total;
    expect(await scheduledIds(sender)).toContain(ride.id);
    const dispatchAt = at.getTime() - 10 * MINUTE;
    expect(await alarmOf(ride.id)).toBe(dispatchAt);

    // An alarm before the time (an outbox retry, say) starts nothing, and the alarm stays.
    expect(await runDurableObjectAlarm(env.RIDE.getByName(ride.id))).toBe(true);
    expect((await rideOf(sender, ride.id)).status).toBe("scheduled");
    expect(await alarmOf(ride.id)).toBe(dispatchAt);

    // The actor loses its memory between the request and the dispatch: storage and the alarm remain.
    await evictDurableObject(env.RIDE.getByName(ride.id));
    expect(await alarmOf(ride.id)).toBe(dispatchAt);
    await evictDurableObject(env.RIDE.getByName(ride.id));

    // Demand in the pickup's cell raises the surge meanwhile: open requests, as ride actors report them.
    const cell = env.CELL.getByName(cellOf(pickup, Number(env.CELL_RES)));
    const crowd = Array.from({ length: 6 }, () => crypto.randomUUID());
    await Promise.all(crowd.map((id) => cell.demand(id, true)));
    await eventually(async () => (await bikeSurge(sender, pickup)) > 1, 5_000);

    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${sender.access_token}`);
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "scheduled" });
    // One second too early: nothing yet.
    await alarmAt(ride.id, dispatchAt - 1000);
    expect((await rideOf(sender, ride.id)).status).toBe("scheduled");
    await alarmAt(ride.id, dispatchAt);
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "searching" });
    expect(await scheduledIds(sender)).not.toContain(ride.id);

    // Whatever the driven track and the time measure, and the surge now, the quote holds.
    await driveToCompletion(driver, ride.id, offset(pickup, 20, 0), 3000);
    const done = await rideOf(sender, ride.id);
    expect(done.status).toBe("completed");
    expect(done.fare?.total).toEqual(quoted);
    await Promise.all(crowd.map((id) => cell.demand(id, false)));
    watcher.close();
    driver.socket.close();
  });

  it("is cancelled for free before dispatch, and its alarm then starts nothing", async () => {
    const pickup = randomSpot();
    const sender = await register("rider");
    const at = new Date(Date.now() + 2 * 24 * 60 * MINUTE);
    const ride = await requestRide(sender, booking(pickup, at));
    const res = await api("POST", `/v1/rides/${ride.id}/cancel`, {
      token: sender.access_token,
      body: { reason: "Plans changed" },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const cancelled = await rideOf(sender, ride.id);
    expect(cancelled).toMatchObject({ status: "cancelled", cancellation: { by: "rider", fee: { amount: 0 } } });
    await alarmAt(ride.id, at.getTime());
    expect((await rideOf(sender, ride.id)).status).toBe("cancelled");
    expect(await scheduledIds(sender)).not.toContain(ride.id);
  });
});

describe("a card ride booked for later", () => {
  it("is held when dispatch starts, not at request", async () => {
    const pickup = randomSpot();
    const sender = await register("rider");
    await saveCard(sender);
    const at = new Date(Date.now() + 30 * MINUTE);
    const ride = await requestRide(sender, booking(pickup, at, "card"));
    expect((await paymentOfRide(sender, ride.id)).payment).toMatchObject({
      method: "card",
      status: "pending",
      authorized: { amount: 0 },
    });
    await alarmAt(ride.id, at.getTime() - 10 * MINUTE);
    const started = await paymentOfRide(sender, ride.id);
    expect(started.status).toBe("searching");
    expect(started.payment.status).toBe("authorized");
    // The quote plus the city's buffer, as a ride requested for now.
    expect(started.payment.authorized.amount).toBeGreaterThanOrEqual((ride.estimate as { total: Money }).total.amount);
    // Its search would go on long after this test (it started on the moved clock): cancelled, free, before anyone takes it.
    const res = await api("POST", `/v1/rides/${ride.id}/cancel`, { token: sender.access_token, body: {} });
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it("is cancelled when the card is declined at dispatch, and the sender is told", async () => {
    const pickup = randomSpot();
    const sender = await register("rider");
    // Saves, then every charge is declined.
    await saveCard(sender, "pm_card_chargeCustomerFail");
    const at = new Date(Date.now() + 30 * MINUTE);
    const ride = await requestRide(sender, booking(pickup, at, "card"));
    expect(ride.status).toBe("scheduled");
    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${sender.access_token}`);
    await watcher.nextOf("ride.status");
    await alarmAt(ride.id, at.getTime() - 10 * MINUTE);
    expect(await watcher.nextOf("ride.cancelled")).toEqual({
      type: "ride.cancelled",
      by: "system",
      reason: "payment_failed",
    });
    expect(await rideOf(sender, ride.id)).toMatchObject({
      status: "cancelled",
      cancellation: { by: "system", reason: "payment_failed", fee: { amount: 0 } },
    });
    await eventually(() =>
      withDb(async ({ db }) => {
        const rows = await db
          .select()
          .from(rideEvents)
          .where(and(eq(rideEvents.rideId, ride.id), eq(rideEvents.type, "ride.cancelled")));
        return rows.length === 1;
      }),
    );
    watcher.close();
  });

  it("needs a saved card at request", async () => {
    const sender = await register("rider");
    const res = await api("POST", "/v1/rides", {
      token: sender.access_token,
      body: booking(randomSpot(), new Date(Date.now() + 30 * MINUTE), "card"),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe("payment_method_required");
  });
});
