/**
 * Users' live channel and notifications (issue 15, items 2 and 3): a user's
 * open /v1/ws/me socket receives a notification for each step of their ride
 * and of their booking; a reconnect with a cursor receives what it missed;
 * the list, the unread count and marking read; devices, preferences and
 * push through the queue to the stand-in (FCM and APNs requests, signed), a
 * failing or hanging push provider never delaying a ride, retries with
 * backoff and the dead-letter queue.
 */
import { createMessageBatch } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it, vi } from "vitest";
import { deadLetters, devices, users } from "../../src/db/schema/index.ts";
import worker from "../../src/index.ts";
import { consumeDeliveries } from "../../src/notify/deliveries.ts";
import { notifyUser } from "../../src/notify/notify-user.ts";
import { PUSH_TIMEOUT_MS } from "../../src/notify/push.ts";
import { eventually, offset, onlineDriver, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { type Account, api, register, withDb } from "./helpers.ts";
import { topUp } from "./money-helpers.ts";
import { book, spotOf, window } from "./parking-helpers.ts";
import { type Frame, openSocket, type TestSocket } from "./sockets.ts";

interface Notification {
  id: string;
  cursor: string;
  category: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  read_at: string | null;
}

const STANDIN = env.PUSH_API_BASE;

async function meSocket(account: Account, cursor?: string): Promise<TestSocket> {
  const query = cursor ? `&cursor=${cursor}` : "";
  return openSocket(`/v1/ws/me?token=${account.access_token}${query}`);
}

/** Reads notification frames until one of each type has come (any others in between are kept too). */
async function notificationsUntil(socket: TestSocket, types: string[], timeoutMs = 15_000): Promise<Notification[]> {
  const seen: Notification[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!types.every((t) => seen.some((n) => n.type === t))) {
    const frame = await socket.nextOf("notification", Math.max(1, deadline - Date.now()));
    seen.push((frame as Frame & { notification: Notification }).notification);
  }
  return seen;
}

async function recorded(filter: Record<string, string>) {
  const res = await fetch(`${STANDIN}/_standin/requests?${new URLSearchParams(filter)}`);
  return (await res.json()) as {
    kind: string;
    token: string | null;
    to: string[];
    headers: Record<string, string>;
    body: Record<string, unknown>;
    answered: number | null;
  }[];
}

/** What the stand-in received for a push token, once it received anything. */
function pushesTo(token: string, timeoutMs = 10_000) {
  return eventually(async () => {
    const found = await recorded({ token });
    return found.length > 0 ? found : null;
  }, timeoutMs);
}

async function device(account: Account, platform: "android" | "ios" | "web", token: string): Promise<string> {
  const res = await api("POST", "/v1/me/devices", { token: account.access_token, body: { platform, token } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function listOf(account: Account, query = "") {
  const res = await api("GET", `/v1/notifications${query}`, { token: account.access_token });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: Notification[]; next_cursor: string | null; unread_count: number };
}

describe("the live channel", () => {
  it("tells the rider each step of their ride as it happens, while a hanging and a failing push provider wait in their queue", async () => {
    const pickup = randomSpot();
    const driver = await onlineDriver("car", offset(pickup, 100, 0));
    const rider = await register("rider");
    // The rider's phones: one whose push provider never answers, one whose provider fails.
    const hang = `hang-${crypto.randomUUID()}`;
    const fail = `fail-${crypto.randomUUID()}`;
    await device(rider, "ios", hang);
    await device(rider, "android", fail);
    const socket = await meSocket(rider);
    expect(await socket.next()).toMatchObject({ type: "ready", unread_count: 0, replayed: 0, more: false });

    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 2000, 0),
      vehicle_class: "car",
    });
    await driver.socket.nextOf("offer");
    driver.socket.send({ type: "offer.accept", ride_id: ride.id });
    await driver.socket.nextOf("ride.status");
    const steps: number[] = [];
    for (const step of ["arrived", "started", "completed"]) {
      const began = Date.now();
      const res = await api("POST", `/v1/rides/${ride.id}/${step}`, { token: driver.account.access_token });
      steps.push(Date.now() - began);
      expect(res.status, await res.clone().text()).toBe(200);
    }
    const told = await notificationsUntil(socket, [
      "ride.assigned",
      "ride.driver_arrived",
      "ride.started",
      "ride.completed",
    ]);
    const order = told.map((n) => n.type).filter((t) => t !== "ride.searching");
    expect(order).toEqual(["ride.assigned", "ride.driver_arrived", "ride.started", "ride.completed"]);
    for (const n of told) expect(n).toMatchObject({ category: "ride", data: { ride_id: ride.id }, read_at: null });
    expect(told.at(-1)?.body).toMatch(/Fare ₹/);
    // No step waited on push: one that did would take at least the hanging provider's timeout.
    expect(Math.max(...steps)).toBeLessThan(PUSH_TIMEOUT_MS);

    // Meanwhile the queue tried the providers: the hanging one was cut off, the failing one refused.
    const hung = await pushesTo(hang, 20_000);
    expect(hung[0]).toMatchObject({ kind: "apns", answered: null, headers: { "apns-topic": "test.curbside.rider" } });
    const failed = await pushesTo(fail, 20_000);
    expect(failed[0]).toMatchObject({ kind: "fcm", answered: 503 });
    socket.close();
    driver.socket.close();
  });

  it("tells the renter each step of their booking, and the spot's owner of new, finished and cancelled bookings", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    await topUp(renter, 200_000);
    const renterSocket = await meSocket(renter);
    const ownerSocket = await meSocket(spot.owner);
    await renterSocket.nextOf("ready");
    await ownerSocket.nextOf("ready");

    const made = await book(renter, spot.id, window(10 / 60, 1), { payment_method: "wallet" });
    expect(made.status, await made.clone().text()).toBe(201);
    const booking = (await made.json()) as { id: string; check_in_code: string };
    const checkIn = await api("POST", `/v1/bookings/${booking.id}/check-in`, {
      token: renter.access_token,
      body: { code: booking.check_in_code },
    });
    expect(checkIn.status, await checkIn.clone().text()).toBe(200);
    expect((await api("POST", `/v1/bookings/${booking.id}/check-out`, { token: renter.access_token })).status).toBe(
      200,
    );
    const renterTold = await notificationsUntil(renterSocket, [
      "booking.confirmed",
      "booking.in_progress",
      "booking.completed",
    ]);
    // The wallet top-up before may have told them too (category payment): the booking's own steps, in order.
    const steps = renterTold.filter((n) => n.category === "booking");
    expect(steps.map((n) => n.type)).toEqual(["booking.confirmed", "booking.in_progress", "booking.completed"]);
    for (const n of steps) expect(n).toMatchObject({ data: { booking_id: booking.id } });

    // Another booking, cancelled: the renter and the owner hear of it.
    const later = (await (await book(renter, spot.id, window(48, 2), { payment_method: "wallet" })).json()) as {
      id: string;
    };
    expect(
      (await api("POST", `/v1/bookings/${later.id}/cancel`, { token: renter.access_token, body: {} })).status,
    ).toBe(200);
    const cancelled = await notificationsUntil(renterSocket, ["booking.cancelled"]);
    expect(cancelled.at(-1)).toMatchObject({ data: { booking_id: later.id } });
    // The renter reviews the stay: the owner hears of it.
    const review = await api("POST", `/v1/bookings/${booking.id}/review`, {
      token: renter.access_token,
      body: { rating: 4 },
    });
    expect(review.status, await review.clone().text()).toBe(201);
    const ownerTold = await notificationsUntil(ownerSocket, [
      "booking.confirmed",
      "booking.completed",
      "booking.cancelled",
      "review.received",
    ]);
    expect(ownerTold.find((n) => n.type === "review.received")).toMatchObject({
      category: "review",
      body: "Your spot got a 4-star review.",
      data: { spot_id: spot.id, rating: 4 },
    });
    expect(ownerTold.filter((n) => n.data.booking_id === booking.id).map((n) => n.type)).toEqual([
      "booking.confirmed",
      "booking.completed",
    ]);
    renterSocket.close();
    ownerSocket.close();
  });

  it("sends a reconnecting socket what it missed after its cursor, oldest first, then ready", async () => {
    const user = await register("rider");
    const say = (n: number) =>
      notifyUser(env, {
        user_id: user.id,
        category: "promotion",
        type: "promotion.offer",
        title: `Offer ${n}`,
        body: `Offer number ${n}`,
        data: { n },
      });
    const socket = await meSocket(user);
    await socket.nextOf("ready");
    await say(1);
    const first = ((await socket.nextOf("notification")) as Frame & { notification: Notification }).notification;
    expect(first).toMatchObject({ title: "Offer 1", category: "promotion" });
    socket.close();
    await socket.closed;

    // Away: three more are made.
    for (const n of [2, 3, 4]) await say(n);
    const back = await meSocket(user, first.cursor);
    const replay: Notification[] = [];
    for (let frame = await back.next(); frame.type !== "ready"; frame = await back.next()) {
      replay.push((frame as Frame & { notification: Notification }).notification);
    }
    expect(replay.map((n) => n.title)).toEqual(["Offer 2", "Offer 3", "Offer 4"]);
    expect(back.frames.at(-1)).toEqual({ type: "ready", unread_count: 4, replayed: 3, more: false });
    // And it stays live.
    await say(5);
    expect(await back.nextOf("notification")).toMatchObject({ notification: { title: "Offer 5" } });
    back.close();

    // A cursor the API did not give out is refused on the socket.
    const bad = await openSocket(`/v1/ws/me?token=${user.access_token}&cursor=garbage`);
    expect(await bad.next()).toMatchObject({ type: "error", code: "invalid_cursor" });
    expect(await bad.closed).toMatchObject({ code: 4400, reason: "invalid_cursor" });
  });

  it("refuses a socket without a valid token, and answers frames from the client with an error", async () => {
    const none = await openSocket("/v1/ws/me");
    expect(await none.closed).toMatchObject({ code: 4401, reason: "unauthenticated" });
    const forged = await openSocket("/v1/ws/me?token=not-a-token");
    expect(await forged.closed).toMatchObject({ code: 4401, reason: "invalid_token" });
    const user = await register("owner");
    const socket = await meSocket(user);
    await socket.nextOf("ready");
    socket.send({ type: "hello" });
    expect(await socket.next()).toMatchObject({ type: "error", code: "read_only" });
    socket.close();
  });
});

