/**
 * Multi-stop deliveries end to end inside workerd: a three-stop delivery over
 * real sockets (the driver's and the sender's), stops in order, the ride
 * completing only after its last stop, the per-stop charge, and the same
 * steps over HTTP for a driver without a socket. With proof of delivery:
 * photos at the pickup and the drops, each drop's code (never in what the
 * driver reads), the proofs for the sender, and a drop locked by five wrong
 * codes completing with a photo, flagged for an admin.
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
import { type Account, adminToken, api, call, expectProblem, randomIp, register, withDb } from "./helpers.ts";
import { openSocket } from "./sockets.ts";

interface Fare {
  lines: { code: string; amount: number }[];
  total: { amount: number };
}
interface StopView {
  index: number;
  code?: string | null;
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

/** A tiny PNG (the signature is what the server checks) or any bytes. */
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3, 4]);

/** POST /v1/rides/{id}/photos as multipart. */
function uploadPhoto(
  rideId: string,
  who: Account,
  fields: { stage: string; index?: string },
  bytes: Uint8Array<ArrayBuffer> = PNG,
  type = "image/png",
) {
  const form = new FormData();
  form.set("stage", fields.stage);
  if (fields.index !== undefined) form.set("index", fields.index);
  form.set("file", new File([bytes], "proof.png", { type }));
  return call(`/v1/rides/${rideId}/photos`, {
    method: "POST",
    headers: { authorization: `Bearer ${who.access_token}`, "cf-connecting-ip": randomIp() },
    body: form,
  });
}

interface Proofs {
  photos: { id: string; stage: string; index: number | null; taken_at: string; position: unknown; url: string }[];
  stops: {
    index: number;
    code: string;
    code_status: string;
    wrong_codes: number;
    flagged: boolean;
    proof: string | null;
  }[];
}

const proofsOf = async (rideId: string, who: Pick<Account, "access_token">) => {
  const res = await api("GET", `/v1/rides/${rideId}/proofs`, { token: who.access_token });
  expect(res.status).toBe(200);
  return (await res.json()) as Proofs;
};

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
          code: expect.stringMatching(/^\d{4}$/),
        }),
      ),
    );
    const codes = (await stopsOf(ride.id, sender)).map((s) => s.code as string);

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
    // The pickup photo, with the driver's position and the time.
    const pickupPhoto = await uploadPhoto(ride.id, driver.account, { stage: "pickup" });
    expect(pickupPhoto.status).toBe(201);
    expect(await pickupPhoto.json()).toMatchObject({ stage: "pickup", index: null, taken_at: expect.any(String) });
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
    expect((await uploadPhoto(ride.id, driver.account, { stage: "drop", index: "0" })).status).toBe(201);
    await refused({ type: "ride.stop.completed", index: 0 }, "code_required");
    await stepAndSee(
      { type: "ride.stop.completed", index: 0, code: codes[0] },
      { index: 0, status: "completed", reason: null },
    );
    await stepAndSee(
      { type: "ride.stop.failed", index: 1, reason: "Nobody home" },
      { index: 1, status: "failed", reason: "Nobody home" },
    );
    await refused({ type: "ride.completed" }, "stops_pending");
    await stepAndSee({ type: "ride.stop.arrived", index: 2 }, { index: 2, status: "arrived", reason: null });
    await refused({ type: "ride.completed" }, "stops_pending");
    expect((await uploadPhoto(ride.id, driver.account, { stage: "drop", index: "2" })).status).toBe(201);
    const wrong = codes[2] === "0000" ? "0001" : "0000";
    await refused({ type: "ride.stop.completed", index: 2, code: wrong }, "wrong_code");
    await stepAndSee(
      { type: "ride.stop.completed", index: 2, code: codes[2] },
      { index: 2, status: "completed", reason: null },
    );

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
    // The driver sees every stop but no code.
    expect(await stopsOf(ride.id, driver.account)).toEqual(stops.map(({ code: _code, ...rest }) => rest));

    // The proofs: three photos, each downloadable by the sender, 404 for another user and for the driver.
    const proofs = await proofsOf(ride.id, sender);
    expect(proofs.photos.map((p) => [p.stage, p.index])).toEqual([
      ["pickup", null],
      ["drop", 0],
      ["drop", 2],
    ]);
    expect(proofs.photos[0]?.position).toMatchObject({ lat: expect.any(Number), lng: expect.any(Number) });
    expect(proofs.stops.map((s) => [s.code, s.code_status, s.proof])).toEqual([
      [codes[0], "confirmed", "code"],
      [codes[1], "pending", null],
      [codes[2], "confirmed", "code"],
    ]);
    expect(proofs.stops[2]).toMatchObject({ wrong_codes: 1, flagged: false });
    const stranger = await register("rider");
    for (const photo of proofs.photos) {
      const res = await api("GET", photo.url, { token: sender.access_token });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
      await expectProblem(await api("GET", photo.url, { token: stranger.access_token }), 404, "ride_not_found");
      await expectProblem(await api("GET", photo.url, { token: driver.account.access_token }), 404, "ride_not_found");
    }
    await expectProblem(
      await api("GET", `/v1/rides/${ride.id}/proofs`, { token: stranger.access_token }),
      404,
      "ride_not_found",
    );
    await expectProblem(
      await api("GET", `/v1/rides/${ride.id}/proofs`, { token: driver.account.access_token }),
      404,
      "ride_not_found",
    );
    expect(await proofsOf(ride.id, { access_token: await adminToken() })).toEqual(proofs);

    // No code in anything the driver read: their socket's frames, their ride view.
    const driverRead = JSON.stringify([driver.socket.frames, await stopsOf(ride.id, driver.account)]);
    expect(driverRead).not.toMatch(/"code":"\d{4}"/);

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
    const codes = (await stopsOf(ride.id, sender)).map((s) => s.code);
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
    const seen = ((await arrived.json()) as { stops: StopView[] }).stops;
    expect(seen.map((s) => s.status)).toEqual(["arrived", "pending"]);
    expect(seen.every((s) => !("code" in s))).toBe(true);
    await expectProblem(await post("stops/0/completed"), 409, "code_required");
    const completed = await post("stops/0/completed", { code: codes[0] });
    expect(completed.status).toBe(200);
    expect(JSON.stringify(await completed.json())).not.toMatch(/"code":"\d{4}"/);
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

