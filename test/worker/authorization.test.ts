/**
 * Nobody reads or changes what is not theirs. For every resource route, user
 * B gets 404 — not 403 — for user A's resource, so existence does not leak.
 * Later routes join this table with a way to create A's resource.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { notifyUser } from "../../src/notify/notify-user.ts";
import { offset, onlineDriver, randomSpot, requestRide, verifiedDriver } from "./dispatch-helpers.ts";
import { type Account, adminToken, api, call, expectProblem, randomIp, register } from "./helpers.ts";
import { saveCard, topUp } from "./money-helpers.ts";
import { book, spotOf, window } from "./parking-helpers.ts";
import { openSocket } from "./sockets.ts";

type Role = "rider" | "driver" | "owner";

interface OwnedRoute {
  name: string;
  role: Role;
  /** Creates the owner's resource and returns its id. */
  create(owner: Account): Promise<string>;
  requests: { method: string; path: (id: string) => string; body?: unknown }[];
}

async function created(res: Response): Promise<string> {
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const OWNED: OwnedRoute[] = [
  {
    name: "address",
    role: "rider",
    create: async (owner) =>
      created(
        await api("POST", "/v1/me/addresses", {
          token: owner.access_token,
          body: { line: "Somewhere 1", location: { lat: 23.02, lng: 72.57 } },
        }),
      ),
    requests: [
      { method: "GET", path: (id) => `/v1/me/addresses/${id}` },
      { method: "PATCH", path: (id) => `/v1/me/addresses/${id}`, body: { label: "mine now" } },
      { method: "DELETE", path: (id) => `/v1/me/addresses/${id}` },
    ],
  },
  {
    name: "vehicle",
    role: "driver",
    create: async (owner) =>
      created(
        await api("POST", "/v1/drivers/me/vehicles", {
          token: owner.access_token,
          body: { vehicle_class: "car", plate: `A${Math.floor(Math.random() * 1e9)}`, model: "Dzire" },
        }),
      ),
    requests: [
      { method: "GET", path: (id) => `/v1/drivers/me/vehicles/${id}` },
      { method: "PATCH", path: (id) => `/v1/drivers/me/vehicles/${id}`, body: { is_active: true } },
    ],
  },
  {
    name: "document",
    role: "driver",
    create: async (owner) => {
      const form = new FormData();
      form.set("kind", "insurance");
      form.set("file", new File([new Uint8Array(100)], "policy.png", { type: "image/png" }));
      return created(
        await call("/v1/drivers/me/documents", {
          method: "POST",
          headers: { authorization: `Bearer ${owner.access_token}`, "cf-connecting-ip": randomIp() },
          body: form,
        }),
      );
    },
    requests: [
      { method: "GET", path: (id) => `/v1/drivers/me/documents/${id}` },
      { method: "GET", path: (id) => `/v1/drivers/me/documents/${id}/file` },
    ],
  },
  {
    name: "ride",
    role: "rider",
    create: async (owner) =>
      created(
        await api("POST", "/v1/rides", {
          token: owner.access_token,
          body: {
            service: "passenger",
            pickup: { lat: 23.03, lng: 72.58 },
            dropoff: { lat: 23.04, lng: 72.59 },
            vehicle_class: "car",
          },
        }),
      ),
    requests: [
      { method: "GET", path: (id) => `/v1/rides/${id}` },
      { method: "POST", path: (id) => `/v1/rides/${id}/cancel`, body: {} },
      { method: "GET", path: (id) => `/v1/rides/${id}/proofs` },
      { method: "GET", path: (id) => `/v1/rides/${id}/photos/${crypto.randomUUID()}` },
    ],
  },
  {
    name: "rating summary",
    role: "rider",
    // The owner's own summary; a stranger who shared no ride with them does not find it.
    create: async (owner) => owner.id,
    requests: [{ method: "GET", path: (id) => `/v1/users/${id}/ratings` }],
  },
];

describe.each(OWNED)("another user's $name", ({ role, create, requests }) => {
  it.each(requests)("is not found by $method", async ({ method, path, body }) => {
    const owner = await register(role);
    const stranger = await register(role);
    const id = await create(owner);
    const res = await api(method, path(id), { token: stranger.access_token, ...(body ? { body } : {}) });
    expect(res.status).toBe(404);
    // And it is untouched: the owner still sees it.
    const mine = await api("GET", requests[0]?.path(id) ?? "", { token: owner.access_token });
    expect(mine.status).toBe(200);
  });
});

describe("another user's money", () => {
  it("their saved card is not found: not removed, not made default, and still theirs", async () => {
    const owner = await register("rider");
    const stranger = await register("rider");
    await saveCard(owner);
    await saveCard(stranger);
    const [card] = (
      (await (await api("GET", "/v1/payments/methods", { token: owner.access_token })).json()) as {
        data: { id: string }[];
      }
    ).data;
    const id = card?.id as string;
    expect((await api("DELETE", `/v1/payments/methods/${id}`, { token: stranger.access_token })).status).toBe(404);
    expect((await api("POST", `/v1/payments/methods/${id}/default`, { token: stranger.access_token })).status).toBe(
      404,
    );
    const mine = (await (await api("GET", "/v1/payments/methods", { token: owner.access_token })).json()) as {
      data: { id: string }[];
    };
    expect(mine.data.map((m) => m.id)).toEqual([id]);
    const theirs = (await (await api("GET", "/v1/payments/methods", { token: stranger.access_token })).json()) as {
      data: { id: string }[];
    };
    expect(theirs.data.map((m) => m.id)).not.toContain(id);
  });

  it("their wallet is never shown, and their ride cannot be tipped or marked paid in cash by another", async () => {
    const owner = await register("rider");
    await topUp(owner, 10_000);
    const stranger = await register("rider");
    const wallet = (await (await api("GET", "/v1/wallet", { token: stranger.access_token })).json()) as {
      balances: unknown[];
    };
    expect(wallet.balances).toEqual([]);
    const txs = (await (await api("GET", "/v1/wallet/transactions", { token: stranger.access_token })).json()) as {
      data: unknown[];
    };
    expect(txs.data).toEqual([]);

    const ride = await created(
      await api("POST", "/v1/rides", {
        token: owner.access_token,
        body: {
          service: "passenger",
          pickup: { lat: 23.03, lng: 72.58 },
          dropoff: { lat: 23.04, lng: 72.59 },
          vehicle_class: "car",
        },
      }),
    );
    const tip = { amount: { amount: 1000, currency: "INR" } };
    expect((await api("POST", `/v1/rides/${ride}/tip`, { token: stranger.access_token, body: tip })).status).toBe(404);
    const driver = await register("driver");
    expect((await api("POST", `/v1/rides/${ride}/cash-collected`, { token: driver.access_token })).status).toBe(404);
  });

  it("payments are refunded by admins only: to anyone else the route is not there", async () => {
    const rider = await register("rider");
    const res = await api("POST", "/v1/admin/payments/00000000-0000-4000-8000-000000000000/refund", {
      token: rider.access_token,
      body: { reason: "mine" },
    });
    expect(res.status).toBe(404);
  });
});

describe("another driver's offer", () => {
  it("is not found by another driver, online or not, and stays the offered driver's to take", async () => {
    const pickup = randomSpot();
    // The offered driver holds a socket: the offer is pushed, so the test does not race its timeout polling.
    const owner = await onlineDriver("car", offset(pickup, 100, 0));
    const onlineStranger = await verifiedDriver("bike");
    const at = offset(pickup, 50, 0);
    const body = { status: "online", ...at };
    expect(
      (await api("PUT", "/v1/drivers/me/online-status", { token: onlineStranger.access_token, body })).status,
    ).toBe(200);
    const offlineStranger = await register("driver");
    const ride = await requestRide(await register("rider"), {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 2000, 0),
      vehicle_class: "car",
    });
    await owner.socket.offerOf(ride.id);
    const answers = await Promise.all(
      [onlineStranger, offlineStranger].flatMap((stranger) =>
        ["accept", "decline"].map((answer) =>
          api("POST", `/v1/drivers/me/jobs/${ride.id}/${answer}`, { token: stranger.access_token }),
        ),
      ),
    );
    expect(answers.map((res) => res.status)).toEqual([404, 404, 404, 404]);
    owner.socket.send({ type: "offer.accept", ride_id: ride.id });
    expect(await owner.socket.nextOf("ride.status")).toMatchObject({ ride_id: ride.id });
    const jobs = (await (await api("GET", "/v1/drivers/me/jobs", { token: onlineStranger.access_token })).json()) as {
      offer: unknown;
      ride: unknown;
    };
    expect(jobs).toMatchObject({ offer: null, ride: null });
  });

  it("the driver's day over HTTP is for drivers only", async () => {
    const rider = await register("rider");
    const ID = "00000000-0000-4000-8000-000000000000";
    const calls: [string, string, unknown?][] = [
      ["PUT", "/v1/drivers/me/online-status", { status: "online", lat: 23.02, lng: 72.57 }],
      ["PUT", "/v1/drivers/me/location", { lat: 23.02, lng: 72.57, ts: Date.now() }],
      ["GET", "/v1/drivers/me/jobs"],
      ["POST", `/v1/drivers/me/jobs/${ID}/accept`],
      ["POST", `/v1/drivers/me/jobs/${ID}/decline`],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(method, path, { token: rider.access_token, ...(body ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(403);
    }
  });
});

describe("another driver's stops", () => {
  it("cannot be moved by another driver, over HTTP or their socket, nor by a rider; the stop stays pending", async () => {
    const pickup = randomSpot();
    const owner = await onlineDriver("bike", offset(pickup, 100, 0));
    const sender = await register("rider");
    const ride = await requestRide(sender, {
      service: "goods",
      vehicle_class: "bike",
      pickup,
      dropoff: offset(pickup, 2000, 0),
      stops: [{ ...offset(pickup, 1000, 0), contact_name: "Asha", contact_phone: "+919812345678" }],
      package: { description: "Parcel", weight_kg: 2 },
    });
    await owner.socket.nextOf("offer");
    owner.socket.send({ type: "offer.accept", ride_id: ride.id });
    await owner.socket.nextOf("ride.status");
    for (const step of ["arrived", "started"]) {
      expect((await api("POST", `/v1/rides/${ride.id}/${step}`, { token: owner.account.access_token })).status).toBe(
        200,
      );
    }
    const stranger = await onlineDriver("bike", offset(pickup, 200, 0));
    const offline = await register("driver");
    const body = { reason: "not mine" };
    for (const who of [stranger.account, offline]) {
      for (const step of ["arrived", "completed", "failed"]) {
        const res = await api("POST", `/v1/rides/${ride.id}/stops/0/${step}`, { token: who.access_token, body });
        expect(res.status, step).toBe(404);
      }
    }
    for (const step of ["arrived", "completed", "failed"]) {
      const res = await api("POST", `/v1/rides/${ride.id}/stops/0/${step}`, { token: sender.access_token, body });
      expect(res.status, step).toBe(403);
    }
    // Proof of delivery: another driver's photo and code are 404, a rider's photo 403, the ride's own driver
    // reads no proofs (the codes are in them).
    const photo = (who: { access_token: string }) => {
      const form = new FormData();
      form.set("stage", "pickup");
      form.set("file", new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2])], "p.jpg", { type: "image/jpeg" }));
      return call(`/v1/rides/${ride.id}/photos`, {
        method: "POST",
        headers: { authorization: `Bearer ${who.access_token}`, "cf-connecting-ip": randomIp() },
        body: form,
      });
    };
    for (const who of [stranger.account, offline]) {
      expect((await photo(who)).status).toBe(404);
      const res = await api("POST", `/v1/rides/${ride.id}/stops/0/completed`, {
        token: who.access_token,
        body: { code: "1234" },
      });
      expect(res.status).toBe(404);
    }
    expect((await photo(sender)).status).toBe(403);
    for (const who of [owner.account, stranger.account, offline]) {
      expect((await api("GET", `/v1/rides/${ride.id}/proofs`, { token: who.access_token })).status).toBe(404);
    }
    expect((await api("GET", `/v1/rides/${ride.id}/proofs`, { token: sender.access_token })).status).toBe(200);
    stranger.socket.send({ type: "ride.stop.arrived", ride_id: ride.id, index: 0 });
    expect(await stranger.socket.nextOf("error")).toMatchObject({ code: "not_your_ride" });
    stranger.socket.send({ type: "ride.stop.failed", ride_id: ride.id, index: 0, reason: "not mine" });
    expect(await stranger.socket.nextOf("error")).toMatchObject({ code: "not_your_ride" });
    const seen = (await (await api("GET", `/v1/rides/${ride.id}`, { token: sender.access_token })).json()) as {
      stops: { status: string }[];
    };
    expect(seen.stops.map((s) => s.status)).toEqual(["pending"]);
    // Still the owner's to take.
    owner.socket.send({ type: "ride.stop.arrived", ride_id: ride.id, index: 0 });
    let update = await owner.socket.nextOf("ride.status");
    while (update.status !== "in_progress" || (update.stops as { status: string }[])[0]?.status === "pending") {
      update = await owner.socket.nextOf("ride.status");
    }
    expect(update).toMatchObject({ stops: [{ index: 0, status: "arrived" }] });
    owner.socket.close();
    stranger.socket.close();
  });
});

