/** Drivers and riders for dispatch tests: fresh, verified, online at a chosen spot. */
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { cellOf } from "../../src/domain/cells.ts";
import { type Account, adminToken, api, register } from "./helpers.ts";
import { openSocket, type TestSocket } from "./sockets.ts";

export interface Point {
  lat: number;
  lng: number;
}

/**
 * A random spot inside Ahmedabad's service area, so parallel tests rarely
 * share a neighbourhood, and at least 1.5 km from the edge of its cell, so a
 * test's drivers can drive around it without being handed off to the next
 * cell (tests of handoff cross on purpose).
 */
export function randomSpot(): Point {
  const res = Number(env.CELL_RES) || 6;
  for (;;) {
    const spot = { lat: 22.96 + Math.random() * 0.12, lng: 72.5 + Math.random() * 0.14 };
    const cell = cellOf(spot, res);
    const around = [0, 45, 90, 135, 180, 225, 270, 315].map((deg) =>
      offset(spot, 1500 * Math.cos((deg * Math.PI) / 180), 1500 * Math.sin((deg * Math.PI) / 180)),
    );
    if (around.every((p) => cellOf(p, res) === cell)) return spot;
  }
}

/** `metres` north and east of a point. */
export function offset(p: Point, northM: number, eastM: number): Point {
  return {
    lat: p.lat + northM / 111_320,
    lng: p.lng + eastM / (111_320 * Math.cos((p.lat * Math.PI) / 180)),
  };
}

export interface OnlineDriver {
  account: Account;
  socket: TestSocket;
  at: Point;
}

/** Registers a driver with a vehicle of the class and has an admin verify them: ready to go online. */
export async function verifiedDriver(vehicleClass: string): Promise<Account> {
  const account = await register("driver");
  const vehicle = await api("POST", "/v1/drivers/me/vehicles", {
    token: account.access_token,
    body: { vehicle_class: vehicleClass, plate: `T${crypto.randomUUID().slice(0, 8)}`, model: "Test" },
  });
  expect(vehicle.status).toBe(201);
  expect((await api("POST", `/v1/admin/drivers/${account.id}/verify`, { token: await adminToken() })).status).toBe(200);
  return account;
}

/** Registers a verified driver with a vehicle of the class and connects them at `at`. */
export async function onlineDriver(vehicleClass: string, at: Point): Promise<OnlineDriver> {
  const account = await verifiedDriver(vehicleClass);
  const socket = await openSocket(`/v1/ws/driver?lat=${at.lat}&lng=${at.lng}&token=${account.access_token}`);
  expect(await socket.next()).toEqual({ type: "driver.status", status: "available" });
  socket.send({ type: "location", lat: at.lat, lng: at.lng, ts: Date.now() });
  return { account, socket, at };
}

export async function requestRide(
  rider: Account,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ id: string; status: string } & Record<string, unknown>> {
  const res = await api("POST", "/v1/rides", { token: rider.access_token, body, headers });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; status: string };
}

/** A point due east of `p` that lies in the next cell (tests of handoff cross on purpose). */
export function inNextCell(p: Point, res: number): Point {
  let across = offset(p, 0, 4000);
  for (let east = 4000; cellOf(across, res) === cellOf(p, res); east += 1000) across = offset(p, 0, east);
  return across;
}

/** A driver 100 m from the pickup who has accepted a 1.5 km ride, and its rider. */
export async function acceptedRide(vehicleClass: string, pickup: Point) {
  const driver = await onlineDriver(vehicleClass, offset(pickup, 100, 0));
  const rider = await register("rider");
  const ride = await requestRide(rider, {
    service: "passenger",
    pickup,
    dropoff: offset(pickup, 1500, 0),
    vehicle_class: vehicleClass,
  });
  await driver.socket.nextOf("offer");
  driver.socket.send({ type: "offer.accept", ride_id: ride.id });
  await driver.socket.nextOf("ride.status");
  return { driver, rider, ride };
}

/** Polls until `check` returns a value or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
