/**
 * The driver websocket's handshake: only a verified driver with an active
 * vehicle reaches the cell's actor; everyone else gets an error frame and a
 * close code with a reason; an expiring token closes the open socket.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { latLngToCell } from "h3-js";
import { describe, expect, it } from "vitest";
import { signAccessToken } from "../../src/auth/tokens.ts";
import { adminToken, api, call, expectProblem, loginDemo, register } from "./helpers.ts";
import { openSocket } from "./sockets.ts";

const AHMEDABAD = { lat: 23.0258, lng: 72.5606 };

function connect(query: string, headers: Record<string, string> = {}) {
  return openSocket(`/v1/ws/driver?${query}`, headers);
}

const at = (p = AHMEDABAD) => `lat=${p.lat}&lng=${p.lng}`;

describe("GET /v1/ws/driver", () => {
  it("connects a verified driver with an active vehicle and checks every frame", async () => {
    const driver = await loginDemo("driver1@curbside.test");
    const socket = await connect(`${at()}&token=${driver.access_token}`);
    expect(await socket.next()).toEqual({ type: "driver.status", status: "available" });
    socket.ws.send("this is not json");
    expect(await socket.next()).toMatchObject({ type: "error", code: "malformed_json" });
    socket.ws.send(JSON.stringify({ type: "location", lat: 123, lng: 72, ts: Date.now() }));
    expect(await socket.next()).toMatchObject({ type: "error", code: "invalid_message" });
    socket.ws.close(1000, "bye");
  });

  it("takes the token from Sec-WebSocket-Protocol and echoes curbside.v1", async () => {
    const driver = await loginDemo("driver2@curbside.test");
    const socket = await connect(at(), { "Sec-WebSocket-Protocol": `curbside.v1, bearer.${driver.access_token}` });
    expect(socket.res.headers.get("Sec-WebSocket-Protocol")).toBe("curbside.v1");
    expect(await socket.next()).toMatchObject({ type: "driver.status" });
    socket.ws.send("{}");
    expect(await socket.next()).toMatchObject({ type: "error", code: "invalid_message" });
    socket.ws.close(1000, "bye");
  });

  const refusals: {
    name: string;
    query: () => Promise<string>;
    headers?: Record<string, string>;
    code: number;
    reason: string;
  }[] = [
    { name: "no token", query: async () => at(), code: 4401, reason: "unauthenticated" },
    {
      name: "forged trusted headers without a token",
      query: async () => at(),
      headers: {
        "x-curbside-user-id": crypto.randomUUID(),
        "x-curbside-role": "driver",
        "x-curbside-token-exp": "9999999999",
      },
      code: 4401,
      reason: "unauthenticated",
    },
    { name: "a garbage token", query: async () => `${at()}&token=garbage`, code: 4401, reason: "invalid_token" },
    {
      name: "an expired token",
      query: async () => {
        const d = await loginDemo("driver3@curbside.test");
        return `${at()}&token=${await signAccessToken({ id: d.id, role: "driver" }, env.JWT_SIGNING_KEYS, Date.now() - 3_600_000)}`;
      },
      code: 4001,
      reason: "token_expired",
    },
    {
      name: "a rider",
      query: async () => `${at()}&token=${(await register("rider")).access_token}`,
      code: 4403,
      reason: "not_a_driver",
    },
    {
      name: "an unverified driver",
      query: async () => {
        const d = await register("driver");
        await api("POST", "/v1/drivers/me/vehicles", {
          token: d.access_token,
          body: { vehicle_class: "bike", plate: `U${Math.floor(Math.random() * 1e8)}`, model: "Activa" },
        });
        return `${at()}&token=${d.access_token}`;
      },
      code: 4403,
      reason: "driver_not_verified",
    },
    {
      name: "a verified driver without an active vehicle",
      query: async () => {
        const d = await register("driver");
        const admin = { access_token: await adminToken() };
        await api("POST", `/v1/admin/drivers/${d.id}/verify`, { token: admin.access_token });
        return `${at()}&token=${d.access_token}`;
      },
      code: 4403,
      reason: "no_active_vehicle",
    },
    {
      name: "a position off the globe",
      query: async () => `lat=123&lng=72&token=${(await loginDemo("driver4@curbside.test")).access_token}`,
      code: 4400,
      reason: "invalid_position",
    },
  ];

  it.each(refusals)("refuses $name with $code $reason", async ({ query, headers, code, reason }) => {
    const socket = await connect(await query(), headers);
    const closed = await socket.closed;
    expect(closed).toEqual({ code, reason });
    expect(socket.frames[0]).toMatchObject({ type: "error", code: reason });
  });

  it("closes an open socket with 4001 when its token expires", async () => {
    const driver = await loginDemo("driver5@curbside.test");
    // A token with two seconds to live.
    const token = await signAccessToken(
      { id: driver.id, role: "driver" },
      env.JWT_SIGNING_KEYS,
      Date.now() - (900 - 2) * 1000,
    );
    const socket = await connect(`${at()}&token=${token}`);
    await new Promise((r) => setTimeout(r, 2_100));
    const cell = latLngToCell(AHMEDABAD.lat, AHMEDABAD.lng, Number(env.CELL_RES));
    await runDurableObjectAlarm(env.CELL.getByName(cell));
    expect(await socket.closed).toEqual({ code: 4001, reason: "token_expired" });
  });

  it("answers a plain HTTP request with 426", async () => {
    await expectProblem(await call(`/v1/ws/driver?${at()}`), 426, "upgrade_required");
  });
});
