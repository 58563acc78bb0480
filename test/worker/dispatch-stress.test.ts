/**
 * Dispatch under pressure: many drivers accepting everything at once, a
 * driver crossing into the next cell with an open offer, and a ride actor
 * restarted in the middle of dispatch or of the trip.
 */
import { evictDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cellOf } from "../../src/domain/cells.ts";
import {
  acceptedRide,
  eventually,
  inNextCell,
  offset,
  onlineDriver,
  randomSpot,
  requestRide,
} from "./dispatch-helpers.ts";
import { api, register } from "./helpers.ts";
import { openSocket, type TestSocket } from "./sockets.ts";

describe("50 drivers, 20 simultaneous requests, everyone accepting everything", () => {
  it("gives each ride at most one driver, no driver two rides, and answers every accept", async () => {
    const center = randomSpot();
    const drivers = await Promise.all(
      Array.from({ length: 50 }, () =>
        onlineDriver("bike", offset(center, (Math.random() - 0.5) * 1500, (Math.random() - 0.5) * 1500)),
      ),
    );
    const accepts: { driverId: string; rideId: string }[] = [];
    for (const d of drivers) {
      d.socket.ws.addEventListener("message", (e) => {
        const frame = JSON.parse(String(e.data)) as { type: string; ride_id?: string };
        if (frame.type === "offer" && frame.ride_id) {
          accepts.push({ driverId: d.account.id, rideId: frame.ride_id });
          d.socket.send({ type: "offer.accept", ride_id: frame.ride_id });
        }
      });
    }
    const riders = await Promise.all(Array.from({ length: 20 }, () => register("rider")));
    const rides = await Promise.all(
      riders.map((rider) =>
        requestRide(rider, {
          service: "passenger",
          pickup: offset(center, (Math.random() - 0.5) * 500, 0),
          dropoff: offset(center, 3000, 0),
          vehicle_class: "bike",
        }).then((ride) => ({ rider, ride })),
      ),
    );
    const views = await Promise.all(
      rides.map(({ rider, ride }) =>
        eventually(async () => {
          const v = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
            id: string;
            status: string;
            driver: { id: string } | null;
          };
          return v.status === "driver_assigned" || v.status === "no_driver" ? v : undefined;
        }, 30_000),
      ),
    );
    const ourRides = new Set(rides.map((r) => r.ride.id));
    // Every ride found a driver, and no driver has two rides.
    expect(views.map((v) => v.status)).toEqual(views.map(() => "driver_assigned"));
    const assignedDrivers = views.map((v) => v.driver?.id);
    expect(new Set(assignedDrivers).size).toBe(views.length);
    // Drivers' sockets agree: each was told of at most one assignment, and it matches the ride.
    for (const d of drivers) {
      const told = d.socket.frames.filter(
        (f) => f.type === "ride.status" && f.status === "driver_assigned" && ourRides.has(String(f.ride_id)),
      );
      expect(told.length).toBeLessThanOrEqual(1);
      for (const t of told) expect(views.find((v) => v.id === t.ride_id)?.driver?.id).toBe(d.account.id);
    }
    // Every accept was answered: with the ride, or with offer.expired.
    await eventually(async () =>
      accepts.every(({ driverId, rideId }) => {
        const frames = drivers.find((d) => d.account.id === driverId)?.socket.frames ?? [];
        return frames.some(
          (f) =>
            f.ride_id === rideId &&
            (f.type === "offer.expired" || (f.type === "ride.status" && f.status === "driver_assigned")),
        );
      }),
    );
    expect(accepts.length).toBeGreaterThanOrEqual(20);
    for (const d of drivers) d.socket.close();
    await Promise.all(
      rides.map(({ rider, ride }) =>
        api("POST", `/v1/rides/${ride.id}/cancel`, { token: rider.access_token, body: {} }),
      ),
    );
  }, 120_000);
});

