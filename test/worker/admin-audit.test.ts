/**
 * Every admin action is in the audit log: driver verify and reject, an
 * admin's ride cancel and a refund here (suspensions: admin-users.test.ts,
 * tariffs: admin-pricing.test.ts); the log filters by admin, action, target
 * and time, and cannot be changed.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ADMIN } from "../../scripts/demo/data.ts";
import { offset, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { adminToken, api, expectProblem, register, withDb } from "./helpers.ts";
import { settledRide } from "./money-helpers.ts";

interface Entry {
  id: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  details: Record<string, unknown>;
  at: string;
}

async function audit(query: string): Promise<{ data: Entry[]; next_cursor: string | null }> {
  const res = await api("GET", `/v1/admin/audit?${query}`, { token: await adminToken() });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { data: Entry[]; next_cursor: string | null };
}

describe("the admin audit log", () => {
  it("holds driver reviews, ride cancels and refunds, with who, what and when", async () => {
    const admin = await adminToken();
    const started = new Date(Date.now() - 1_000).toISOString();
    const [accepted, rejected] = await Promise.all([register("driver"), register("driver")]);
    expect((await api("POST", `/v1/admin/drivers/${accepted.id}/verify`, { token: admin })).status).toBe(200);
    const reason = { reason: "The licence photo is blurred." };
    expect((await api("POST", `/v1/admin/drivers/${rejected.id}/reject`, { token: admin, body: reason })).status).toBe(
      200,
    );
    // An unknown driver is 404 and leaves no row.
    const nobody = crypto.randomUUID();
    expect((await api("POST", `/v1/admin/drivers/${nobody}/verify`, { token: admin })).status).toBe(404);

    const rider = await register("rider");
    const pickup = randomSpot();
    const ride = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 1500, 0),
      vehicle_class: "car",
    });
    const cancel = await api("POST", `/v1/rides/${ride.id}/cancel`, { token: admin, body: { reason: "Fraud check" } });
    expect(cancel.status).toBe(200);
    // The rider's own cancel of another ride is not an admin action.
    const own = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 1500, 0),
      vehicle_class: "car",
    });
    expect((await api("POST", `/v1/rides/${own.id}/cancel`, { token: rider.access_token, body: {} })).status).toBe(200);

    const paid = await settledRide("card");
    const paymentId = paid.settled.payment.id as string;
    const refund = await api("POST", `/v1/admin/payments/${paymentId}/refund`, {
      token: admin,
      body: { amount: { amount: 100, currency: "INR" }, reason: "Long detour" },
      headers: { "idempotency-key": `audit-${paymentId}` },
    });
    expect(refund.status, await refund.clone().text()).toBe(200);

    const mine = await audit(`actor_id=${ADMIN.id}&from=${started}&limit=100`);
    const of = (targetId: string) => mine.data.filter((e) => e.target_id === targetId);
    expect(of(accepted.id)).toEqual([
      expect.objectContaining({ action: "driver.verify", target_type: "driver", actor_id: ADMIN.id, details: {} }),
    ]);
    expect(of(rejected.id)).toEqual([
      expect.objectContaining({ action: "driver.reject", details: { reason: reason.reason } }),
    ]);
    expect(of(nobody)).toEqual([]);
    expect(of(ride.id)).toEqual([
      expect.objectContaining({
        action: "ride.cancel",
        target_type: "ride",
        details: { status: "cancelled", reason: "Fraud check" },
      }),
    ]);
    expect(of(own.id)).toEqual([]);
    expect(of(paymentId)).toEqual([
      expect.objectContaining({
        action: "payment.refund",
        target_type: "payment",
        details: expect.objectContaining({ asked: 100, refunded_before: 0, refunded: 100, currency: "INR" }),
      }),
    ]);

    // Filters: by action and target, by time, a page at a time.
    expect((await audit(`action=driver.reject&target_id=${rejected.id}`)).data).toHaveLength(1);
    expect((await audit(`target_type=ride&target_id=${ride.id}`)).data.map((e) => e.action)).toEqual(["ride.cancel"]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await audit(`actor_id=${ADMIN.id}&from=${future}`)).data).toEqual([]);
    const first = await audit(`actor_id=${ADMIN.id}&from=${started}&limit=1`);
    const second = await audit(`actor_id=${ADMIN.id}&from=${started}&limit=1&cursor=${first.next_cursor}`);
    expect(second.data[0]?.id).not.toBe(first.data[0]?.id);
    expect(Date.parse(second.data[0]?.at ?? "")).toBeLessThanOrEqual(Date.parse(first.data[0]?.at ?? ""));
    await expectProblem(
      await api("GET", `/v1/admin/audit?from=${future}&to=${started}`, { token: admin }),
      400,
      "invalid_window",
    );

    // Append-only: the database refuses to change or remove a row.
    const id = of(ride.id)[0]?.id as string;
    await withDb(async ({ db }) => {
      await expect(db.execute(sql`update admin_audit set action = 'x' where id = ${id}`)).rejects.toThrow();
      await expect(db.execute(sql`delete from admin_audit where id = ${id}`)).rejects.toThrow();
    });
  });
});
