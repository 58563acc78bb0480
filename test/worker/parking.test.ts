/**
 * The parking marketplace over HTTP: spots, quotes, search at its edges,
 * bookings that cannot collide (the exclusion constraint decides), payment
 * by card (confirmed on its webhook) and wallet, and cancellations refunding
 * what each policy says, with the ledger agreeing.
 */

import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { bookings, eventLog, payments } from "../../src/db/schema/index.ts";
import worker from "../../src/index.ts";
import { eventually } from "./dispatch-helpers.ts";
import { adminToken, api, call, expectProblem, register, withDb } from "./helpers.ts";
import { balanceOf, confirmOnPhone, deliverAll, saveCard, topUp } from "./money-helpers.ts";
import { book, HOUR, somewhere, spotOf, type TestSpot, window } from "./parking-helpers.ts";

interface Booking {
  id: string;
  status: string;
  total: { amount: number; currency: string };
  subtotal: { amount: number };
  service_fee: { amount: number };
  refunded: { amount: number };
  check_in_code: string | null;
  payment: { payment_intent_id: string; client_secret: string } | null;
}

describe("spots", () => {
  it("are listed by owners in their city's currency, changed only by them, and deleted when nothing was booked", async () => {
    const spot = await spotOf({ location: somewhere("new-york") });
    expect(spot.currency).toBe("USD");
    const stranger = await register("owner");
    const renter = await register("rider");
    expect(
      (await api("PATCH", `/v1/spots/${spot.id}`, { token: stranger.access_token, body: { title: "Mine" } })).status,
    ).toBe(404);
    expect(
      (await api("PATCH", `/v1/spots/${spot.id}`, { token: renter.access_token, body: { title: "Mine" } })).status,
    ).toBe(403);
    const patched = await api("PATCH", `/v1/spots/${spot.id}`, {
      token: spot.owner.access_token,
      body: { hourly_rate: 700 },
    });
    expect(await patched.json()).toMatchObject({ rates: { hourly: { amount: 700, currency: "USD" } } });
    // A renter sees the spot, but not how to get in.
    const seen = (await (await api("GET", `/v1/spots/${spot.id}`, { token: renter.access_token })).json()) as {
      access_instructions: string | null;
    };
    expect(seen.access_instructions).toBeNull();
    const mine = (await (await api("GET", "/v1/owners/me/spots", { token: spot.owner.access_token })).json()) as {
      data: { id: string }[];
    };
    expect(mine.data.map((s) => s.id)).toEqual([spot.id]);
    expect((await api("DELETE", `/v1/spots/${spot.id}`, { token: spot.owner.access_token })).status).toBe(204);
    expect((await api("GET", `/v1/spots/${spot.id}`, { token: renter.access_token })).status).toBe(404);
  });

  it("refuses a place outside every city, and hours that make no sense", async () => {
    const owner = await register("owner");
    const base = { title: "x", spot_type: "lot", vehicle_size: "compact", address: "a", hourly_rate: 100 };
    await expectProblem(
      await api("POST", "/v1/spots", { token: owner.access_token, body: { ...base, location: { lat: 0, lng: 0 } } }),
      422,
      "outside_service_area",
    );
    const bad = await api("POST", "/v1/spots", {
      token: owner.access_token,
      body: { ...base, location: somewhere(), operating_hours: { mon: ["18:00-09:00"] } },
    });
    expect(bad.status).toBe(400);
  });

  it("with bookings ahead is deactivated, not deleted", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    expect((await book(renter, spot.id, window(24, 2))).status).toBe(201);
    const res = await api("DELETE", `/v1/spots/${spot.id}`, { token: spot.owner.access_token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: spot.id, is_active: false });
  });
});