describe("a driver crossing into the next cell", () => {
  it("keeps the open offer through the handoff and accepts it from the new cell", async () => {
    const pickup = randomSpot();
    const res = Number(env.CELL_RES);
    // A point a few kilometres east that lies in another cell.
    const across = inNextCell(pickup, res);
    const driver = await onlineDriver("auto", offset(pickup, 100, 0));
    const rider = await register("rider");
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 1500, 0),
      vehicle_class: "auto",
    });
    await driver.socket.nextOf("offer");
    driver.socket.send({ type: "location", ...across, ts: Date.now() });
    expect(await driver.socket.nextOf("handoff")).toMatchObject({ lat: across.lat, lng: across.lng });
    driver.socket.close();
    // Reconnect, same URL, new position: the offer is still there.
    const again = await openSocket(
      `/v1/ws/driver?lat=${across.lat}&lng=${across.lng}&token=${driver.account.access_token}`,
    );
    expect(await again.next()).toEqual({ type: "driver.status", status: "offered" });
    expect(await again.next()).toMatchObject({ type: "offer", ride_id: ride.id });
    again.send({ type: "offer.accept", ride_id: ride.id });
    expect(await again.nextOf("ride.status")).toMatchObject({ ride_id: ride.id, status: "driver_assigned" });
    // Positions from the new cell reach the rider.
    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${rider.access_token}`);
    await watcher.nextOf("ride.status");
    const moved = offset(across, 10, 0);
    again.send({ type: "location", ...moved, ts: Date.now() });
    await eventually(async () => watcher.frames.some((f) => f.type === "driver.location" && f.lat === moved.lat));
    again.close();
    watcher.close();
  });
});

describe("a driver on a ride whose next positions overtake the handoff", () => {
  it("still gets every position to the rider, and every step of the ride, sent to the old cell", async () => {
    const pickup = randomSpot();
    const res = Number(env.CELL_RES);
    const across = inNextCell(pickup, res);
    const { driver, rider, ride } = await acceptedRide("bike", pickup);
    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${rider.access_token}`);
    await watcher.nextOf("ride.status");
    // A slow network, or a busy cell: three positions leave the app before the handoff reaches it.
    const sent = [across, offset(across, 20, 0), offset(across, 40, 0)].map((p, i) => ({ ...p, ts: Date.now() + i }));
    for (const p of sent) driver.socket.send({ type: "location", ...p });
    driver.socket.send({ type: "ride.arrived", ride_id: ride.id });
    await driver.socket.nextOf("handoff");
    // Sent as epoch milliseconds, shown to the rider as ISO 8601 (DESIGN.md, "Conventions").
    const iso = (ts: number) => new Date(ts).toISOString();
    await eventually(async () =>
      sent.every((p) => watcher.frames.some((f) => f.type === "driver.location" && f.ts === iso(p.ts))),
    );
    expect(
      watcher.frames
        .filter((f) => f.type === "driver.location" && sent.some((p) => iso(p.ts) === f.ts))
        .map((f) => f.lat),
    ).toEqual(sent.map((p) => p.lat));
    // The arrival happened, the rider heard of it, and the new cell knows it when the app reconnects there.
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "driver_arrived" });
    expect(await driver.socket.nextOf("ride.status")).toMatchObject({ ride_id: ride.id, status: "driver_arrived" });
    driver.socket.close();
    const last = sent[2] as (typeof sent)[number];
    const again = await openSocket(
      `/v1/ws/driver?lat=${last.lat}&lng=${last.lng}&token=${driver.account.access_token}`,
    );
    expect(await again.next()).toEqual({ type: "driver.status", status: "on_ride" });
    expect(await again.next()).toMatchObject({ type: "ride.status", ride_id: ride.id, status: "driver_arrived" });
    again.close();
    watcher.close();
  });
});

