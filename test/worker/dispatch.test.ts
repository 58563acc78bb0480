/**
 * The dispatch engine end to end inside workerd: drivers and riders on real
 * websockets through the Worker, ride and cell actors, the queue to Postgres.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rideEvents, rides } from "../../src/db/schema/index.ts";
import { eventually, offset, onlineDriver, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { api, expectProblem, register, withDb } from "./helpers.ts";
import { openSocket } from "./sockets.ts";

describe("a ride from request to completion", () => {
  it("goes online → offer → accept → arrive → start → complete, with the rider watching every step", async () => {
    const pickup = randomSpot();
    const dropoff = offset(pickup, 2000, 1500);
    const driver = await onlineDriver("car", offset(pickup, 150, 100));
    const rider = await register("rider");

    // Estimates read the cells' supply summaries, at most a second old: the new driver shows up within it.
    const car = await eventually(async () => {
      const estimate = await api("POST", "/v1/rides/estimate", {
        token: rider.access_token,
        body: { service: "passenger", pickup, dropoff },
      });
      expect(estimate.status).toBe(200);
      const quoted = (await estimate.json()) as {
        options: { vehicle_class: string; pickup_eta_s: number | null; fare: { total: { currency: string } } }[];
      };
      const option = quoted.options.find((o) => o.vehicle_class === "car");
      return option?.pickup_eta_s ? option : null;
    }, 3_000);
    expect(car?.pickup_eta_s).toBeGreaterThan(0);
    expect(car?.fare.total.currency).toBe("INR");

    const ride = await requestRide(rider, { service: "passenger", pickup, dropoff, vehicle_class: "car" });
    expect(ride.status).toBe("searching");
    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${rider.access_token}`);
    expect(await watcher.next()).toMatchObject({ type: "ride.status", id: ride.id });

    const offer = await driver.socket.nextOf("offer");
    expect(offer).toMatchObject({ ride_id: ride.id, service: "passenger", fare: { currency: "INR" } });
    driver.socket.send({ type: "offer.accept", ride_id: ride.id });
    expect(await driver.socket.nextOf("ride.status")).toMatchObject({ ride_id: ride.id, status: "driver_assigned" });
    expect(await driver.socket.nextOf("driver.status")).toMatchObject({ status: "on_ride" });
    const assigned = await watcher.nextOf("driver.assigned");
    expect(assigned).toMatchObject({ driver: { id: driver.account.id }, vehicle: { vehicle_class: "car" } });
    expect(assigned.eta_s).toBeGreaterThan(0);

    const near = offset(pickup, 20, 0);
    driver.socket.send({ type: "location", ...near, heading: 90, ts: Date.now() });
    expect(await watcher.nextOf("driver.location")).toMatchObject({ lat: near.lat, lng: near.lng, heading: 90 });

    driver.socket.send({ type: "ride.arrived", ride_id: ride.id });
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "driver_arrived" });
    driver.socket.send({ type: "ride.started", ride_id: ride.id });
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "in_progress" });
    // Drive 1 km north in 100 m steps, plus GPS wobble that must not count.
    for (let i = 1; i <= 10; i++) {
      driver.socket.send({ type: "location", ...offset(near, i * 100, 0), ts: Date.now() + i * 10_000 });
      driver.socket.send({ type: "location", ...offset(near, i * 100 + 3, 2), ts: Date.now() + i * 10_000 + 500 });
    }
    await watcher.nextOf("driver.location");
    await new Promise((r) => setTimeout(r, 300));
    driver.socket.send({ type: "ride.completed", ride_id: ride.id });
    const completed = await watcher.nextOf("ride.completed");
    const fare = completed.fare as { lines: { code: string; amount: number }[]; total: { amount: number } };
    expect(fare.lines.map((l) => l.code)).toEqual(expect.arrayContaining(["base", "distance", "tax:CGST", "tax:SGST"]));
    expect(fare.total.amount).toBe(fare.lines.reduce((s, l) => s + l.amount, 0));
    expect(await driver.socket.nextOf("driver.status")).toMatchObject({ status: "available" });

    const polled = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
      status: string;
      driven_m: number;
      timestamps: Record<string, string>;
    };
    expect(polled.status).toBe("completed");
    expect(polled.driven_m).toBeGreaterThan(950);
    expect(polled.driven_m).toBeLessThan(1100);
    expect(Object.keys(polled.timestamps)).toEqual(
      expect.arrayContaining([
        "requested_at",
        "searching_at",
        "assigned_at",
        "arrived_at",
        "started_at",
        "completed_at",
      ]),
    );
    const list = (await (await api("GET", "/v1/rides", { token: rider.access_token })).json()) as {
      data: { id: string; status: string }[];
    };
    expect(list.data[0]).toMatchObject({ id: ride.id, status: "completed" });

    // The events reach Postgres through the queue.
    const row = await eventually(async () => {
      const [r] = await withDb(({ db }) => db.select().from(rides).where(eq(rides.id, ride.id)));
      return r?.status === "completed" ? r : undefined;
    });
    expect(row.driverId).toBe(driver.account.id);
    expect(row.fareAmount).toBe(fare.total.amount);
    const events = await withDb(({ db }) => db.select().from(rideEvents).where(eq(rideEvents.rideId, ride.id)));
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        "ride.requested",
        "ride.searching",
        "ride.assigned",
        "ride.driver_arrived",
        "ride.started",
        "ride.completed",
      ]),
    );
    driver.socket.close();
    watcher.close();
  });
});

describe("dispatch", () => {
  it("moves to the next driver on decline and on expiry, then gives up as no_driver", async () => {
    const pickup = randomSpot();
    const first = await onlineDriver("auto", offset(pickup, 100, 0));
    const second = await onlineDriver("auto", offset(pickup, 600, 0));
    const rider = await register("rider");
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 3000, 0),
      vehicle_class: "auto",
    });
    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${rider.access_token}`);
    expect(await watcher.next()).toMatchObject({ type: "ride.status", status: "searching" });

    expect(await first.socket.nextOf("offer")).toMatchObject({ ride_id: ride.id });
    first.socket.send({ type: "offer.decline", ride_id: ride.id });
    expect(await second.socket.nextOf("offer")).toMatchObject({ ride_id: ride.id });
    // The second lets it expire (2 s in tests).
    expect(await second.socket.nextOf("offer.expired", 6_000)).toMatchObject({ ride_id: ride.id });
    // Nobody else: after the dispatch window the ride ends, and the rider is told.
    const final = await eventually(async () => {
      const view = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
        status: string;
      };
      return view.status === "no_driver" ? view : undefined;
    }, 15_000);
    expect(final.status).toBe("no_driver");
    // The rider's socket was told too.
    await eventually(async () => watcher.frames.some((f) => f.type === "ride.status" && f.status === "no_driver"));
    watcher.close();
    // The first driver was offered the ride once, never again, and no longer sees it.
    expect(first.socket.frames.filter((f) => f.type === "offer")).toHaveLength(1);
    await expectProblem(
      await api("GET", `/v1/rides/${ride.id}`, { token: first.account.access_token }),
      404,
      "ride_not_found",
    );
    first.socket.close();
    second.socket.close();
  });

  it("ends as no_driver when nobody drives that class nearby", async () => {
    const rider = await register("rider");
    const pickup = randomSpot();
    const ride = await requestRide(rider, {
      service: "goods",
      pickup,
      dropoff: offset(pickup, 1000, 1000),
      vehicle_class: "mini_truck",
      package: { description: "Two cartons of books", weight_kg: 40 },
    });
    const view = await eventually(async () => {
      const v = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
        status: string;
      };
      return v.status === "no_driver" ? v : undefined;
    }, 15_000);
    expect(view.status).toBe("no_driver");
  });

  it("refuses pickups outside every service area with 422", async () => {
    const rider = await register("rider");
    await expectProblem(
      await api("POST", "/v1/rides/estimate", {
        token: rider.access_token,
        body: { service: "passenger", pickup: { lat: 51.5, lng: -0.12 }, dropoff: { lat: 51.51, lng: -0.1 } },
      }),
      422,
      "outside_service_area",
    );
  });
});

describe("cancellations", () => {
  it("lets the rider cancel for free while searching, and the offered driver is told", async () => {
    const pickup = randomSpot();
    const driver = await onlineDriver("bike", offset(pickup, 50, 50));
    const rider = await register("rider");
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 1500, 0),
      vehicle_class: "bike",
    });
    await driver.socket.nextOf("offer");
    const res = await api("POST", `/v1/rides/${ride.id}/cancel`, {
      token: rider.access_token,
      body: { reason: "changed my mind" },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "cancelled",
      cancellation: { by: "rider", reason: "changed my mind", fee: { amount: 0, currency: "INR" } },
    });
    expect(await driver.socket.nextOf("ride.cancelled")).toMatchObject({ ride_id: ride.id });
    expect(await driver.socket.nextOf("driver.status")).toMatchObject({ status: "available" });
    driver.socket.close();
  });

  it("sends a ride the driver gives back to the next driver", async () => {
    const pickup = randomSpot();
    const quitter = await onlineDriver("car", offset(pickup, 50, 0));
    const stayer = await onlineDriver("car", offset(pickup, 400, 0));
    const rider = await register("rider");
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 2000, 0),
      vehicle_class: "car",
    });
    await quitter.socket.nextOf("offer");
    quitter.socket.send({ type: "offer.accept", ride_id: ride.id });
    await quitter.socket.nextOf("ride.status");
    const res = await api("POST", `/v1/rides/${ride.id}/cancel`, { token: quitter.account.access_token, body: {} });
    expect(res.status).toBe(200);
    expect(await quitter.socket.nextOf("ride.cancelled")).toMatchObject({ ride_id: ride.id });
    expect(await stayer.socket.nextOf("offer")).toMatchObject({ ride_id: ride.id });
    stayer.socket.send({ type: "offer.accept", ride_id: ride.id });
    expect(await stayer.socket.nextOf("ride.status")).toMatchObject({ status: "driver_assigned" });
    // The driver who gave it back cannot see it any more… but the rider can, with the new driver.
    const view = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
      driver: { id: string };
    };
    expect(view.driver.id).toBe(stayer.account.id);
    quitter.socket.close();
    stayer.socket.close();
  });
});

describe("ride access", () => {
  it("answers 404 for someone else's ride, over HTTP and on the socket", async () => {
    const pickup = randomSpot();
    const rider = await register("rider");
    const stranger = await register("rider");
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 900, 0),
      vehicle_class: "car",
    });
    await expectProblem(
      await api("GET", `/v1/rides/${ride.id}`, { token: stranger.access_token }),
      404,
      "ride_not_found",
    );
    await expectProblem(
      await api("POST", `/v1/rides/${ride.id}/cancel`, { token: stranger.access_token, body: {} }),
      404,
      "ride_not_found",
    );
    const socket = await openSocket(`/v1/ws/rides/${ride.id}?token=${stranger.access_token}`);
    expect(await socket.closed).toEqual({ code: 4404, reason: "ride_not_found" });
    await api("POST", `/v1/rides/${ride.id}/cancel`, { token: rider.access_token, body: {} });
  });

  it("returns the same ride for a retried request with the same Idempotency-Key", async () => {
    const pickup = randomSpot();
    const rider = await register("rider");
    const body = { service: "passenger", pickup, dropoff: offset(pickup, 900, 0), vehicle_class: "car" };
    const key = `retry-${crypto.randomUUID()}`;
    const first = await requestRide(rider, body, { "Idempotency-Key": key });
    const again = await api("POST", "/v1/rides", {
      token: rider.access_token,
      body,
      headers: { "Idempotency-Key": key },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    await expectProblem(
      await api("POST", "/v1/rides", {
        token: rider.access_token,
        body: { ...body, vehicle_class: "auto" },
        headers: { "Idempotency-Key": key },
      }),
      422,
      "idempotency_key_reused",
    );
    await api("POST", `/v1/rides/${first.id}/cancel`, { token: rider.access_token, body: {} });
  });
});

/** A ride requested and cancelled at once, once its row in Postgres says so. */
async function cancelledRideInPostgres() {
  const rider = await register("rider");
  const pickup = randomSpot();
  const ride = await requestRide(rider, {
    service: "passenger",
    pickup,
    dropoff: offset(pickup, 900, 0),
    vehicle_class: "car",
  });
  await api("POST", `/v1/rides/${ride.id}/cancel`, { token: rider.access_token, body: {} });
  const row = await eventually(async () => {
    const [r] = await withDb(({ db }) => db.select().from(rides).where(eq(rides.id, ride.id)));
    return r?.status === "cancelled" ? r : undefined;
  });
  return { ride, row };
}