describe("coupons, the ratings queue, referrals and points", () => {
  it("another user's referrals and points are never shown, and a rider's ride is rated by its own people only", async () => {
    const owner = await register("rider");
    const stranger = await register("rider");
    const code = (
      (await (await api("GET", "/v1/referrals/code", { token: owner.access_token })).json()) as {
        code: string;
      }
    ).code;
    const theirs = (
      (await (await api("GET", "/v1/referrals/code", { token: stranger.access_token })).json()) as {
        code: string;
      }
    ).code;
    expect(theirs).not.toBe(code);
    expect((await api("POST", "/v1/referrals/apply", { token: stranger.access_token, body: { code } })).status).toBe(
      201,
    );
    const stats = (await (await api("GET", "/v1/referrals/stats", { token: stranger.access_token })).json()) as {
      referred: number;
    };
    expect(stats.referred).toBe(0);
    const points = (await (await api("GET", "/v1/rewards/points", { token: stranger.access_token })).json()) as {
      balance: number;
      data: unknown[];
    };
    expect(points).toMatchObject({ balance: 0, data: [] });
    for (const path of ["/v1/referrals/code", "/v1/referrals/stats", "/v1/rewards/points", "/v1/coupons"]) {
      expect((await api("GET", path)).status, path).toBe(401);
    }
    // A ride is rated by its rider and its driver only: to anyone else it is not found.
    const pickup = randomSpot();
    const ride = await requestRide(owner, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 1000, 0),
      vehicle_class: "car",
    });
    for (const who of [stranger, await register("driver")]) {
      const res = await api("POST", `/v1/rides/${ride.id}/rating`, { token: who.access_token, body: { rating: 1 } });
      expect(res.status).toBe(404);
    }
    await api("POST", `/v1/rides/${ride.id}/cancel`, { token: owner.access_token, body: {} });
  });
});