describe("quotes", () => {
  it("reproduce seed 004: $5 an hour for 8 hours is $40, the fee $4.50, the total $44.50, the owner paid $40", async () => {
    const spot = await spotOf({ location: somewhere("new-york"), hourly_rate: 500, daily_rate: null });
    const renter = await register("rider");
    const res = await api("POST", "/v1/bookings/quote", {
      token: renter.access_token,
      body: { spot_id: spot.id, ...window(48, 8) },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await res.json()).toMatchObject({
      duration_minutes: 480,
      subtotal: { amount: 4000, currency: "USD" },
      service_fee: { amount: 450, currency: "USD" },
      total: { amount: 4450, currency: "USD" },
      owner_payout: { amount: 4000, currency: "USD" },
    });
  });

  it("take the cheaper day rate over many hours, and refuse windows the rules forbid", async () => {
    const spot = await spotOf({ hourly_rate: 5000, daily_rate: 30000 });
    const renter = await register("rider");
    const quote = async (w: { starts_at: string; ends_at: string }) =>
      api("POST", "/v1/bookings/quote", { token: renter.access_token, body: { spot_id: spot.id, ...w } });
    expect(await (await quote(window(24, 10))).json()).toMatchObject({ subtotal: { amount: 30000 } });
    await expectProblem(await quote(window(-2, 3)), 422, "window_in_past");
    await expectProblem(await quote(window(24, 0.25)), 422, "window_too_short");
    await expectProblem(await quote(window(31 * 24, 2)), 422, "window_too_far");
  });
});

describe("bookings cannot collide", () => {
  it("50 concurrent attempts at overlapping windows of one spot: exactly one 201, 49 × 409, no 5xx", async () => {
    const spot = await spotOf();
    const renters = await Promise.all(Array.from({ length: 5 }, () => register("rider")));
    const base = Date.parse(window(48, 0).starts_at);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        // Every window overlaps [base, base + 2 h): some start before, some after, all longer than 30 minutes.
        const start = base - HOUR + (i % 10) * 10 * 60_000;
        const w = { starts_at: new Date(start).toISOString(), ends_at: new Date(start + 2 * HOUR).toISOString() };
        return book(renters[i % 5] as (typeof renters)[number], spot.id, w);
      }),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of answers.filter((a) => a.status === 409)) await expectProblem(r, 409, "spot_unavailable");
  });

  it("lets two touching windows both be booked", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    const first = window(30, 2);
    const second = { starts_at: first.ends_at, ends_at: new Date(Date.parse(first.ends_at) + 2 * HOUR).toISOString() };
    expect((await book(renter, spot.id, first)).status).toBe(201);
    expect((await book(renter, spot.id, second)).status).toBe(201);
  });
});

describe("search", () => {
  it("is right at its edges: radius, window, hours, touching and overlapping bookings, a cancelled booking", async () => {
    const here = somewhere();
    // 800 m north of `here`.
    const spot = await spotOf({ location: { lat: here.lat + 800 / 111_320, lng: here.lng } });
    const renter = await register("rider");
    const found = async (query: Record<string, string | number>) => {
      const params = new URLSearchParams({
        lat: String(here.lat),
        lng: String(here.lng),
        limit: "100",
        ...Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
      });
      const res = await api("GET", `/v1/spots?${params}`, { token: renter.access_token });
      expect(res.status, await res.clone().text()).toBe(200);
      const body = (await res.json()) as {
        data: { id: string; distance_m: number; quote: { total: { amount: number } } | null }[];
      };
      return body.data.find((s) => s.id === spot.id);
    };
    // The radius boundary, within a metre of the spot's distance.
    const at = await found({ radius_m: 1000 });
    expect(at?.distance_m).toBeGreaterThan(795);
    expect(at?.distance_m).toBeLessThan(805);
    expect(await found({ radius_m: Math.floor((at?.distance_m ?? 0) - 1) })).toBeUndefined();
    expect(await found({ radius_m: Math.ceil((at?.distance_m ?? 0) + 1) })).toBeDefined();

    // A booking on [T, T+2h): a window that touches it is free, one that overlaps by a minute is not.
    const held = window(72, 2);
    const booked = (await (await book(renter, spot.id, held)).json()) as Booking;
    const T = Date.parse(held.starts_at);
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(await found({ radius_m: 1000, starts_at: iso(T + 2 * HOUR), ends_at: iso(T + 3 * HOUR) })).toBeDefined();
    expect(await found({ radius_m: 1000, starts_at: iso(T - HOUR), ends_at: iso(T) })).toBeDefined();
    expect(await found({ radius_m: 1000, starts_at: iso(T - HOUR), ends_at: iso(T + 60_000) })).toBeUndefined();
    expect(
      await found({ radius_m: 1000, starts_at: iso(T + 2 * HOUR - 60_000), ends_at: iso(T + 3 * HOUR) }),
    ).toBeUndefined();
    const free = await found({ radius_m: 1000, starts_at: iso(T + 3 * HOUR), ends_at: iso(T + 4 * HOUR) });
    expect(free?.quote?.total.amount).toBeGreaterThan(0);

    // Cancelled, the booking frees its window.
    expect(
      (await api("POST", `/v1/bookings/${booked.id}/cancel`, { token: renter.access_token, body: {} })).status,
    ).toBe(200);
    expect(await found({ radius_m: 1000, starts_at: iso(T - HOUR), ends_at: iso(T + 60_000) })).toBeDefined();

    // Operating hours: closed windows are not offered (a spot open 00:00–01:00 local time only).
    const early = await spotOf({
      location: { lat: here.lat, lng: here.lng + 0.001 },
      operating_hours: Object.fromEntries(
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, ["00:00-01:00"]]),
      ),
    });
    const params = new URLSearchParams({
      lat: String(here.lat),
      lng: String(here.lng),
      radius_m: "1000",
      limit: "100",
      ...window(72, 2),
    });
    const listed = (await (await api("GET", `/v1/spots?${params}`, { token: renter.access_token })).json()) as {
      data: { id: string }[];
    };
    expect(listed.data.map((s) => s.id)).not.toContain(early.id);
    await expectProblem(await book(renter, early.id, window(72, 2)), 422, "outside_operating_hours");
  });
});