describe("events to Postgres", () => {
  it("leave one row and one event each, however often and in whatever order they arrive", async () => {
    const { ride, row } = await cancelledRideInPostgres();
    const events = await withDb(({ db }) => db.select().from(rideEvents).where(eq(rideEvents.rideId, ride.id)));
    // Replay them all, newest first, twice.
    const { consumeEvents } = await import("../../src/events/consumer.ts");
    const { createMessageBatch } = await import("cloudflare:test");
    const bodies = [...events].reverse().map((e) => ({
      id: e.id,
      type: e.type,
      subject_id: ride.id,
      seq: e.seq,
      occurred_at: e.occurredAt.toISOString(),
      payload: { ride: e.payload },
    }));
    for (let round = 0; round < 2; round++) {
      await consumeEvents(
        createMessageBatch(
          "curbside-events",
          bodies.map((body, i) => ({ id: `replay-${round}-${i}`, timestamp: new Date(), attempts: 1, body })),
        ),
        env,
      );
    }
    const after = await withDb(({ db }) => db.select().from(rides).where(eq(rides.id, ride.id)));
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: "cancelled", version: row.version });
    const eventsAfter = await withDb(({ db }) => db.select().from(rideEvents).where(eq(rideEvents.rideId, ride.id)));
    expect(eventsAfter).toHaveLength(events.length);
  });

  it("are repaired by the cron sweep when a row lags its actor", async () => {
    const { ride, row: current } = await cancelledRideInPostgres();
    // As if the last events were lost: the row is behind and has not moved for a while.
    await withDb(({ db }) =>
      db
        .update(rides)
        .set({ status: "searching", version: 1, updatedAt: new Date(Date.now() - 10 * 60_000) })
        .where(eq(rides.id, ride.id)),
    );
    const { createScheduledController } = await import("cloudflare:test");
    const worker = (await import("../../src/index.ts")).default;
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env);
    const [repaired] = await withDb(({ db }) => db.select().from(rides).where(eq(rides.id, ride.id)));
    expect(repaired).toMatchObject({ status: "cancelled", version: current.version });
  });
});