describe("rides by order number", () => {
  it("are searched by admins only: riders, drivers and owners get 404, and a rider's ride is not theirs to find", async () => {
    const owner = await register("rider");
    const ride = (await (
      await api("POST", "/v1/rides", {
        token: owner.access_token,
        body: {
          service: "passenger",
          pickup: { lat: 23.03, lng: 72.58 },
          dropoff: { lat: 23.04, lng: 72.59 },
          vehicle_class: "car",
        },
      })
    ).json()) as { id: string; order_number: string };
    for (const role of ["rider", "driver", "owner"] as const) {
      const who = role === "rider" ? owner : await register(role);
      const res = await api("GET", `/v1/admin/rides?order_number=${ride.order_number}`, { token: who.access_token });
      expect(res.status, role).toBe(404);
    }
    expect((await api("GET", "/v1/admin/rides")).status).toBe(401);
    // Another rider's list never holds it, by number or otherwise.
    const stranger = await register("rider");
    const theirs = (await (await api("GET", "/v1/rides", { token: stranger.access_token })).json()) as {
      data: { order_number: string }[];
    };
    expect(theirs.data.map((r) => r.order_number)).not.toContain(ride.order_number);
    await api("POST", `/v1/rides/${ride.id}/cancel`, { token: owner.access_token, body: {} });
  });
});