describe("search pages", () => {
  it("follow the cursor nearest first with nothing repeated, and reflect the owner's changes at once", async () => {
    const here = somewhere();
    const owner = await register("owner");
    const mine: TestSpot[] = [];
    for (const metres of [100, 200, 300, 400, 500]) {
      mine.push(await spotOf({ location: { lat: here.lat + metres / 111_320, lng: here.lng } }, owner));
    }
    const renter = await register("rider");
    const ids = mine.map((s) => s.id);
    const everyPage = async (query: Record<string, string> = {}) => {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 50; pages++) {
        const params = new URLSearchParams({
          lat: String(here.lat),
          lng: String(here.lng),
          radius_m: "550",
          limit: "2",
          ...query,
          ...(cursor ? { cursor } : {}),
        });
        const res = await api("GET", `/v1/spots?${params}`, { token: renter.access_token });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { data: { id: string; distance_m: number }[]; next_cursor: string | null };
        seen.push(...body.data.map((s) => s.id));
        cursor = body.next_cursor;
        if (!cursor) break;
      }
      expect(new Set(seen).size).toBe(seen.length);
      return seen.filter((id) => ids.includes(id));
    };
    expect(await everyPage()).toEqual(ids);
    expect(await everyPage({ sort: "price" })).toEqual([...ids].sort());

    const patch = (id: string, body: Record<string, unknown>) =>
      api("PATCH", `/v1/spots/${id}`, { token: owner.access_token, body });
    expect((await patch(ids[0] as string, { hourly_rate: 900_000 })).status).toBe(200);
    expect(await everyPage({ max_hourly_rate: "100000" })).toEqual(ids.slice(1));
    // The result shows the spot as it is now, not as the search first read it.
    const again = new URLSearchParams({ lat: String(here.lat), lng: String(here.lng), radius_m: "150", limit: "5" });
    const seen = (await (await api("GET", `/v1/spots?${again}`, { token: renter.access_token })).json()) as {
      data: { id: string; rates: { hourly: { amount: number } } }[];
    };
    expect(seen.data.find((s) => s.id === ids[0])?.rates.hourly.amount).toBe(900_000);
    expect((await patch(ids[1] as string, { is_active: false })).status).toBe(200);
    expect((await api("DELETE", `/v1/spots/${ids[2]}`, { token: owner.access_token })).status).toBe(204);
    expect(await everyPage()).toEqual([ids[0], ids[3], ids[4]]);
  });
});