describe("the notifications list", () => {
  it("pages newest first with the unread count; marking read takes ids (never another user's) or all", async () => {
    const user = await register("rider");
    const other = await register("rider");
    for (const n of [1, 2, 3]) {
      await notifyUser(env, {
        user_id: user.id,
        category: "payment",
        type: "payment.test",
        title: `P${n}`,
        body: "b",
        data: {},
      });
    }
    const theirs = await notifyUser(env, {
      user_id: other.id,
      category: "payment",
      type: "payment.test",
      title: "theirs",
      body: "b",
      data: {},
    });
    const first = await listOf(user, "?limit=2");
    expect(first.data.map((n) => n.title)).toEqual(["P3", "P2"]);
    expect(first.unread_count).toBe(3);
    const second = await listOf(user, `?limit=2&cursor=${first.next_cursor}`);
    expect(second.data.map((n) => n.title)).toEqual(["P1"]);
    expect(second.next_cursor).toBeNull();

    const read = await api("POST", "/v1/notifications/read", {
      token: user.access_token,
      body: { ids: [first.data[0]?.id, theirs?.id] },
    });
    expect(await read.json()).toEqual({ marked: 1, unread_count: 2 });
    expect((await listOf(other)).unread_count).toBe(1);
    expect((await listOf(user, "?unread=true")).data.map((n) => n.title)).toEqual(["P2", "P1"]);
    const all = await api("POST", "/v1/notifications/read", { token: user.access_token, body: { all: true } });
    expect(await all.json()).toEqual({ marked: 2, unread_count: 0 });
    expect((await listOf(user)).data.every((n) => n.read_at !== null)).toBe(true);
  });

  it("tells the payer of a wallet top-up that arrived", async () => {
    const user = await register("rider");
    const socket = await meSocket(user);
    await socket.nextOf("ready");
    const intent = await topUp(user, 50_000);
    const [told] = await notificationsUntil(socket, ["payment.succeeded"]);
    expect(told).toMatchObject({
      category: "payment",
      title: "Wallet topped up",
      body: "₹500.00 was added to your wallet.",
      data: { purpose: "topup", amount: { amount: 50_000, currency: "INR" } },
    });
    expect(intent).toMatch(/^pi_/);
    socket.close();
  });

  it("makes one notification of the same fact told twice", async () => {
    const user = await register("rider");
    const draft = {
      user_id: user.id,
      category: "rating" as const,
      type: "rating.received",
      title: "Rated",
      body: "5 stars",
      data: {},
      dedupe_key: `test:${crypto.randomUUID()}`,
    };
    expect(await notifyUser(env, draft)).not.toBeNull();
    expect(await notifyUser(env, draft)).toBeNull();
    expect((await listOf(user)).data).toHaveLength(1);
  });
});

