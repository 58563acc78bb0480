/**
 * Multi-stop deliveries end to end inside workerd: a three-stop delivery over
 * real sockets (the driver's and the sender's), stops in order, the ride
 * completing only after its last stop, the per-stop charge, and the same
 * steps over HTTP for a driver without a socket.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rideEvents, rides } from "../../src/db/schema/index.ts";
import {
  eventually,
  offset,
  onlineDriver,
  type Point,
  randomSpot,
  requestRide,
  verifiedDriver,
} from "./dispatch-helpers.ts";
import { type Account, api, expectProblem, register, withDb } from "./helpers.ts";
import { openSocket } from "./sockets.ts";

interface Fare {
  lines: { code: string; amount: number }[];
  total: { amount: number };
}
interface StopView {
  index: number;
  status: string;
  reason: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  address?: string;
}

/** A bike delivery with three drops on the way, each with its contact. */
function delivery(pickup: Point) {
  return {
    service: "goods",
    vehicle_class: "bike",
    pickup,
    dropoff: offset(pickup, 2000, 0),
    stops: [1, 2, 3].map((n) => ({
      ...offset(pickup, 500 * n, 100),
      address: `Drop ${n}, CG Road`,
      contact_name: `Contact ${n}`,
      contact_phone: `+9198123456${70 + n}`,
    })),
    package: { description: "Three parcels", weight_kg: 4 },
  };
}