describe("paying for a booking", () => {
  it("by card: pending with a PaymentIntent, confirmed on its webhook, the owner credited the subtotal", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    const w = window(24, 3);
    const key = { "idempotency-key": `booking-${crypto.randomUUID()}` };
    const res = await api("POST", "/v1/bookings", {
      token: renter.access_token,
      headers: key,
      body: { spot_id: spot.id, ...w },
    });
    expect(res.status).toBe(201);
    const booking = (await res.json()) as Booking;
    expect(booking).toMatchObject({ status: "pending", payment: { payment_intent_id: expect.stringMatching(/^pi_/) } });
    // A retry with the same key is the same booking, with the same payment to confirm.
    const retry = await api("POST", "/v1/bookings", {
      token: renter.access_token,
      headers: key,
      body: { spot_id: spot.id, ...w },
    });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ id: booking.id, payment: booking.payment });
    const pi = booking.payment as { payment_intent_id: string; client_secret: string };
    await confirmOnPhone(pi.payment_intent_id, pi.client_secret);
    await deliverAll({ payment_intent: pi.payment_intent_id });
    const after = (await (
      await api("GET", `/v1/bookings/${booking.id}`, { token: renter.access_token })
    ).json()) as Booking;
    expect(after.status).toBe("confirmed");
    expect(await balanceOf(spot.owner, "earnings", "INR")).toEqual({ available: booking.subtotal.amount, pending: 0 });
    // Owners and renters are told through the queue (recorded in the event log on the way).
    const told = await eventually(async () => {
      const rows = await withDb(({ db }) =>
        db.select({ type: eventLog.type }).from(eventLog).where(eq(eventLog.subjectId, booking.id)),
      );
      const types = rows.map((r) => r.type).sort();
      return types.length >= 2 ? types : null;
    });
    expect(told).toEqual(["parking.booking_update", "parking.new_booking"]);
    // Now confirmed, the renter may read how to get in.
    const seen = (await (await api("GET", `/v1/spots/${spot.id}`, { token: renter.access_token })).json()) as {
      access_instructions: string;
    };
    expect(seen.access_instructions).toBe("Gate code 4321");
  });

  it("by card, paid after the booking was released: the money goes straight back", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    const booking = (await (await book(renter, spot.id, window(24, 2))).json()) as Booking;
    // Unpaid for 20 minutes: the sweep releases the window.
    await withDb(({ db }) =>
      db
        .update(bookings)
        .set({ createdAt: new Date(Date.now() - 20 * 60_000) })
        .where(eq(bookings.id, booking.id)),
    );
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env);
    const released = (await (
      await api("GET", `/v1/bookings/${booking.id}`, { token: renter.access_token })
    ).json()) as Booking;
    expect(released.status).toBe("cancelled");
    const pi = booking.payment as { payment_intent_id: string; client_secret: string };
    await confirmOnPhone(pi.payment_intent_id, pi.client_secret);
    await deliverAll({ payment_intent: pi.payment_intent_id });
    const [payment] = await withDb(({ db }) => db.select().from(payments).where(eq(payments.bookingId, booking.id)));
    expect(payment).toMatchObject({ status: "refunded", refundedAmount: booking.total.amount });
    expect(await balanceOf(spot.owner, "earnings", "INR")).toEqual({ available: 0, pending: 0 });
    const stillCancelled = (await (
      await api("GET", `/v1/bookings/${booking.id}`, { token: renter.access_token })
    ).json()) as Booking;
    expect(stillCancelled.status).toBe("cancelled");
  });

  it("from the wallet: confirmed at once; too little is 402 and no booking", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    await topUp(renter, 100_000);
    const res = await book(renter, spot.id, window(24, 2), { payment_method: "wallet" });
    expect(res.status, await res.clone().text()).toBe(201);
    const booking = (await res.json()) as Booking;
    expect(booking.status).toBe("confirmed");
    expect(await balanceOf(renter, "wallet", "INR")).toEqual({ available: 100_000 - booking.total.amount, pending: 0 });
    const poor = await register("rider");
    await expectProblem(
      await book(poor, spot.id, window(48, 2), { payment_method: "wallet" }),
      402,
      "insufficient_funds",
    );
    const mine = (await (await api("GET", "/v1/bookings", { token: poor.access_token })).json()) as { data: unknown[] };
    expect(mine.data).toEqual([]);
  });
});

