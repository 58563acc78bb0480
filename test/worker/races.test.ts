/**
 * What a careless client or an attacker can do at the same moment, or with
 * an id that is not theirs: nothing half-written, no 500, no live token in a
 * revoked session.
 */
import { describe, expect, it } from "vitest";
import { base64UrlEncode } from "../../src/auth/encoding.ts";
import { api, call, expectProblem, loginDemo, register } from "./helpers.ts";
import { openSocket } from "./sockets.ts";

describe("refresh tokens under a race", () => {
  it("leave no working token when the same one is refreshed twice at once", async () => {
    const account = await register("rider");
    const results = await Promise.all(
      [1, 2].map(() => api("POST", "/v1/auth/refresh", { body: { refresh_token: account.refresh_token } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    const winner = results.find((r) => r.status === 200) as Response;
    const { refresh_token } = (await winner.json()) as { refresh_token: string };
    // The reuse revoked the family, including the token the winner just got.
    await expectProblem(
      await api("POST", "/v1/auth/refresh", { body: { refresh_token } }),
      401,
      "refresh_token_revoked",
    );
  });
});

describe("ids that are not the caller's change nothing", () => {
  it("keeps the active vehicle when another's vehicle is activated or a taken plate is added", async () => {
    const driver = await register("driver");
    const mine = (await (
      await api("POST", "/v1/drivers/me/vehicles", {
        token: driver.access_token,
        body: { vehicle_class: "car", plate: `R${Math.floor(Math.random() * 1e9)}`, model: "Dzire" },
      })
    ).json()) as { id: string; is_active: boolean };
    expect(mine.is_active).toBe(true);
    await expectProblem(
      await api("PATCH", `/v1/drivers/me/vehicles/${crypto.randomUUID()}`, {
        token: driver.access_token,
        body: { is_active: true },
      }),
      404,
      "vehicle_not_found",
    );
    await expectProblem(
      await api("POST", "/v1/drivers/me/vehicles", {
        token: driver.access_token,
        body: { vehicle_class: "car", plate: "GJ01AB1005", model: "Dzire", is_active: true },
      }),
      409,
      "plate_taken",
    );
    const list = (await (await api("GET", "/v1/drivers/me/vehicles", { token: driver.access_token })).json()) as {
      data: { id: string; is_active: boolean }[];
    };
    expect(list.data).toEqual([expect.objectContaining({ id: mine.id, is_active: true })]);
  });

  it("keeps the default address when an unknown one is made default", async () => {
    const rider = await register("rider");
    const home = (await (
      await api("POST", "/v1/me/addresses", {
        token: rider.access_token,
        body: { line: "Home", location: { lat: 23, lng: 72.5 }, is_default: true },
      })
    ).json()) as { id: string };
    await expectProblem(
      await api("PATCH", `/v1/me/addresses/${crypto.randomUUID()}`, {
        token: rider.access_token,
        body: { is_default: true },
      }),
      404,
      "address_not_found",
    );
    expect(await (await api("GET", `/v1/me/addresses/${home.id}`, { token: rider.access_token })).json()).toMatchObject(
      {
        is_default: true,
      },
    );
  });

  it("answers concurrent default addresses without a 500, leaving one default", async () => {
    const rider = await register("rider");
    const results = await Promise.all(
      [1, 2, 3].map((n) =>
        api("POST", "/v1/me/addresses", {
          token: rider.access_token,
          body: { line: `Place ${n}`, location: { lat: 23, lng: 72.5 }, is_default: true },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const list = (await (await api("GET", "/v1/me/addresses", { token: rider.access_token })).json()) as {
      data: { is_default: boolean }[];
    };
    expect(list.data.filter((a) => a.is_default)).toHaveLength(1);
  });

  it("refuses a forged cursor with 400, not 500", async () => {
    const rider = await register("rider");
    const forged = base64UrlEncode(new TextEncoder().encode(JSON.stringify(["2026-01-01T00:00:00Z", "x"])));
    await expectProblem(
      await api("GET", `/v1/me/addresses?cursor=${forged}`, { token: rider.access_token }),
      400,
      "invalid_cursor",
    );
  });
});

describe("the driver socket's query", () => {
  it("passes nothing the client chose to the actor", async () => {
    const driver = await loginDemo("driver6@curbside.test");
    const socket = await openSocket(
      `/v1/ws/driver?lat=23.03&lng=72.58&_pk=${"x".repeat(300)}&token=${driver.access_token}`,
    );
    expect(await socket.next()).toMatchObject({ type: "driver.status" });
    socket.send("{}");
    expect(await socket.next()).toMatchObject({ type: "error", code: "invalid_message" });
    socket.close();
  });

  it("does not read an empty lat or lng as 0", async () => {
    const driver = await loginDemo("driver7@curbside.test");
    const res = await call(`/v1/ws/driver?lat=&lng=&token=${driver.access_token}`, {
      headers: { Upgrade: "websocket" },
    });
    const ws = res.webSocket as WebSocket;
    const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
    ws.accept();
    expect(await closed).toBe(4400);
  });
});