describe("another owner's spot and another renter's booking", () => {
  it("cannot be changed or removed by another owner, and the spot stays theirs", async () => {
    const spot = await spotOf();
    const stranger = await register("owner");
    expect(
      (await api("PATCH", `/v1/spots/${spot.id}`, { token: stranger.access_token, body: { title: "mine" } })).status,
    ).toBe(404);
    expect((await api("DELETE", `/v1/spots/${spot.id}`, { token: stranger.access_token })).status).toBe(404);
    const theirs = (await (await api("GET", "/v1/owners/me/spots", { token: stranger.access_token })).json()) as {
      data: unknown[];
    };
    expect(theirs.data).toEqual([]);
    const still = (await (await api("GET", `/v1/spots/${spot.id}`, { token: spot.owner.access_token })).json()) as {
      title: string;
    };
    expect(still.title).not.toBe("mine");
  });

  it("is not found by another renter or another owner, and is listed only for its renter and its spot's owner", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    const booking = (await (await book(renter, spot.id, window(24, 2))).json()) as { id: string };
    const otherRenter = await register("rider");
    const otherOwner = await register("owner");
    for (const who of [otherRenter, otherOwner]) {
      expect((await api("GET", `/v1/bookings/${booking.id}`, { token: who.access_token })).status).toBe(404);
      const code = { code: "ABCDEF" };
      expect(
        (await api("POST", `/v1/bookings/${booking.id}/check-in`, { token: who.access_token, body: code })).status,
      ).toBe(404);
      expect((await api("POST", `/v1/bookings/${booking.id}/check-out`, { token: who.access_token })).status).toBe(404);
      const later = { ends_at: new Date(Date.now() + 40 * 3_600_000).toISOString() };
      expect(
        (await api("POST", `/v1/bookings/${booking.id}/extend`, { token: who.access_token, body: later })).status,
      ).toBe(404);
      const review = { rating: 1 };
      expect(
        (await api("POST", `/v1/bookings/${booking.id}/review`, { token: who.access_token, body: review })).status,
      ).toBe(404);
      expect(
        (await api("POST", `/v1/bookings/${booking.id}/cancel`, { token: who.access_token, body: {} })).status,
      ).toBe(404);
      expect((await api("GET", `/v1/bookings/${booking.id}/receipt`, { token: who.access_token })).status).toBe(404);
    }
    const listed = (await (await api("GET", "/v1/bookings", { token: otherRenter.access_token })).json()) as {
      data: unknown[];
    };
    expect(listed.data).toEqual([]);
    const owned = (await (await api("GET", "/v1/owners/me/bookings", { token: otherOwner.access_token })).json()) as {
      data: unknown[];
    };
    expect(owned.data).toEqual([]);
    const mine = (await (await api("GET", "/v1/owners/me/bookings", { token: spot.owner.access_token })).json()) as {
      data: { id: string; check_in_code: string | null }[];
    };
    expect(mine.data).toEqual([expect.objectContaining({ id: booking.id, check_in_code: null })]);
  });
});