describe("five wrong codes", () => {
  it("lock the drop: only a drop photo completes it then, and it is flagged for an admin", async () => {
    const pickup = randomSpot();
    const driver = await verifiedDriver("bike");
    const online = await api("PUT", "/v1/drivers/me/online-status", {
      token: driver.access_token,
      body: { status: "online", ...offset(pickup, 100, 0) },
    });
    expect(online.status).toBe(200);
    const sender = await register("rider");
    const body = delivery(pickup);
    const ride = await requestRide(sender, { ...body, stops: body.stops.slice(0, 1) });
    const [code] = (await stopsOf(ride.id, sender)).map((s) => s.code as string);
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
    // Another driver's photo is 404; a drop photo before arriving is refused; not an image is 415, over 10 MB 413.
    const other = await verifiedDriver("bike");
    await expectProblem(await uploadPhoto(ride.id, other, { stage: "pickup" }), 404, "ride_not_found");
    await expectProblem(await uploadPhoto(ride.id, sender, { stage: "pickup" }), 403, "forbidden");
    const text = new Uint8Array(new TextEncoder().encode("not a photo at all"));
    await expectProblem(
      await uploadPhoto(ride.id, driver, { stage: "pickup" }, text, "image/png"),
      415,
      "unsupported_image",
    );
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    expect((await uploadPhoto(ride.id, driver, { stage: "pickup" }, big)).status).toBe(413);
    expect((await post("arrived")).status).toBe(200);
    expect((await post("started")).status).toBe(200);
    await expectProblem(await uploadPhoto(ride.id, driver, { stage: "drop", index: "0" }), 409, "stop_not_arrived");
    await expectProblem(await uploadPhoto(ride.id, driver, { stage: "drop", index: "3" }), 404, "stop_not_found");
    expect((await post("stops/0/arrived")).status).toBe(200);

    const wrong = code === "0000" ? "0001" : "0000";
    for (let i = 0; i < 5; i++)
      await expectProblem(await post("stops/0/completed", { code: wrong }), 409, "wrong_code");
    // Locked: even the right code no longer completes it, nor nothing; a drop photo does.
    await expectProblem(await post("stops/0/completed", { code }), 409, "code_locked");
    await expectProblem(await post("stops/0/completed"), 409, "code_locked");
    let proofs = await proofsOf(ride.id, sender);
    expect(proofs.stops[0]).toMatchObject({ code_status: "locked", wrong_codes: 5, flagged: true, proof: null });
    expect((await uploadPhoto(ride.id, driver, { stage: "drop", index: "0" })).status).toBe(201);
    expect((await post("stops/0/completed")).status).toBe(200);
    expect((await post("completed")).status).toBe(200);

    proofs = await proofsOf(ride.id, sender);
    expect(proofs.stops[0]).toMatchObject({
      status: "completed",
      code_status: "locked",
      flagged: true,
      proof: "photo",
    });
    expect(proofs.photos).toEqual([expect.objectContaining({ stage: "drop", index: 0 })]);
    // The flag on the stop, for an admin.
    const admin = await api("GET", `/v1/rides/${ride.id}`, { token: await adminToken() });
    expect(((await admin.json()) as { stops: { flagged: boolean }[] }).stops[0]).toMatchObject({ flagged: true });
    // The driver's view: the flag, never the code.
    const mine = await api("GET", `/v1/rides/${ride.id}`, { token: driver.access_token });
    const text2 = await mine.text();
    expect(text2).not.toContain(`"code":"${code}"`);
    expect(JSON.parse(text2).stops[0]).toMatchObject({ flagged: true });
  });
});
