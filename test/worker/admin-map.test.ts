/**
 * The admins' live map (GET /v1/ws/admin/map): the snapshot, the cells'
 * summaries and the drivers on rides as they move, and cells that publish
 * only while an admin watches.
 */

import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { cellToParent, latLngToCell } from "h3-js";
import { describe, expect, it } from "vitest";
import { ADMIN } from "../../scripts/demo/data.ts";
import { ACCESS_TOKEN_TTL_S, signAccessToken } from "../../src/auth/tokens.ts";
import { cellOf } from "../../src/domain/cells.ts";
import type { CellActor } from "../../src/index.ts";
import { MAP_HEX_RES, type MapServerMessage, parseMapMessage } from "../../src/protocol/admin-map.ts";
import { acceptedRide, eventually, offset, onlineDriver, randomSpot } from "./dispatch-helpers.ts";
import { adminToken } from "./helpers.ts";
import { openSocket, type TestSocket } from "./sockets.ts";

async function openMap(): Promise<TestSocket> {
  return openSocket(`/v1/ws/admin/map?city=ahmedabad&token=${await adminToken()}`);
}

/** Reads frames until `match` accepts one (each checked against the protocol). */
async function until<T>(socket: TestSocket, match: (m: MapServerMessage) => T | undefined, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = await socket.next(Math.max(1, deadline - Date.now()));
    const message = parseMapMessage(JSON.stringify(frame));
    expect(message, JSON.stringify(frame)).not.toBeNull();
    const found = match(message as MapServerMessage);
    if (found !== undefined) return found;
  }
}

function watched(cell: string): Promise<boolean> {
  const stub = env.CELL.getByName(cell);
  return runInDurableObject(
    stub,
    (actor: CellActor) => (actor as unknown as { map: { watched: boolean } }).map.watched,
  );
}

describe("the admins' live map", () => {
  it("starts with the city's service area, then shows available drivers per hexagon and class", async () => {
    const map = await openMap();
    const snapshot = await until(map, (m) => (m.type === "map.snapshot" ? m : undefined));
    expect(snapshot.city).toMatchObject({ id: "ahmedabad", name: expect.any(String) });
    expect(snapshot.city.service_area[0]?.length).toBeGreaterThan(3);
    const at = randomSpot();
    const driver = await onlineDriver("auto", at);
    const hex = cellToParent(latLngToCell(at.lat, at.lng, 9), MAP_HEX_RES);
    const shown = await until(map, (m) =>
      m.type === "map.cell" ? m.hexes.find((h) => h.h3 === hex && h.vehicle_class === "auto") : undefined,
    );
    expect(shown.available).toBeGreaterThanOrEqual(1);
    driver.socket.close();
    map.close();
  });

  it("follows a driver on a ride within 2 s of each move", async () => {
    const pickup = randomSpot();
    const map = await openMap();
    await until(map, (m) => (m.type === "map.snapshot" ? m : undefined));
    const { driver, ride } = await acceptedRide("car", pickup);
    const first = await until(map, (m) =>
      m.type === "map.driver" && m.driver_id === driver.account.id ? m : undefined,
    );
    expect(first).toMatchObject({ ride_id: ride.id, status: "on_ride", vehicle_class: "car" });
    const next = offset(pickup, 300, 200);
    const sentAt = Date.now();
    driver.socket.send({ type: "location", lat: next.lat, lng: next.lng, heading: 34, ts: Date.now() });
    const moved = await until(
      map,
      (m) => (m.type === "map.driver" && m.driver_id === driver.account.id && m.lat === next.lat ? m : undefined),
      2_000,
    );
    expect(Date.now() - sentAt).toBeLessThan(2_000);
    expect(moved).toMatchObject({ lng: next.lng, heading: 34, ride_id: ride.id });
    // A second admin who opens the map now sees the driver in the snapshot.
    const late = await openMap();
    const snapshot = await until(late, (m) => (m.type === "map.snapshot" ? m : undefined));
    expect(snapshot.drivers.find((d) => d.driver_id === driver.account.id)).toMatchObject({ lat: next.lat });
    late.close();
    map.close();
    driver.socket.close();
  });

  it("costs the cells nothing when nobody watches: they publish only while an admin's socket is open", async () => {
    const at = randomSpot();
    const driver = await onlineDriver("bike", at);
    const cell = cellOf(at, Number(env.CELL_RES) || 6);
    const map = await openMap();
    await until(map, (m) => (m.type === "map.snapshot" ? m : undefined));
    await eventually(() => watched(cell));
    const second = await openMap();
    second.close();
    // One admin still watches.
    await new Promise((r) => setTimeout(r, 300));
    expect(await watched(cell)).toBe(true);
    map.close();
    await eventually(async () => !(await watched(cell)));
    const watchers = await env.MAP.getByName("ahmedabad").watchers();
    expect(watchers.cells).toBeGreaterThan(0);
    driver.socket.close();
  });

  it("answers a frame from an admin with error read_only", async () => {
    const map = await openMap();
    await until(map, (m) => (m.type === "map.snapshot" ? m : undefined));
    map.send({ type: "hello" });
    await until(map, (m) => (m.type === "error" ? m : undefined));
    expect(map.frames.at(-1)).toMatchObject({ type: "error", code: "read_only" });
    map.close();
  });

  it("closes an admin's socket with 4001 token_expired once the token has expired", async () => {
    // A token issued so that it expires 1.5 s from now.
    const issued = Date.now() - ACCESS_TOKEN_TTL_S * 1000 + 1_500;
    const token = await signAccessToken({ id: ADMIN.id, role: "admin" }, env.JWT_SIGNING_KEYS, issued);
    const map = await openSocket(`/v1/ws/admin/map?city=ahmedabad&token=${token}`);
    await until(map, (m) => (m.type === "map.snapshot" ? m : undefined));
    await new Promise((r) => setTimeout(r, 2_000));
    await runDurableObjectAlarm(env.MAP.getByName("ahmedabad"));
    expect(await map.closed).toEqual({ code: 4001, reason: "token_expired" });
    expect(map.frames.at(-1)).toMatchObject({ type: "error", code: "token_expired" });
  });
});