describe("the admins' live map socket", () => {
  it("is not found for riders, drivers and owners (4404, as if it did not exist), and asks others to sign in", async () => {
    for (const role of ["rider", "driver", "owner"] as const) {
      const who = await register(role);
      const socket = await openSocket(`/v1/ws/admin/map?city=ahmedabad&token=${who.access_token}`);
      expect(await socket.next(), role).toMatchObject({ type: "error", code: "not_found" });
      expect(await socket.closed, role).toEqual({ code: 4404, reason: "not_found" });
    }
    const anonymous = await openSocket("/v1/ws/admin/map?city=ahmedabad");
    expect(await anonymous.closed).toEqual({ code: 4401, reason: "unauthenticated" });
  });
});

describe("another user's notifications, devices and live channel", () => {
  it("are never listed, marked read, forgotten or delivered to another user; and every route wants a token", async () => {
    const owner = await register("rider");
    const stranger = await register("rider");
    const mine = await openSocket(`/v1/ws/me?token=${owner.access_token}`);
    const theirs = await openSocket(`/v1/ws/me?token=${stranger.access_token}`);
    await mine.nextOf("ready");
    await theirs.nextOf("ready");
    const made = await notifyUser(env, {
      user_id: owner.id,
      category: "payment",
      type: "payment.refunded",
      title: "Refunded",
      body: "Your refund is on its way.",
      data: {},
    });
    expect(await mine.nextOf("notification")).toMatchObject({ notification: { id: made?.id } });
    const listed = (await (await api("GET", "/v1/notifications", { token: stranger.access_token })).json()) as {
      data: { id: string }[];
      unread_count: number;
    };
    expect(listed).toMatchObject({ data: [], unread_count: 0 });
    const read = await api("POST", "/v1/notifications/read", {
      token: stranger.access_token,
      body: { ids: [made?.id] },
    });
    expect(await read.json()).toEqual({ marked: 0, unread_count: 0 });
    const still = (await (await api("GET", "/v1/notifications", { token: owner.access_token })).json()) as {
      unread_count: number;
    };
    expect(still.unread_count).toBe(1);
    // The stranger's socket heard nothing; a resume with the owner's cursor replays only the stranger's own.
    await new Promise((r) => setTimeout(r, 500));
    expect(theirs.frames.filter((f) => f.type === "notification")).toEqual([]);
    theirs.close();
    const replay = await openSocket(`/v1/ws/me?token=${stranger.access_token}&cursor=${made?.cursor}`);
    expect(await replay.next()).toMatchObject({ type: "ready", replayed: 0 });
    replay.close();
    mine.close();

    const device = await api("POST", "/v1/me/devices", {
      token: owner.access_token,
      body: { platform: "ios", token: `apns-${crypto.randomUUID()}` },
    });
    const { id } = (await device.json()) as { id: string };
    expect((await api("DELETE", `/v1/me/devices/${id}`, { token: stranger.access_token })).status).toBe(404);
    expect((await api("DELETE", `/v1/me/devices/${id}`, { token: owner.access_token })).status).toBe(204);

    // Preferences are the caller's own: the stranger's change leaves the owner's defaults.
    await api("PUT", "/v1/me/notification-preferences", {
      token: stranger.access_token,
      body: { push: { ride: false } },
    });
    const prefs = (await (
      await api("GET", "/v1/me/notification-preferences", { token: owner.access_token })
    ).json()) as {
      push: { ride: boolean };
    };
    expect(prefs.push.ride).toBe(true);

    // Another rider's ride has no receipt for the stranger: 404, as the ride itself (cancelled after,
    // so it does not stay searching near other tests' drivers).
    const ride = (await (
      await api("POST", "/v1/rides", {
        token: owner.access_token,
        body: { service: "passenger", pickup: randomSpot(), dropoff: randomSpot(), vehicle_class: "car" },
      })
    ).json()) as { id: string };
    expect((await api("GET", `/v1/rides/${ride.id}/receipt`, { token: stranger.access_token })).status).toBe(404);
    expect((await api("GET", `/v1/rides/${ride.id}/receipt`, { token: owner.access_token })).status).toBe(409);
    await api("POST", `/v1/rides/${ride.id}/cancel`, { token: owner.access_token, body: {} });

    const ID = "00000000-0000-4000-8000-000000000000";
    for (const [method, path] of [
      ["GET", "/v1/notifications"],
      ["POST", "/v1/notifications/read"],
      ["POST", "/v1/me/devices"],
      ["DELETE", `/v1/me/devices/${ID}`],
      ["GET", "/v1/me/notification-preferences"],
      ["PUT", "/v1/me/notification-preferences"],
      ["GET", `/v1/rides/${ID}/receipt`],
      ["GET", `/v1/bookings/${ID}/receipt`],
    ] as const) {
      expect((await api(method, path)).status, `${method} ${path}`).toBe(401);
    }
  });
});