describe("cancellations", () => {
  /** A wallet booking under `policy`, starting `startInH` from now, cancelled by `by`; returns what came back. */
  async function cancelled(policy: string, startInH: number, by: "renter" | "owner" | "admin") {
    const spot = await spotOf({ cancellation_policy: policy });
    const renter = await register("rider");
    await topUp(renter, 200_000);
    const booking = (await (
      await book(renter, spot.id, window(startInH, 2), { payment_method: "wallet" })
    ).json()) as Booking;
    const token = by === "renter" ? renter.access_token : by === "owner" ? spot.owner.access_token : await adminToken();
    const res = await api("POST", `/v1/bookings/${booking.id}/cancel`, { token, body: { reason: "Plans changed" } });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = (await res.json()) as Booking;
    expect(after.status).toBe("cancelled");
    const wallet = await balanceOf(renter, "wallet", "INR");
    const earnings = await balanceOf(spot.owner, "earnings", "INR");
    return { booking, after, wallet: wallet.available, owner: earnings.available };
  }

  it("refund what each policy says, and the ledger agrees", async () => {
    const flexible = await cancelled("flexible", 3, "renter");
    expect(flexible.after.refunded.amount).toBe(flexible.booking.total.amount);
    expect(flexible.wallet).toBe(200_000);
    expect(flexible.owner).toBe(0);

    const moderateEarly = await cancelled("moderate", 2 * 24 + 1, "renter");
    expect(moderateEarly.after.refunded.amount).toBe(moderateEarly.booking.total.amount);
    const moderateLate = await cancelled("moderate", 3, "renter");
    const half = Math.floor(moderateLate.booking.total.amount / 2);
    expect(moderateLate.after.refunded.amount).toBe(half);
    expect(moderateLate.wallet).toBe(200_000 - moderateLate.booking.total.amount + half);

    const strictEarly = await cancelled("strict", 8 * 24, "renter");
    expect(strictEarly.after.refunded.amount).toBe(Math.floor(strictEarly.booking.total.amount / 2));
    const strictLate = await cancelled("strict", 3 * 24, "renter");
    expect(strictLate.after.refunded.amount).toBe(0);
    expect(strictLate.owner).toBe(strictLate.booking.subtotal.amount);

    // The owner (or an admin) cancelling always refunds everything.
    const byOwner = await cancelled("strict", 3, "owner");
    expect(byOwner.after.refunded.amount).toBe(byOwner.booking.total.amount);
    expect(byOwner.owner).toBe(0);
    const byAdmin = await cancelled("strict", 3, "admin");
    expect(byAdmin.wallet).toBe(200_000);
  });

  it("of another's booking are not found", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    const booking = (await (await book(renter, spot.id, window(24, 2))).json()) as Booking;
    const stranger = await register("rider");
    expect(
      (await api("POST", `/v1/bookings/${booking.id}/cancel`, { token: stranger.access_token, body: {} })).status,
    ).toBe(404);
    expect((await api("GET", `/v1/bookings/${booking.id}`, { token: stranger.access_token })).status).toBe(404);
    // The owner sees it, with the renter's name but not the code.
    const seen = (await (
      await api("GET", `/v1/bookings/${booking.id}`, { token: spot.owner.access_token })
    ).json()) as Booking & {
      renter_name: string;
    };
    expect(seen).toMatchObject({ id: booking.id, check_in_code: null, renter_name: "Test rider" });
  });
});