const stopsOf = async (rideId: string, who: Account) => {
  const res = await api("GET", `/v1/rides/${rideId}`, { token: who.access_token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { stops: StopView[] }).stops;
};

describe("a three-stop delivery over sockets", () => {
  it("goes pickup → stop 0 → stop 1 failed → stop 2 → completed, the sender seeing every stop", async () => {
    const pickup = randomSpot();
    const driver = await onlineDriver("bike", offset(pickup, 100, 0));
    const sender = await register("rider");
    const ride = (await requestRide(sender, delivery(pickup))) as unknown as { id: string; estimate: Fare };
    expect(ride.estimate.lines.find((l) => l.code === "stops")).toMatchObject({ amount: 3000 });
    expect(await stopsOf(ride.id, sender)).toEqual(
      [1, 2, 3].map((n, index) =>
        expect.objectContaining({
          index,
          status: "pending",
          reason: null,
          address: `Drop ${n}, CG Road`,
          contact_name: `Contact ${n}`,
          contact_phone: `+9198123456${70 + n}`,
        }),
      ),
    );

    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${sender.access_token}`);
    expect(await watcher.next()).toMatchObject({ type: "ride.status", stops: [{ status: "pending" }, {}, {}] });
    await driver.socket.nextOf("offer");
    driver.socket.send({ type: "offer.accept", ride_id: ride.id });
    expect(await driver.socket.nextOf("ride.status")).toMatchObject({
      status: "driver_assigned",
      stops: [
        { index: 0, status: "pending" },
        { index: 1, status: "pending" },
        { index: 2, status: "pending" },
      ],
    });

    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "driver_assigned" });
    // Before the pickup, no stop moves.
    driver.socket.send({ type: "ride.stop.arrived", ride_id: ride.id, index: 0 });
    expect(await driver.socket.nextOf("error")).toMatchObject({ code: "invalid_state" });
    driver.socket.send({ type: "ride.arrived", ride_id: ride.id });
    driver.socket.send({ type: "ride.started", ride_id: ride.id });
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "driver_arrived" });
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "in_progress" });

    // Drive past the three drops, 500 m at a time.
    for (let i = 1; i <= 4; i++) {
      driver.socket.send({ type: "location", ...offset(pickup, 500 * i, 0), ts: Date.now() + i * 60_000 });
    }

    const stepAndSee = async (message: Record<string, unknown>, seen: Record<string, unknown>) => {
      driver.socket.send({ ride_id: ride.id, ...message });
      expect(await watcher.nextOf("ride.stop")).toEqual({ type: "ride.stop", ...seen });
    };
    const refused = async (message: Record<string, unknown>, code: string) => {
      driver.socket.send({ ride_id: ride.id, ...message });
      expect(await driver.socket.nextOf("error")).toMatchObject({ type: "error", code });
    };

    await refused({ type: "ride.stop.arrived", index: 1 }, "stop_out_of_order");
    await refused({ type: "ride.stop.completed", index: 0 }, "stop_not_arrived");
    await refused({ type: "ride.completed" }, "stops_pending");
    await stepAndSee({ type: "ride.stop.arrived", index: 0 }, { index: 0, status: "arrived", reason: null });
    expect(await driver.socket.nextOf("ride.status")).toMatchObject({
      stops: [{ index: 0, status: "arrived" }, {}, {}],
    });
    await refused({ type: "ride.stop.arrived", index: 0 }, "invalid_stop_state");
    await stepAndSee({ type: "ride.stop.completed", index: 0 }, { index: 0, status: "completed", reason: null });
    await stepAndSee(
      { type: "ride.stop.failed", index: 1, reason: "Nobody home" },
      { index: 1, status: "failed", reason: "Nobody home" },
    );
    await refused({ type: "ride.completed" }, "stops_pending");
    await stepAndSee({ type: "ride.stop.arrived", index: 2 }, { index: 2, status: "arrived", reason: null });
    await refused({ type: "ride.completed" }, "stops_pending");
    await stepAndSee({ type: "ride.stop.completed", index: 2 }, { index: 2, status: "completed", reason: null });

    driver.socket.send({ type: "ride.completed", ride_id: ride.id });
    const completed = await watcher.nextOf("ride.completed");
    const fare = completed.fare as Fare;
    // The whole driven track, and every stop charged (the failed one too: the driver went there).
    expect(fare.lines.find((l) => l.code === "stops")).toMatchObject({ amount: 3000 });
    expect(fare.lines.find((l) => l.code === "distance")?.amount).toBeGreaterThan(0);
    expect(fare.total.amount).toBe(fare.lines.reduce((s, l) => s + l.amount, 0));

    const stops = await stopsOf(ride.id, sender);
    expect(stops.map((s) => [s.status, s.reason])).toEqual([
      ["completed", null],
      ["failed", "Nobody home"],
      ["completed", null],
    ]);
    expect(stops[0]).toMatchObject({ arrived_at: expect.any(String), completed_at: expect.any(String) });
    expect(await stopsOf(ride.id, driver.account)).toEqual(stops);

    // The durable record: the stops' progress in the ride's row, each step in ride_events.
    const row = await eventually(async () => {
      const [r] = await withDb(({ db }) => db.select().from(rides).where(eq(rides.id, ride.id)));
      return r?.status === "completed" ? r : undefined;
    });
    expect(row.stops.map((s) => (s as { status?: string }).status)).toEqual(["completed", "failed", "completed"]);
    const events = await eventually(async () => {
      const found = await withDb(({ db }) => db.select().from(rideEvents).where(eq(rideEvents.rideId, ride.id)));
      return found.filter((e) => e.type.startsWith("ride.stop_")).length === 5 ? found : undefined;
    });
    expect(
      events
        .map((e) => e.type)
        .filter((t) => t.startsWith("ride.stop_"))
        .sort(),
    ).toEqual([
      "ride.stop_arrived",
      "ride.stop_arrived",
      "ride.stop_completed",
      "ride.stop_completed",
      "ride.stop_failed",
    ]);
    watcher.close();
    driver.socket.close();
  });
});

describe("a driver on HTTP only", () => {
  it("takes the stops over HTTP, in order, and completes after the last", async () => {
    const pickup = randomSpot();
    const driver = await verifiedDriver("bike");
    const online = await api("PUT", "/v1/drivers/me/online-status", {
      token: driver.access_token,
      body: { status: "online", ...offset(pickup, 100, 0) },
    });
    expect(online.status).toBe(200);
    const sender = await register("rider");
    const body = delivery(pickup);
    const ride = await requestRide(sender, { ...body, stops: body.stops.slice(0, 2) });
    await eventually(async () => {
      const jobs = (await (await api("GET", "/v1/drivers/me/jobs", { token: driver.access_token })).json()) as {
        offer: { ride_id: string } | null;
      };
      return jobs.offer?.ride_id === ride.id;
    });
    const post = (path: string, json?: unknown) =>
      api("POST", `/v1/rides/${ride.id}/${path}`, { token: driver.access_token, ...(json ? { body: json } : {}) });
    expect((await api("POST", `/v1/drivers/me/jobs/${ride.id}/accept`, { token: driver.access_token })).status).toBe(
      200,
    );
    await expectProblem(await post("stops/0/arrived"), 409, "invalid_state");
    expect((await post("arrived")).status).toBe(200);
    expect((await post("started")).status).toBe(200);

    await expectProblem(await post("stops/1/arrived"), 409, "stop_out_of_order");
    await expectProblem(await post("stops/0/completed"), 409, "stop_not_arrived");
    await expectProblem(await post("stops/2/arrived"), 404, "stop_not_found");
    await expectProblem(await post("completed"), 409, "stops_pending");
    const arrived = await post("stops/0/arrived");
    expect(arrived.status).toBe(200);
    expect(((await arrived.json()) as { stops: StopView[] }).stops.map((s) => s.status)).toEqual([
      "arrived",
      "pending",
    ]);
    expect((await post("stops/0/completed")).status).toBe(200);
    const failed = await post("stops/1/failed", { reason: "Gate locked" });
    expect(failed.status).toBe(200);
    expect(((await failed.json()) as { stops: StopView[] }).stops[1]).toMatchObject({
      status: "failed",
      reason: "Gate locked",
    });
    await expectProblem(await post("stops/1/failed", { reason: "again" }), 409, "invalid_stop_state");
    const done = await post("completed");
    expect(done.status).toBe(200);
    const ended = (await done.json()) as { status: string; fare: Fare };
    expect(ended.status).toBe("completed");
    expect(ended.fare.lines.find((l) => l.code === "stops")).toMatchObject({ amount: 2000 });
  });
});