/**
 * Every admin route, as (method, path): riders, drivers and owners get 404
 * `route_not_found` — the answer for a path that does not exist — so the
 * admin surface is invisible to them; without a token, 401. The last test
 * checks that this table lists every /v1/admin operation in the OpenAPI
 * document, so a new admin route cannot be left out.
 */
const ID = "00000000-0000-4000-8000-000000000000";
const ADMIN_ROUTES: { method: string; path: string; body?: unknown }[] = [
  { method: "GET", path: "/v1/admin/drivers" },
  { method: "GET", path: `/v1/admin/drivers/${ID}` },
  { method: "POST", path: `/v1/admin/drivers/${ID}/verify` },
  { method: "POST", path: `/v1/admin/drivers/${ID}/reject`, body: { reason: "blurred" } },
  { method: "GET", path: `/v1/admin/documents/${ID}/file` },
  { method: "GET", path: "/v1/admin/rides" },
  { method: "GET", path: "/v1/admin/payments" },
  { method: "POST", path: `/v1/admin/payments/${ID}/refund`, body: { reason: "mine" } },
  { method: "GET", path: "/v1/admin/payments/drifts" },
  { method: "GET", path: "/v1/admin/bookings" },
  { method: "GET", path: "/v1/admin/users" },
  { method: "POST", path: `/v1/admin/users/${ID}/suspend`, body: { reason: "because" } },
  { method: "POST", path: `/v1/admin/users/${ID}/reinstate`, body: { reason: "because" } },
  { method: "GET", path: "/v1/admin/pricing" },
  { method: "PUT", path: "/v1/admin/pricing/ahmedabad/car/passenger", body: { base_fare: 1 } },
  { method: "GET", path: "/v1/admin/analytics?city=ahmedabad&from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z" },
  { method: "GET", path: "/v1/admin/audit" },
  {
    method: "POST",
    path: "/v1/admin/coupons",
    body: { code: "MINE100", discount_type: "percent", discount_value: 10_000 },
  },
  { method: "GET", path: "/v1/admin/coupons" },
  { method: "PATCH", path: `/v1/admin/coupons/${ID}`, body: { is_active: true } },
  { method: "GET", path: "/v1/admin/ratings" },
  { method: "POST", path: `/v1/admin/ratings/${ID}/resolve` },
];