describe("at the spot, and after", () => {
  it("checks in with the code (not too early, not with another code), checks out, and is reviewed once, answered once, voted helpful once each", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    await topUp(renter, 100_000);
    // Starting in ten minutes: check-in is open.
    const booking = (await (
      await book(renter, spot.id, window(10 / 60, 1), { payment_method: "wallet" })
    ).json()) as Booking & {
      check_in_qr: string;
    };
    expect(booking.check_in_code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    const checkIn = (code: string, token = spot.owner.access_token) =>
      api("POST", `/v1/bookings/${booking.id}/check-in`, { token, body: { code } });
    await expectProblem(await checkIn(booking.check_in_code === "222222" ? "333333" : "222222"), 422, "wrong_code");
    const inside = await checkIn(booking.check_in_qr);
    expect(inside.status, await inside.clone().text()).toBe(200);
    expect(await inside.json()).toMatchObject({ status: "in_progress" });
    const out = await api("POST", `/v1/bookings/${booking.id}/check-out`, { token: renter.access_token });
    expect(await out.json()).toMatchObject({ status: "completed", checked_out_at: expect.any(String) });

    // A later booking cannot be checked into yet.
    const later = (await (await book(renter, spot.id, window(3, 1), { payment_method: "wallet" })).json()) as Booking;
    const early = await api("POST", `/v1/bookings/${later.id}/check-in`, {
      token: renter.access_token,
      body: { code: later.check_in_code },
    });
    await expectProblem(early, 409, "too_early");

    // Reviews: plain text only, once per booking; the spot's rating follows.
    const review = (body: unknown) =>
      api("POST", `/v1/bookings/${booking.id}/review`, { token: renter.access_token, body });
    expect((await review({ rating: 4, comment: "<b>great</b>" })).status).toBe(400);
    const written = await review({ rating: 4, comment: "Easy to find, well lit." });
    expect(written.status, await written.clone().text()).toBe(201);
    const { id } = (await written.json()) as { id: string };
    await expectProblem(await review({ rating: 1 }), 409, "already_reviewed");
    const spotNow = (await (await api("GET", `/v1/spots/${spot.id}`, { token: renter.access_token })).json()) as {
      rating: { average: number; count: number };
    };
    expect(spotNow.rating).toEqual({ average: 4, count: 1 });

    const respond = (token: string) =>
      api("POST", `/v1/reviews/${id}/response`, { token, body: { response: "Thank you!" } });
    expect((await respond((await register("owner")).access_token)).status).toBe(404);
    expect(await (await respond(spot.owner.access_token)).json()).toMatchObject({ owner_response: "Thank you!" });
    await expectProblem(await respond(spot.owner.access_token), 409, "already_responded");

    const voter = await register("rider");
    const vote = (token: string) => api("POST", `/v1/reviews/${id}/helpful`, { token });
    expect(await (await vote(voter.access_token)).json()).toMatchObject({ helpful_count: 1 });
    expect(await (await vote(voter.access_token)).json()).toMatchObject({ helpful_count: 1 });
    await expectProblem(await vote(renter.access_token), 409, "own_review");

    const listed = (await (await api("GET", `/v1/spots/${spot.id}/reviews`, { token: voter.access_token })).json()) as {
      data: { id: string; author_name: string }[];
    };
    expect(listed.data).toEqual([expect.objectContaining({ id, author_name: "Test rider" })]);
    const summary = await (
      await api("GET", `/v1/spots/${spot.id}/reviews/summary`, { token: voter.access_token })
    ).json();
    expect(summary).toEqual({ average: 4, count: 1, histogram: { "1": 0, "2": 0, "3": 0, "4": 1, "5": 0 } });
  });
});