describe("push", () => {
  it("goes to each registered device as a signed FCM or APNs request; a dead token is forgotten, a forgotten device gets nothing", async () => {
    const user = await register("rider");
    const android = `tok-${crypto.randomUUID()}`;
    const iphone = `tok-${crypto.randomUUID()}`;
    const dead = `gone-${crypto.randomUUID()}`;
    await device(user, "android", android);
    const iphoneId = await device(user, "ios", iphone);
    await device(user, "web", dead);
    await notifyUser(env, {
      user_id: user.id,
      category: "ride",
      type: "ride.assigned",
      title: "Driver assigned",
      body: "On the way",
      data: { ride_id: "r1" },
    });
    const [fcm] = await pushesTo(android);
    expect(fcm).toMatchObject({
      kind: "fcm",
      answered: 200,
      body: {
        message: {
          token: android,
          notification: { title: "Driver assigned", body: "On the way" },
          data: { ride_id: "r1", category: "ride", type: "ride.assigned" },
        },
      },
    });
    expect(fcm?.headers.authorization).toMatch(/^Bearer ya29\.standin-/);
    const [apns] = await pushesTo(iphone);
    expect(apns).toMatchObject({
      kind: "apns",
      answered: 200,
      headers: { "apns-push-type": "alert", "apns-topic": "test.curbside.rider" },
      body: { aps: { alert: { title: "Driver assigned", body: "On the way" } }, ride_id: "r1" },
    });
    const jwt = (apns?.headers.authorization ?? "").replace(/^bearer /, "");
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: "ES256", kid: "TESTKEY123" });
    expect(decodeJwt(jwt)).toMatchObject({ iss: "TESTTEAM12" });
    // The unregistered web token is forgotten: registering it again makes a new device.
    await eventually(async () => (await recorded({ token: dead })).length > 0);
    await eventually(async () => {
      const again = await api("POST", "/v1/me/devices", {
        token: user.access_token,
        body: { platform: "web", token: dead },
      });
      const row = (await again.json()) as { created_at: string; updated_at: string };
      return row.created_at === row.updated_at;
    });

    // The iPhone is forgotten; the next notification reaches the Android phone only.
    expect((await api("DELETE", `/v1/me/devices/${iphoneId}`, { token: user.access_token })).status).toBe(204);
    expect((await api("DELETE", `/v1/me/devices/${iphoneId}`, { token: user.access_token })).status).toBe(404);
    await notifyUser(env, {
      user_id: user.id,
      category: "ride",
      type: "ride.started",
      title: "Started",
      body: "Go",
      data: {},
    });
    await eventually(async () => (await recorded({ token: android })).length === 2);
    expect(await recorded({ token: iphone })).toHaveLength(1);
  });

  it("follows the user's preferences per channel and category", async () => {
    const user = await register("rider");
    const defaults = (await (
      await api("GET", "/v1/me/notification-preferences", { token: user.access_token })
    ).json()) as Record<string, Record<string, boolean>>;
    expect(defaults.push).toMatchObject({ ride: true, booking: true, promotion: false });
    expect(defaults.sms).toMatchObject({ ride: false });
    expect(defaults.email).toMatchObject({ payment: true, ride: false });
    const changed = await api("PUT", "/v1/me/notification-preferences", {
      token: user.access_token,
      body: { push: { ride: false, promotion: true } },
    });
    expect(await changed.json()).toMatchObject({ push: { ride: false, promotion: true, booking: true } });
    const phone = `tok-${crypto.randomUUID()}`;
    await device(user, "android", phone);
    const base = { user_id: user.id, body: "b", data: {} };
    await notifyUser(env, { ...base, category: "ride", type: "ride.started", title: "muted" });
    await notifyUser(env, { ...base, category: "promotion", type: "promotion.offer", title: "wanted" });
    const [sent] = await pushesTo(phone);
    expect(sent?.body).toMatchObject({ message: { notification: { title: "wanted" } } });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await recorded({ token: phone })).toHaveLength(1);
  });

  it("retries a failing provider with growing delays, and keeps what exhausted its retries", async () => {
    const user = await register("rider");
    await device(user, "android", `fail-${crypto.randomUUID()}`);
    const made = await notifyUser(env, {
      user_id: user.id,
      category: "ride",
      type: "ride.started",
      title: "t",
      body: "b",
      data: {},
    });
    const [row] = await withDb(({ db }) => db.select().from(devices).where(eq(devices.userId, user.id)));
    const body = { kind: "push", notification_id: made?.id, device_id: row?.id };
    // The platform's test batches do not keep a retry's delay: a message that records what it was told.
    const delays: (number | undefined)[] = [];
    for (const attempts of [1, 2, 3, 4]) {
      const told: string[] = [];
      const message = {
        id: `m-${attempts}`,
        timestamp: new Date(),
        attempts,
        body,
        ack: () => told.push("ack"),
        retry: (options?: { delaySeconds?: number }) => {
          told.push("retry");
          delays.push(options?.delaySeconds);
        },
      };
      await consumeDeliveries(
        {
          queue: "curbside-notify",
          messages: [message],
          ackAll: () => {},
          retryAll: () => {},
        } as unknown as MessageBatch,
        env,
      );
      expect(told).toEqual(["retry"]);
    }
    expect(delays).toEqual([5, 10, 20, 40]);

    // After max_retries the platform moves it to the dead-letter queue, whose consumer keeps it.
    const id = `dlq-${crypto.randomUUID()}`;
    const dlq = createMessageBatch("curbside-notify-dlq", [{ id, timestamp: new Date(), attempts: 6, body }]);
    await worker.queue(dlq, env);
    const [kept] = await withDb(({ db }) => db.select().from(deadLetters).where(eq(deadLetters.id, id)));
    expect(kept).toMatchObject({ queue: "curbside-notify-dlq", body, attempts: 6 });
  });

  it("texts through the SMS provider when the user has a phone", async () => {
    const user = await register("rider");
    const phone = `+9198${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
    await withDb(({ db }) => db.update(users).set({ phone }).where(eq(users.id, user.id)));
    const made = await notifyUser(env, {
      user_id: user.id,
      category: "ride",
      type: "ride.driver_arrived",
      title: "Your driver has arrived",
      body: "Your driver is waiting at the pickup.",
      data: {},
    });
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(" "));
    });
    const told: string[] = [];
    const message = {
      id: "sms-1",
      timestamp: new Date(),
      attempts: 1,
      body: { kind: "sms", notification_id: made?.id },
      ack: () => told.push("ack"),
      retry: () => told.push("retry"),
    };
    try {
      await consumeDeliveries({ queue: "curbside-notify", messages: [message] } as unknown as MessageBatch, env);
    } finally {
      spy.mockRestore();
    }
    expect(told).toEqual(["ack"]);
    const sent = lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === "sms.sent");
    expect(sent).toMatchObject({ to: phone, text: "Your driver has arrived: Your driver is waiting at the pickup." });
  });
});
