/**
 * Coupons: admins make them; riders see, check and use them. A use is
 * reserved with the ride, redeemed when it completes and given back when it
 * is cancelled, and the limits hold exactly under concurrency.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { splitFare } from "../../src/domain/fees.ts";
import { imbalance } from "../../src/ledger/read.ts";
import { eventually, offset, onlineDriver, randomSpot } from "./dispatch-helpers.ts";
import { type Account, adminToken, api, expectProblem, register, withDb } from "./helpers.ts";
import { balanceOf, driveToCompletion, paymentOfRide, topUp } from "./money-helpers.ts";
import { book, spotOf, window } from "./parking-helpers.ts";
import { told } from "./told.ts";

/** Waits for what the queue settles; generous, since the machine may be busy. */
const soon = <T>(check: () => Promise<T | undefined | null | false>) => eventually(check, 30_000);

interface AdminCoupon {
  id: string;
  code: string;
  usage_count: number;
  is_active: boolean;
}

async function createCoupon(fields: Record<string, unknown> = {}): Promise<AdminCoupon> {
  const res = await api("POST", "/v1/admin/coupons", {
    token: await adminToken(),
    body: {
      code: `T${crypto.randomUUID().slice(0, 8)}`,
      discount_type: "percent",
      discount_value: 2000,
      currency: "INR",
      max_discount_amount: 5000,
      ...fields,
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as AdminCoupon;
}

function rideWith(rider: Account, code: string, pickup = randomSpot(), fields: Record<string, unknown> = {}) {
  return api("POST", "/v1/rides", {
    token: rider.access_token,
    body: {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 3000, 0),
      vehicle_class: "car",
      coupon_code: code.toLowerCase(),
      ...fields,
    },
  });
}

async function uses(couponId: string) {
  return withDb(async ({ db }) => {
    const { rows } = await db.execute<{ status: string; n: number }>(
      sql`select status::text, count(*)::int as n from coupon_redemptions where coupon_id = ${couponId} group by status`,
    );
    const [coupon] = (
      await db.execute<{ usage_count: number }>(sql`select usage_count from coupons where id = ${couponId}`)
    ).rows;
    return {
      count: Number(coupon?.usage_count),
      ...Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])),
    } as { count: number; reserved?: number; redeemed?: number; released?: number };
  });
}