describe("admin routes", () => {
  // One account per role for the whole table (a driver each would crowd the admins' review queue).
  let others: Promise<Account[]> | undefined;

  it.each(ADMIN_ROUTES)("$method $path is not found by riders, drivers and owners", async ({ method, path, body }) => {
    others ??= Promise.all([register("rider"), register("driver"), register("owner")]);
    for (const who of await others) {
      const res = await api(method, path, { token: who.access_token, ...(body ? { body } : {}) });
      const problem = await expectProblem(res, 404, "route_not_found");
      expect(problem.detail).toBe(`No route for ${method} ${path.split("?")[0]}.`);
    }
    expect((await api(method, path, body ? { body } : {})).status).toBe(401);
  });

  it("the table lists every admin operation in the OpenAPI document", async () => {
    const doc = (await (await call("/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith("/v1/admin/"))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // A documented path matches a row's path segment by segment, `{param}` matching any segment.
    const matches = (documentedPath: string, path: string) => {
      const [a, b] = [documentedPath.split("/"), path.split("?")[0]?.split("/") ?? []];
      return a.length === b.length && a.every((segment, i) => segment.startsWith("{") || segment === b[i]);
    };
    const missing = documented.filter((op) => {
      const [method, path] = op.split(" ") as [string, string];
      return !ADMIN_ROUTES.some((r) => r.method === method && matches(path, r.path));
    });
    expect(missing).toEqual([]);
    // And an admin does reach them (here, the first list).
    expect((await api("GET", "/v1/admin/users?limit=1", { token: await adminToken() })).status).toBe(200);
  });
});