describe("overstays", () => {
  /** A renter checked into a spot at 50.00 an hour, booked from 10 minutes from now for an hour, paid from the wallet. */
  const parked = async () => {
    const spot = await spotOf({ hourly_rate: 5000 });
    const renter = await register("rider");
    await topUp(renter, 100_000);
    const booking = (await (
      await book(renter, spot.id, window(10 / 60, 1), { payment_method: "wallet" })
    ).json()) as Booking;
    const checkIn = await api("POST", `/v1/bookings/${booking.id}/check-in`, {
      token: renter.access_token,
      body: { code: booking.check_in_code },
    });
    expect(checkIn.status).toBe(200);
    return { spot, renter, booking };
  };

  it("stay in progress past the end until check-out, charge the hourly rate in 15-minute steps to the owner, and tell a next renter they ran into", async () => {
    const { spot, renter, booking } = await parked();
    const next = await register("rider");
    await topUp(next, 100_000);
    const nextBooking = (await (
      await book(next, spot.id, window(3, 1), { payment_method: "wallet" })
    ).json()) as Booking;
    // The clock moves on: the stay ended 20 minutes ago, and the next booking began 10 minutes ago.
    const now = Date.now();
    await withDb(async ({ db }) => {
      await db
        .update(bookings)
        .set({ startsAt: new Date(now - 80 * 60_000), endsAt: new Date(now - 20 * 60_000) })
        .where(eq(bookings.id, booking.id));
      await db
        .update(bookings)
        .set({ startsAt: new Date(now - 10 * 60_000), endsAt: new Date(now + 50 * 60_000) })
        .where(eq(bookings.id, nextBooking.id));
    });
    // The minute sweep leaves a renter who checked in where they are.
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "* * * * *" }), env);
    const during = (await (
      await api("GET", `/v1/bookings/${booking.id}`, { token: renter.access_token })
    ).json()) as Booking;
    expect(during.status).toBe("in_progress");

    const wallet = await balanceOf(renter, "wallet", "INR");
    const earnings = await balanceOf(spot.owner, "earnings", "INR");
    const out = await api("POST", `/v1/bookings/${booking.id}/check-out`, { token: renter.access_token });
    expect(out.status, await out.clone().text()).toBe(200);
    // 20 minutes late is two started quarters of 50.00 an hour: 25.00.
    expect(await out.json()).toMatchObject({ status: "completed", overstay: { amount: 2500, currency: "INR" } });
    expect(await balanceOf(renter, "wallet", "INR")).toEqual({ available: wallet.available - 2500, pending: 0 });
    expect(await balanceOf(spot.owner, "earnings", "INR")).toEqual({
      available: earnings.available + 2500,
      pending: 0,
    });
    // A second check-out changes nothing.
    await expectProblem(
      await api("POST", `/v1/bookings/${booking.id}/check-out`, { token: renter.access_token }),
      409,
      "invalid_state",
    );
    expect(await balanceOf(renter, "wallet", "INR")).toEqual({ available: wallet.available - 2500, pending: 0 });

    const payloadOf = (subject: string, type: string) =>
      eventually(async () => {
        const rows = await withDb(({ db }) =>
          db
            .select({ type: eventLog.type, payload: eventLog.payload })
            .from(eventLog)
            .where(eq(eventLog.subjectId, subject)),
        );
        return rows.find((r) => r.type === type && (r.payload as Record<string, unknown>).booking_id === subject)
          ?.payload as Record<string, unknown> | undefined;
      });
    expect(await payloadOf(booking.id, "parking.overstay")).toMatchObject({
      minutes_late: expect.any(Number),
      amount: { amount: 2500, currency: "INR" },
      charged: true,
      harmed_booking_ids: [nextBooking.id],
      flagged: true,
    });
    const told = await eventually(async () => {
      const rows = await withDb(({ db }) =>
        db.select({ payload: eventLog.payload }).from(eventLog).where(eq(eventLog.subjectId, nextBooking.id)),
      );
      return rows.find((r) => (r.payload as Record<string, unknown>).previous_renter_overstayed === true);
    });
    expect(told.payload).toMatchObject({ renter_id: next.id, spot_id: spot.id });
  });

  it("on time, or early, cost nothing more", async () => {
    const { spot, renter, booking } = await parked();
    const wallet = await balanceOf(renter, "wallet", "INR");
    const out = await api("POST", `/v1/bookings/${booking.id}/check-out`, { token: spot.owner.access_token });
    expect(await out.json()).toMatchObject({ status: "completed", overstay: { amount: 0 } });
    expect(await balanceOf(renter, "wallet", "INR")).toEqual(wallet);
  });
});