describe("a driver whose app reconnects from another cell", () => {
  it("resumes the ride there, and the old cell lets go of them", async () => {
    const pickup = randomSpot();
    const res = Number(env.CELL_RES);
    const across = inNextCell(pickup, res);
    const { driver, ride } = await acceptedRide("bike", pickup);
    // The app dies; by the time it is back, the car is in the next cell.
    driver.socket.close();
    const again = await openSocket(
      `/v1/ws/driver?lat=${across.lat}&lng=${across.lng}&token=${driver.account.access_token}`,
    );
    expect(await again.next()).toEqual({ type: "driver.status", status: "on_ride" });
    expect(await again.next()).toMatchObject({ type: "ride.status", ride_id: ride.id, status: "driver_assigned" });
    again.send({ type: "ride.arrived", ride_id: ride.id });
    expect(await again.nextOf("ride.status")).toMatchObject({ status: "driver_arrived" });
    expect(await env.CELL.getByName(cellOf(driver.at, res)).driver(driver.account.id)).toBeNull();
    expect(await env.CELL.getByName(cellOf(across, res)).driver(driver.account.id)).toMatchObject({
      status: "on_ride",
    });
    again.close();
  });
});

describe("an actor restarted in the middle of dispatch", () => {
  it("finishes the ride from its storage", async () => {
    const pickup = randomSpot();
    const driver = await onlineDriver("car", offset(pickup, 80, 0));
    const rider = await register("rider");
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 1200, 0),
      vehicle_class: "car",
    });
    await driver.socket.nextOf("offer");
    // Both actors lose their memory; storage and the driver's socket remain.
    await evictDurableObject(env.RIDE.getByName(ride.id));
    await evictDurableObject(env.CELL.getByName(cellOf(driver.at, Number(env.CELL_RES))));
    driver.socket.send({ type: "offer.accept", ride_id: ride.id });
    expect(await driver.socket.nextOf("ride.status")).toMatchObject({ ride_id: ride.id, status: "driver_assigned" });
    for (const step of ["ride.arrived", "ride.started", "ride.completed"]) {
      driver.socket.send({ type: step, ride_id: ride.id });
      await driver.socket.nextOf("ride.status");
    }
    const view = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
      status: string;
      fare: unknown;
    };
    expect(view.status).toBe("completed");
    expect(view.fare).not.toBeNull();
    driver.socket.close();
  });
});

describe("a ride actor restarted in the middle of the trip", () => {
  it("charges the whole driven track: positions it had not written yet are counted from the last one it had", async () => {
    const pickup = randomSpot();
    const { driver, rider, ride } = await acceptedRide("car", pickup);
    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${rider.access_token}`);
    driver.socket.send({ type: "ride.arrived", ride_id: ride.id });
    await driver.socket.nextOf("ride.status");
    driver.socket.send({ type: "location", ...pickup, ts: Date.now() });
    await watcher.nextOf("driver.location");
    driver.socket.send({ type: "ride.started", ride_id: ride.id });
    expect(await driver.socket.nextOf("ride.status")).toMatchObject({ status: "in_progress" });
    // 1 km north in 100 m steps, 10 s apart on the driver's clock; the actor loses its memory half-way.
    const drive = async (rider: TestSocket, from: number, to: number) => {
      for (let i = from; i <= to; i++) {
        const at = offset(pickup, i * 100, 0);
        driver.socket.send({ type: "location", ...at, ts: Date.now() + i * 10_000 });
        // The ride has it once the rider hears it.
        while ((await rider.nextOf("driver.location")).lat !== at.lat);
      }
    };
    await drive(watcher, 1, 5);
    watcher.close();
    await evictDurableObject(env.RIDE.getByName(ride.id));
    const again = await openSocket(`/v1/ws/rides/${ride.id}?token=${rider.access_token}`);
    await drive(again, 6, 10);
    driver.socket.send({ type: "ride.completed", ride_id: ride.id });
    await again.nextOf("ride.completed");
    const view = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
      status: string;
      driven_m: number;
    };
    expect(view.status).toBe("completed");
    expect(view.driven_m).toBeGreaterThan(950);
    expect(view.driven_m).toBeLessThan(1100);
    again.close();
    driver.socket.close();
  });
});
