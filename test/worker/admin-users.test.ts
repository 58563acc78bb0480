/**
 * Admins find accounts and suspend them: a suspended user's tokens stop
 * working at once, their refresh and login fail, their sockets close, and
 * every change is in the audit log.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { latLngToCell } from "h3-js";
import { describe, expect, it } from "vitest";
import { ADMIN } from "../../scripts/demo/data.ts";
import { SUSPENSIONS_FRESH_MS } from "../../src/auth/suspensions.ts";
import { users } from "../../src/db/schema/index.ts";
import { acceptedRide, eventually, onlineDriver, randomSpot } from "./dispatch-helpers.ts";
import { adminToken, api, expectProblem, register, withDb } from "./helpers.ts";
import { openSocket } from "./sockets.ts";

interface AdminUser {
  id: string;
  role: string;
  status: string;
  suspended_at: string | null;
}

async function search(query: string): Promise<{ data: AdminUser[]; next_cursor: string | null }> {
  const res = await api("GET", `/v1/admin/users?${query}`, { token: await adminToken() });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { data: AdminUser[]; next_cursor: string | null };
}

async function auditOf(targetId: string) {
  const res = await api("GET", `/v1/admin/audit?target_type=user&target_id=${targetId}`, { token: await adminToken() });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: { action: string; actor_id: string; details: Record<string, unknown> }[] })
    .data;
}

describe("GET /v1/admin/users", () => {
  it("finds accounts by part of a name, an email or a phone number, by role and status, page by page", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const rider = await register("rider", `Zarina ${tag}`);
    const driver = await register("driver", `Zubin ${tag}`);
    const digits = String(Math.floor(1e9 + Math.random() * 8e9));
    await withDb(({ db }) =>
      db
        .update(users)
        .set({ phone: `+91${digits}` })
        .where(eq(users.id, driver.id)),
    );

    const byName = await search(`q=${tag}`);
    expect(byName.data.map((u) => u.id).sort()).toEqual([rider.id, driver.id].sort());
    expect((await search(`q=${tag.toUpperCase()}&role=driver`)).data.map((u) => u.id)).toEqual([driver.id]);
    expect((await search(`q=${encodeURIComponent(rider.email.slice(0, 20))}`)).data.map((u) => u.id)).toContain(
      rider.id,
    );
    // A phone number as people type it: spaces, a dash, the country code.
    const typed = `${digits.slice(0, 5)} ${digits.slice(5, 7)}-${digits.slice(7)}`;
    expect((await search(`q=${encodeURIComponent(typed)}`)).data.map((u) => u.id)).toEqual([driver.id]);
    // LIKE's wildcards are plain text.
    expect((await search(`q=${encodeURIComponent("%_%")}`)).data).toEqual([]);

    const first = await search(`q=${tag}&limit=1`);
    expect(first.data).toHaveLength(1);
    const second = await search(`q=${tag}&limit=1&cursor=${first.next_cursor}`);
    expect(second.data).toHaveLength(1);
    expect(second.next_cursor).toBeNull();
    expect(new Set([first.data[0]?.id, second.data[0]?.id]).size).toBe(2);
    expect((await search(`q=${tag}&status=suspended`)).data).toEqual([]);
  });
});

describe("suspending an account", () => {
  it("stops its tokens, refresh, login and sockets at once; reinstating lets the user sign in again", async () => {
    const { driver, rider, ride } = await acceptedRide("car", randomSpot());
    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${rider.access_token}`);
    await watcher.nextOf("ride.status");
    const admin = await adminToken();
    expect((await api("GET", "/v1/drivers/me", { token: driver.account.access_token })).status).toBe(200);
    // The rides list is Postgres's, a moment behind the ride's actor: wait until it has the driver.
    await eventually(async () => {
      const found = await api("GET", `/v1/admin/rides?driver_id=${driver.account.id}`, { token: admin });
      return ((await found.json()) as { data: { id: string }[] }).data[0]?.id === ride.id;
    });

    const res = await api("POST", `/v1/admin/users/${driver.account.id}/suspend`, {
      token: admin,
      body: { reason: "documents forged" },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = (await res.json()) as { user: AdminUser; active_ride_ids: string[]; sockets_closed: number };
    expect(body.user).toMatchObject({ id: driver.account.id, status: "suspended" });
    expect(body.user.suspended_at).not.toBeNull();
    expect(body.active_ride_ids).toEqual([ride.id]);
    expect(body.sockets_closed).toBeGreaterThanOrEqual(1);

    // The driver's socket is told and closed; the rider's is not touched.
    expect(await driver.socket.nextOf("error")).toMatchObject({ code: "account_suspended" });
    expect(await driver.socket.closed).toEqual({ code: 4403, reason: "account_suspended" });
    // The very next request with the same, unexpired token is refused.
    await expectProblem(
      await api("GET", "/v1/drivers/me", { token: driver.account.access_token }),
      403,
      "account_suspended",
    );
    await expectProblem(
      await api("POST", "/v1/auth/refresh", { body: { refresh_token: driver.account.refresh_token } }),
      401,
      "refresh_token_revoked",
    );
    await expectProblem(
      await api("POST", "/v1/auth/login", { body: { email: driver.account.email, password: "correct horse" } }),
      403,
      "account_suspended",
    );
    const again = await openSocket(
      `/v1/ws/driver?lat=${driver.at.lat}&lng=${driver.at.lng}&token=${driver.account.access_token}`,
    );
    expect(await again.next()).toMatchObject({ type: "error", code: "account_suspended" });
    expect(await again.closed).toEqual({ code: 4403, reason: "account_suspended" });

    // Twice is a conflict, and written once.
    await expectProblem(
      await api("POST", `/v1/admin/users/${driver.account.id}/suspend`, { token: admin, body: { reason: "again" } }),
      409,
      "already_suspended",
    );

    // The rider too: their socket on the ride closes.
    const riderRes = await api("POST", `/v1/admin/users/${rider.id}/suspend`, {
      token: admin,
      body: { reason: "abusive messages" },
    });
    expect(riderRes.status).toBe(200);
    expect(await watcher.closed).toEqual({ code: 4403, reason: "account_suspended" });
    expect(watcher.frames.at(-1)).toMatchObject({ type: "error", code: "account_suspended" });

    const reinstated = await api("POST", `/v1/admin/users/${driver.account.id}/reinstate`, {
      token: admin,
      body: { reason: "documents checked again" },
    });
    expect(reinstated.status).toBe(200);
    expect(((await reinstated.json()) as { user: AdminUser }).user).toMatchObject({
      status: "active",
      suspended_at: null,
    });
    const login = await api("POST", "/v1/auth/login", {
      body: { email: driver.account.email, password: "correct horse" },
    });
    expect(login.status).toBe(200);
    // The suspension ended the old session for good.
    await expectProblem(
      await api("POST", "/v1/auth/refresh", { body: { refresh_token: driver.account.refresh_token } }),
      401,
      "refresh_token_revoked",
    );
    await expectProblem(
      await api("POST", `/v1/admin/users/${driver.account.id}/reinstate`, { token: admin, body: { reason: "again" } }),
      409,
      "not_suspended",
    );

    // The ride did not end with the suspensions: the admin ends it (and leaves no ride lagging for the cron sweep).
    const cancelled = await api("POST", `/v1/rides/${ride.id}/cancel`, { token: admin, body: { reason: "suspended" } });
    expect(cancelled.status).toBe(200);

    const log = await auditOf(driver.account.id);
    expect(log.map((e) => e.action)).toEqual(["user.reinstate", "user.suspend"]);
    expect(log[1]?.details).toEqual({ role: "driver", reason: "documents forged" });
    expect((await auditOf(rider.id)).map((e) => e.action)).toEqual(["user.suspend"]);
  });

  it("takes an available driver off the map at once, not only out of reach of offers", async () => {
    const at = randomSpot();
    const driver = await onlineDriver("bike", at);
    const cell = env.CELL.getByName(latLngToCell(at.lat, at.lng, Number(env.CELL_RES)));
    expect(await cell.driver(driver.account.id)).toMatchObject({ status: "available" });
    const res = await api("POST", `/v1/admin/users/${driver.account.id}/suspend`, {
      token: await adminToken(),
      body: { reason: "unsafe driving" },
    });
    expect(res.status).toBe(200);
    expect(await driver.socket.closed).toEqual({ code: 4403, reason: "account_suspended" });
    expect(await cell.driver(driver.account.id)).toBeNull();
  });

  it("is seen by an isolate serving traffic within SUSPENSIONS_FRESH_MS: a suspension written elsewhere is refused here", async () => {
    const rider = await register("rider");
    expect((await api("GET", "/v1/me", { token: rider.access_token })).status).toBe(200);
    // As another isolate would leave it: the row changed, nothing noted in this isolate.
    const at = Date.now();
    await withDb(({ db }) =>
      db.update(users).set({ status: "suspended", suspendedAt: new Date() }).where(eq(users.id, rider.id)),
    );
    const refusedAfter = await eventually(async () => {
      const res = await api("GET", "/v1/me", { token: rider.access_token });
      return res.status === 403 && Date.now() - at;
    }, 15_000);
    // The list is refreshed once 2 s old; the margin is for the query on a loaded machine.
    expect(refusedAfter).toBeLessThanOrEqual(SUSPENSIONS_FRESH_MS + 3_000);
  });

  it("refuses an admin's own account, and an unknown one", async () => {
    const admin = await adminToken();
    await expectProblem(
      await api("POST", `/v1/admin/users/${ADMIN.id}/suspend`, { token: admin, body: { reason: "testing" } }),
      409,
      "own_account",
    );
    await expectProblem(
      await api("POST", `/v1/admin/users/${crypto.randomUUID()}/suspend`, { token: admin, body: { reason: "who" } }),
      404,
      "user_not_found",
    );
  });
});