describe("extensions", () => {
  it("charge the difference from the wallet, refuse to run into the next booking, and are refunded with the booking", async () => {
    const spot = await spotOf({ hourly_rate: 5000, daily_rate: null });
    const renter = await register("rider");
    await topUp(renter, 100_000);
    const first = window(24, 2);
    const booking = (await (await book(renter, spot.id, first, { payment_method: "wallet" })).json()) as Booking;
    const endsAt = (h: number) => new Date(Date.parse(first.starts_at) + h * HOUR).toISOString();
    // Someone else holds the spot from hour 4.
    const other = await register("rider");
    expect((await book(other, spot.id, { starts_at: endsAt(4), ends_at: endsAt(6) })).status).toBe(201);

    const extend = (h: number) =>
      api("POST", `/v1/bookings/${booking.id}/extend`, { token: renter.access_token, body: { ends_at: endsAt(h) } });
    const longer = await extend(3);
    expect(longer.status, await longer.clone().text()).toBe(200);
    const extended = (await longer.json()) as Booking & { ends_at: string };
    expect(extended).toMatchObject({ ends_at: endsAt(3), subtotal: { amount: 15_000 } });
    expect(await balanceOf(renter, "wallet", "INR")).toEqual({
      available: 100_000 - extended.total.amount,
      pending: 0,
    });
    expect(await balanceOf(spot.owner, "earnings", "INR")).toEqual({ available: 15_000, pending: 0 });
    await expectProblem(await extend(5), 409, "spot_unavailable");

    const cancelled = await api("POST", `/v1/bookings/${booking.id}/cancel`, {
      token: spot.owner.access_token,
      body: {},
    });
    expect(await cancelled.json()).toMatchObject({ status: "cancelled", refunded: { amount: extended.total.amount } });
    expect(await balanceOf(renter, "wallet", "INR")).toEqual({ available: 100_000, pending: 0 });
  });

  it("charge a card booking's difference off session, and a refund in full comes out of both charges", async () => {
    const spot = await spotOf({ hourly_rate: 5000, daily_rate: null });
    const renter = await register("rider");
    await saveCard(renter);
    const w = window(24, 2);
    const booking = (await (await book(renter, spot.id, w)).json()) as Booking;
    const pi = booking.payment as { payment_intent_id: string; client_secret: string };
    await confirmOnPhone(pi.payment_intent_id, pi.client_secret);
    await deliverAll({ payment_intent: pi.payment_intent_id });
    const res = await api("POST", `/v1/bookings/${booking.id}/extend`, {
      token: renter.access_token,
      body: { ends_at: new Date(Date.parse(w.ends_at) + HOUR).toISOString() },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const extended = (await res.json()) as Booking;
    expect(extended.subtotal.amount).toBe(15_000);
    expect(await balanceOf(spot.owner, "earnings", "INR")).toEqual({ available: 15_000, pending: 0 });
    const cancelled = await api("POST", `/v1/bookings/${booking.id}/cancel`, {
      token: spot.owner.access_token,
      body: {},
    });
    expect(await cancelled.json()).toMatchObject({ refunded: { amount: extended.total.amount } });
    const rows = await withDb(({ db }) => db.select().from(payments).where(eq(payments.bookingId, booking.id)));
    expect(rows.map((p) => p.status).sort()).toEqual(["refunded", "refunded"]);
    expect(await balanceOf(spot.owner, "earnings", "INR")).toEqual({ available: 0, pending: 0 });
  });
});

describe("spot photos", () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
  const upload = (spotId: string, token: string, bytes: Uint8Array, type = "image/png") => {
    const form = new FormData();
    form.set("file", new File([bytes], "photo.png", { type }));
    return call(`/v1/spots/${spotId}/images`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
  };

  it("are stored in R2 and served back; only the owner adds or removes them; a file that is not an image is refused", async () => {
    const spot = await spotOf();
    const res = await upload(spot.id, spot.owner.access_token, PNG);
    expect(res.status, await res.clone().text()).toBe(201);
    const { images } = (await res.json()) as { images: string[] };
    expect(images).toHaveLength(1);
    const renter = await register("rider");
    const got = await api("GET", images[0] as string, { token: renter.access_token });
    expect(got.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG);
    expect((await upload(spot.id, (await register("owner")).access_token, PNG)).status).toBe(404);
    await expectProblem(
      await upload(spot.id, spot.owner.access_token, new TextEncoder().encode("<html>"), "image/png"),
      415,
      "unsupported_image",
    );
    expect((await api("DELETE", images[0] as string, { token: spot.owner.access_token })).status).toBe(204);
    expect((await api("GET", images[0] as string, { token: renter.access_token })).status).toBe(404);
  });
});