describe("coupon limits under concurrency", () => {
  it("a coupon with a limit of 10 gets exactly 10 uses out of 50 concurrent requests", {
    timeout: 120_000,
  }, async () => {
    const coupon = await createCoupon({ usage_limit: 10 });
    const riders = await Promise.all(Array.from({ length: 50 }, () => register("rider")));
    const answers = await Promise.all(riders.map((rider) => rideWith(rider, coupon.code)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 422)).toHaveLength(40);
    for (const refused of answers.filter((a) => a.status === 422)) {
      expect(((await refused.json()) as { code: string }).code).toBe("coupon_used_up");
    }
    // Ten uses written, whatever the rides have become since (no driver here: they end and give theirs back).
    const now = await uses(coupon.id);
    expect((now.reserved ?? 0) + (now.redeemed ?? 0) + (now.released ?? 0)).toBe(10);
    expect(now.count).toBe((now.reserved ?? 0) + (now.redeemed ?? 0));
  });

  it("a per-user limit of 1 holds under concurrency", async () => {
    const coupon = await createCoupon({ per_user_limit: 1 });
    const rider = await register("rider");
    const answers = await Promise.all(Array.from({ length: 6 }, () => rideWith(rider, coupon.code)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    for (const refused of answers.filter((a) => a.status === 422)) {
      expect(((await refused.json()) as { code: string }).code).toBe("coupon_already_used");
    }
    const now = await uses(coupon.id);
    expect((now.reserved ?? 0) + (now.redeemed ?? 0) + (now.released ?? 0)).toBe(1);
  });

  it("a cancelled ride gives its use back: the rider can use the coupon again", async () => {
    const coupon = await createCoupon({ per_user_limit: 1, usage_limit: 1 });
    const rider = await register("rider");
    const first = await rideWith(rider, coupon.code);
    expect(first.status).toBe(201);
    const ride = (await first.json()) as { id: string; estimate: { lines: { code: string; amount: number }[] } };
    expect(ride.estimate.lines.find((l) => l.code === "discount")?.amount).toBeLessThan(0);
    await expectProblem(await rideWith(await register("rider"), coupon.code), 422, "coupon_used_up");
    expect((await api("POST", `/v1/rides/${ride.id}/cancel`, { token: rider.access_token, body: {} })).status).toBe(
      200,
    );
    await soon(async () => (await uses(coupon.id)).released === 1);
    expect((await uses(coupon.id)).count).toBe(0);
    // …and the rider is told so, once.
    const releasedTold = await soon(async () => {
      const found = await told(rider, "coupon.released");
      return found.length > 0 ? found : null;
    });
    expect(releasedTold).toEqual([
      expect.objectContaining({ category: "promotion", data: { code: coupon.code, ride_id: ride.id } }),
    ]);
    const again = await rideWith(rider, coupon.code);
    expect(again.status, await again.clone().text()).toBe(201);
    const second = (await again.json()) as { id: string };
    await api("POST", `/v1/rides/${second.id}/cancel`, { token: rider.access_token, body: {} });
  });
});

describe("coupons on a ride", () => {
  it("the discount is a fare line at request and at completion, and the use is redeemed", async () => {
    const coupon = await createCoupon({ discount_value: 1000, max_discount_amount: 100_000 });
    const pickup = randomSpot();
    const driver = await onlineDriver("car", offset(pickup, 100, 0));
    const rider = await register("rider");
    const res = await rideWith(rider, coupon.code, pickup);
    expect(res.status).toBe(201);
    const ride = (await res.json()) as { id: string; estimate: { lines: { code: string; amount: number }[] } };
    const estimated = ride.estimate.lines;
    const subtotal = estimated.filter((l) => !l.code.startsWith("tax:") && l.code !== "discount");
    const before = subtotal.reduce((sum, l) => sum + l.amount, 0);
    expect(estimated.find((l) => l.code === "discount")?.amount).toBe(-Math.floor(before / 10));
    await driveToCompletion(driver, ride.id, offset(pickup, 20, 0), 1000);
    const done = await soon(async () => {
      const r = await paymentOfRide(rider, ride.id);
      return r.status === "completed" ? r : null;
    });
    const discount = -(done.fare?.lines.find((l) => l.code === "discount")?.amount ?? 0);
    expect(discount).toBeGreaterThan(0);
    await soon(async () => (await uses(coupon.id)).redeemed === 1);
    const amount = await withDb(async ({ db }) => {
      const { rows } = await db.execute<{ discount_amount: number }>(
        sql`select discount_amount from coupon_redemptions where coupon_id = ${coupon.id}`,
      );
      return Number(rows[0]?.discount_amount);
    });
    expect(amount).toBe(discount);
    driver.socket.close();
  });

  it("the platform pays the discount: the driver earns what the fare without it pays, and the ledger balances", async () => {
    const coupon = await createCoupon({ discount_value: 2000, max_discount_amount: 100_000 });
    const pickup = randomSpot();
    const driver = await onlineDriver("car", offset(pickup, 100, 0));
    const rider = await register("rider");
    await topUp(rider, 100_000);
    const res = await rideWith(rider, coupon.code, pickup, { payment_method: "wallet" });
    expect(res.status, await res.clone().text()).toBe(201);
    const ride = (await res.json()) as { id: string };
    await driveToCompletion(driver, ride.id, offset(pickup, 20, 0), 1000);
    const done = await soon(async () => {
      const r = await paymentOfRide(rider, ride.id);
      return r.payment.status === "succeeded" ? r : null;
    });
    const lines = done.fare?.lines ?? [];
    const fare = done.fare?.total.amount as number;
    const discount = -(lines.find((l) => l.code === "discount")?.amount ?? 0);
    expect(discount).toBeGreaterThan(0);
    // The same fare without the coupon: its lines before tax and discount, split the usual way.
    const subtotal = lines
      .filter((l) => !l.code.startsWith("tax:") && l.code !== "discount")
      .reduce((s, l) => s + l.amount, 0);
    const without = splitFare({ total: subtotal, taxes: 0, commissionBps: 2000 });
    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: 100_000 - fare, pending: 0 });
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({ available: without.driver, pending: 0 });
    const report = (await (
      await api("GET", "/v1/drivers/me/earnings", { token: driver.account.access_token })
    ).json()) as { rides: { ride_id: string; share: { amount: number }; commission: { amount: number } }[] };
    expect(report.rides).toEqual([
      expect.objectContaining({
        ride_id: ride.id,
        share: { amount: without.driver, currency: "INR" },
        // The platform's commission, less the discount it paid.
        commission: { amount: without.commission - discount, currency: "INR" },
      }),
    ]);
    await withDb(async ({ db }) => {
      // The ride's settlement comes out even: the fare and the platform's discount in, the shares out.
      const { rows } = await db.execute<{ code: string; amount: number; debit: string; credit: string }>(sql`
        select t.code, t.amount::int, d.kind::text as debit, c.kind::text as credit from ledger_transfers t
          join ledger_accounts d on d.id = t.debit_account_id join ledger_accounts c on c.id = t.credit_account_id
        where t.ride_id = ${ride.id} and t.kind in ('single', 'post_pending')`);
      const into = rows.filter((r) => r.credit === "settlement").reduce((s, r) => s + Number(r.amount), 0);
      const out = rows.filter((r) => r.debit === "settlement").reduce((s, r) => s + Number(r.amount), 0);
      expect(into).toBe(fare + discount);
      expect(out).toBe(into);
      expect(rows.find((r) => r.code === "coupon_discount")).toMatchObject({
        amount: discount,
        debit: "revenue",
        credit: "settlement",
      });
      expect((await imbalance(db)).filter((c) => c.difference !== 0)).toEqual([]);
    });

    // Refunded in two parts: the rider gets what they paid, the driver gives back all of their share,
    // and the discount's part goes back to the platform that paid it.
    const half = Math.floor(fare / 2);
    for (const [i, amount] of [half, fare - half].entries()) {
      const refunded = await api("POST", `/v1/admin/payments/${done.payment.id}/refund`, {
        token: await adminToken(),
        headers: { "idempotency-key": `coupon-refund-${ride.id}-${i}` },
        body: { amount: { amount, currency: "INR" }, reason: "trip not taken" },
      });
      expect(refunded.status, await refunded.clone().text()).toBe(200);
    }
    expect(await balanceOf(rider, "wallet", "INR")).toEqual({ available: 100_000, pending: 0 });
    expect(await balanceOf(driver.account, "earnings", "INR")).toEqual({ available: 0, pending: 0 });
    await withDb(async ({ db }) => {
      const { rows } = await db.execute<{ back: number }>(sql`
        select coalesce(sum(amount), 0)::int as back from ledger_transfers
        where ride_id = ${ride.id} and code = 'refund_coupon_discount'`);
      expect(rows[0]?.back).toBe(discount);
      expect((await imbalance(db)).filter((c) => c.difference !== 0)).toEqual([]);
    });
    driver.socket.close();
  });

  it("an unusable coupon refuses the ride and leaves nothing behind", async () => {
    const rider = await register("rider");
    await expectProblem(await rideWith(rider, "NO-SUCH-CODE"), 422, "coupon_not_found");
    const bikesOnly = await createCoupon({ vehicle_classes: ["bike"] });
    const refused = await expectProblem(await rideWith(rider, bikesOnly.code), 422, "coupon_not_for_vehicle_class");
    expect(refused.errors?.map((e) => e.path)).toEqual(["coupon_code"]);
    const list = (await (await api("GET", "/v1/rides", { token: rider.access_token })).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
    expect((await uses(bikesOnly.id)).count).toBe(0);
  });
});

describe("coupons on a booking", () => {
  it("come off the total, the owner is paid the whole subtotal, and a cancellation gives the use back", async () => {
    const coupon = await createCoupon({ discount_type: "fixed", discount_value: 1500, services: ["parking"] });
    const spot = await spotOf({ cancellation_policy: "flexible" });
    const renter = await register("rider");
    await topUp(renter, 100_000);
    const rideRefused = await rideWith(renter, coupon.code);
    await expectProblem(rideRefused, 422, "coupon_not_for_service");
    const res = await book(renter, spot.id, window(48, 2), { payment_method: "wallet", coupon_code: coupon.code });
    expect(res.status, await res.clone().text()).toBe(201);
    const booking = (await res.json()) as {
      id: string;
      status: string;
      subtotal: { amount: number };
      service_fee: { amount: number };
      total: { amount: number };
      discount: { amount: number };
    };
    expect(booking.status).toBe("confirmed");
    expect(booking.discount.amount).toBe(1500);
    expect(booking.total.amount).toBe(booking.subtotal.amount + booking.service_fee.amount - 1500);
    expect((await balanceOf(renter, "wallet", "INR")).available).toBe(100_000 - booking.total.amount);
    expect((await balanceOf(spot.owner, "earnings", "INR")).available).toBe(booking.subtotal.amount);
    expect((await uses(coupon.id)).reserved).toBe(1);

    const cancelled = await api("POST", `/v1/bookings/${booking.id}/cancel`, { token: renter.access_token, body: {} });
    expect(cancelled.status, await cancelled.clone().text()).toBe(200);
    const after = (await cancelled.json()) as { refunded: { amount: number } };
    // Flexible, two days ahead: everything back but the discount, which was never paid.
    expect(after.refunded.amount).toBe(booking.total.amount);
    expect((await balanceOf(renter, "wallet", "INR")).available).toBe(100_000);
    expect((await balanceOf(spot.owner, "earnings", "INR")).available).toBe(0);
    expect(await uses(coupon.id)).toMatchObject({ count: 0, released: 1 });
  });
});

describe("coupons for users and admins", () => {
  it("validate says the discount or why not; the list holds what the caller can use; admins deactivate", async () => {
    const coupon = await createCoupon({ min_order_amount: 10_000, description: "20 % off" });
    const newOnly = await createCoupon({ new_users_only: true });
    const rider = await register("rider");
    const validate = (body: Record<string, unknown>) =>
      api("POST", "/v1/coupons/validate", {
        token: rider.access_token,
        body: {
          code: coupon.code,
          service: "passenger",
          vehicle_class: "car",
          amount: { amount: 18_000, currency: "INR" },
          ...body,
        },
      });
    const ok = await validate({});
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({
      discount: { amount: 3600, currency: "INR" },
      amount_after: { amount: 14_400, currency: "INR" },
    });
    await expectProblem(await validate({ amount: { amount: 5000, currency: "INR" } }), 422, "coupon_below_minimum");
    await expectProblem(await validate({ amount: { amount: 18_000, currency: "USD" } }), 422, "coupon_wrong_currency");
    await expectProblem(await validate({ code: "nope-nope" }), 422, "coupon_not_found");

    const listed = async (who: Account) =>
      (
        (await (await api("GET", "/v1/coupons?limit=100", { token: who.access_token })).json()) as {
          data: { code: string; uses_left: number }[];
        }
      ).data.map((c) => c.code);
    expect(await listed(rider)).toEqual(expect.arrayContaining([coupon.code, newOnly.code]));

    const admin = await adminToken();
    const patched = await api("PATCH", `/v1/admin/coupons/${coupon.id}`, { token: admin, body: { is_active: false } });
    expect(await patched.json()).toMatchObject({ id: coupon.id, is_active: false });
    await expectProblem(await validate({}), 422, "coupon_inactive");
    expect(await listed(rider)).not.toContain(coupon.code);

    const all = (await (await api("GET", "/v1/admin/coupons?limit=100", { token: admin })).json()) as {
      data: AdminCoupon[];
    };
    expect(all.data.map((c) => c.id)).toContain(coupon.id);
    await expectProblem(
      await api("POST", "/v1/admin/coupons", {
        token: admin,
        body: { code: coupon.code.toLowerCase(), discount_type: "percent", discount_value: 500 },
      }),
      409,
      "coupon_code_taken",
    );
    await expectProblem(
      await api("POST", "/v1/admin/coupons", {
        token: admin,
        body: { code: "FIXEDNOCUR", discount_type: "fixed", discount_value: 500 },
      }),
      422,
      "invalid_coupon",
    );
    await expectProblem(
      await api("PATCH", `/v1/admin/coupons/${crypto.randomUUID()}`, { token: admin, body: { is_active: false } }),
      404,
      "coupon_not_found",
    );
  });

  it("the admin routes are for admins only", async () => {
    const coupon = await createCoupon();
    for (const role of ["rider", "driver", "owner"] as const) {
      const who = await register(role);
      const calls = [
        api("POST", "/v1/admin/coupons", {
          token: who.access_token,
          body: { code: "MINE", discount_type: "percent", discount_value: 100 },
        }),
        api("GET", "/v1/admin/coupons", { token: who.access_token }),
        api("PATCH", `/v1/admin/coupons/${coupon.id}`, { token: who.access_token, body: { is_active: false } }),
      ];
      expect(
        (await Promise.all(calls)).map((r) => r.status),
        role,
      ).toEqual([404, 404, 404]);
    }
    expect((await api("GET", "/v1/admin/coupons")).status).toBe(401);
    expect((await uses(coupon.id)).count).toBe(0);
    const still = (await (await api("GET", "/v1/admin/coupons?limit=100", { token: await adminToken() })).json()) as {
      data: AdminCoupon[];
    };
    expect(still.data.find((c) => c.id === coupon.id)?.is_active).toBe(true);
  });

  it("what admins do to coupons is in the audit log: the creation and each change, by whom", async () => {
    const admin = await adminToken();
    const coupon = await createCoupon();
    const patched = await api("PATCH", `/v1/admin/coupons/${coupon.id}`, { token: admin, body: { is_active: false } });
    expect(patched.status).toBe(200);
    const res = await api("GET", `/v1/admin/audit?target_type=coupon&target_id=${coupon.id}`, { token: admin });
    const { data } = (await res.json()) as { data: { action: string; actor_id: string; details: unknown }[] };
    expect(data.map((e) => e.action)).toEqual(["coupon.update", "coupon.create"]);
    expect(data[0]?.details).toEqual({ changed: ["is_active"] });
  });
});
