/**
 * The driver's day over HTTP only, for apps that cannot hold a socket: online,
 * positions, the offer in GET jobs, accept, the ride's HTTP steps, the
 * earnings; and offline after the same silence as a socket.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DriverRegistry } from "../../durable-objects/registry.ts";
import { cellOf } from "../../src/domain/cells.ts";
import {
  eventually,
  inNextCell,
  offset,
  type Point,
  randomSpot,
  requestRide,
  verifiedDriver,
} from "./dispatch-helpers.ts";
import { type Account, api, expectProblem, register } from "./helpers.ts";
import { paymentOfRide, saveCard } from "./money-helpers.ts";

interface Jobs {
  status: string;
  offer: { ride_id: string; expires_at: string } | null;
  ride: { ride_id: string; status: string } | null;
}

async function ok(res: Response): Promise<Jobs> {
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Jobs;
}

const online = (driver: Account, at: Point) =>
  api("PUT", "/v1/drivers/me/online-status", { token: driver.access_token, body: { status: "online", ...at } });
const locate = (driver: Account, at: Point) =>
  api("PUT", "/v1/drivers/me/location", {
    token: driver.access_token,
    body: { ...at, heading: 0, ts: new Date().toISOString() },
  });
const jobsOf = async (driver: Account) => ok(await api("GET", "/v1/drivers/me/jobs", { token: driver.access_token }));

describe("a driver on HTTP only", () => {
  it("goes online, sees the offer, accepts, drives the ride to completion and sees it in their earnings", async () => {
    const pickup = randomSpot();
    const at = offset(pickup, 100, 0);
    const driver = await verifiedDriver("car");
    expect(await ok(await online(driver, at))).toEqual({ status: "available", offer: null, ride: null });
    expect((await ok(await locate(driver, at))).status).toBe("available");

    const rider = await register("rider");
    await saveCard(rider);
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 3000, 0),
      vehicle_class: "car",
      payment_method: "card",
    });
    const offered = await eventually(async () => {
      const jobs = await jobsOf(driver);
      return jobs.offer?.ride_id === ride.id ? jobs : null;
    });
    expect(offered.status).toBe("offered");

    const accepted = await ok(
      await api("POST", `/v1/drivers/me/jobs/${ride.id}/accept`, { token: driver.access_token }),
    );
    expect(accepted).toMatchObject({ status: "on_ride", offer: null, ride: { ride_id: ride.id } });
    // Accepting again is answered the same: the ride is theirs.
    expect(
      (await ok(await api("POST", `/v1/drivers/me/jobs/${ride.id}/accept`, { token: driver.access_token }))).ride,
    ).toMatchObject({ ride_id: ride.id });

    const step = async (path: string) => {
      const res = await api("POST", `/v1/rides/${ride.id}/${path}`, { token: driver.access_token });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    await step("arrived");
    await step("started");
    for (let m = 100; m <= 1000; m += 100) await ok(await locate(driver, offset(pickup, 20 + m, 0)));
    // The rider saw the positions the driver reported over HTTP.
    const live = (await (await api("GET", `/v1/rides/${ride.id}`, { token: rider.access_token })).json()) as {
      driver_location: { lat: number } | null;
    };
    expect(live.driver_location?.lat).toBeCloseTo(offset(pickup, 1020, 0).lat, 6);
    await step("completed");

    const settled = await eventually(async () => {
      const r = await paymentOfRide(rider, ride.id);
      return r.payment.status === "succeeded" ? r : null;
    });
    expect(settled.status).toBe("completed");
    expect(await jobsOf(driver)).toEqual({ status: "available", offer: null, ride: null });
    const report = (await (await api("GET", "/v1/drivers/me/earnings", { token: driver.access_token })).json()) as {
      rides: { ride_id: string; fare: { amount: number }; share: { amount: number } }[];
    };
    expect(report.rides).toEqual([
      expect.objectContaining({ ride_id: ride.id, fare: { amount: settled.fare?.total.amount, currency: "INR" } }),
    ]);
    expect(report.rides[0]?.share.amount).toBeGreaterThan(0);

    // Offline on purpose, then nothing more is taken until they are back.
    expect(
      await ok(
        await api("PUT", "/v1/drivers/me/online-status", { token: driver.access_token, body: { status: "offline" } }),
      ),
    ).toEqual({ status: "offline", offer: null, ride: null });
    await expectProblem(await locate(driver, at), 409, "driver_offline");
  });

  it("declines an offer, which then goes to the next driver; an answer to an offer they do not hold is 404", async () => {
    const pickup = randomSpot();
    const near = await verifiedDriver("car");
    const far = await verifiedDriver("car");
    await ok(await online(near, offset(pickup, 100, 0)));
    await ok(await online(far, offset(pickup, 600, 0)));
    const rider = await register("rider");
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 2000, 0),
      vehicle_class: "car",
    });
    await eventually(async () => (await jobsOf(near)).offer?.ride_id === ride.id);
    await expectProblem(
      await api("POST", `/v1/drivers/me/jobs/${ride.id}/accept`, { token: far.access_token }),
      404,
      "offer_not_found",
    );
    expect(await ok(await api("POST", `/v1/drivers/me/jobs/${ride.id}/decline`, { token: near.access_token }))).toEqual(
      { status: "available", offer: null, ride: null },
    );
    await eventually(async () => (await jobsOf(far)).offer?.ride_id === ride.id);
    await expectProblem(
      await api("POST", `/v1/drivers/me/jobs/${ride.id}/decline`, { token: near.access_token }),
      404,
      "offer_not_found",
    );
  });

  it("follows a position into the next cell: the driver is there, connected and offerable", async () => {
    const res = Number(env.CELL_RES);
    const spot = randomSpot();
    const across = inNextCell(spot, res);
    const driver = await verifiedDriver("car");
    await ok(await online(driver, spot));
    expect((await ok(await locate(driver, across))).status).toBe("available");
    expect(await env.CELL.getByName(cellOf(spot, res)).driver(driver.id)).toBeNull();
    expect(await env.CELL.getByName(cellOf(across, res)).driver(driver.id)).toMatchObject({
      status: "available",
      connected: true,
    });
    expect((await jobsOf(driver)).status).toBe("available");
  });

  it("is admitted with the socket's checks", async () => {
    const unverified = await register("driver");
    await expectProblem(await online(unverified, randomSpot()), 403, "driver_not_verified");
    await expectProblem(await online(await register("rider"), randomSpot()), 403, "forbidden");
  });
});

describe("a silent driver on HTTP", () => {
  /** Ages the driver's record in their cell: last heard `ms` ago. */
  async function silentFor(driver: Account, at: Point, ms: number) {
    const cell = env.CELL.getByName(cellOf(at, Number(env.CELL_RES)));
    await runInDurableObject(cell, (instance) => {
      (instance as unknown as { registry: DriverRegistry }).registry.touch(driver.id, Date.now() - ms);
    });
    return cell;
  }

  it("goes offline after the socket's silence (60 s), and not before", async () => {
    const spot = randomSpot();
    const quiet = await verifiedDriver("car");
    const calling = await verifiedDriver("car");
    await ok(await online(quiet, spot));
    await ok(await online(calling, offset(spot, 200, 0)));
    const cell = await silentFor(quiet, spot, 61_000);
    await silentFor(calling, spot, 50_000);
    await runDurableObjectAlarm(cell);
    expect(await cell.driver(quiet.id)).toBeNull();
    expect(await cell.driver(calling.id)).toMatchObject({ status: "available", connected: true });
    expect((await jobsOf(quiet)).status).toBe("offline");
    expect((await jobsOf(calling)).status).toBe("available");
  });
});
