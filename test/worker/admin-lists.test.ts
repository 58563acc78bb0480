/**
 * Admins' lists of rides, bookings and payments: each filter narrows the
 * list to what it names, newest first, a page at a time.
 */
import { describe, expect, it } from "vitest";
import { offset, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { adminToken, api, register } from "./helpers.ts";
import { settledRide } from "./money-helpers.ts";
import { book, spotOf, window } from "./parking-helpers.ts";

async function list<T = { id: string }>(path: string): Promise<{ data: T[]; next_cursor: string | null }> {
  const res = await api("GET", path, { token: await adminToken() });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { data: T[]; next_cursor: string | null };
}

const ids = (page: { data: { id: string }[] }) => page.data.map((r) => r.id);

describe("GET /v1/admin/rides", () => {
  it("filters by rider, service, status, city, request time and order number", async () => {
    const rider = await register("rider");
    const pickup = randomSpot();
    const passenger = await requestRide(rider, {
      service: "passenger",
      pickup,
      dropoff: offset(pickup, 1500, 0),
      vehicle_class: "car",
    });
    const parcel = await requestRide(rider, {
      service: "goods",
      pickup,
      dropoff: offset(pickup, 1500, 0),
      vehicle_class: "bike",
      package: { description: "Letters", weight_kg: 1 },
    });
    const mine = `rider_id=${rider.id}`;
    expect(ids(await list(`/v1/admin/rides?${mine}`))).toEqual([parcel.id, passenger.id]);
    expect(ids(await list(`/v1/admin/rides?${mine}&service=goods`))).toEqual([parcel.id]);
    expect(ids(await list(`/v1/admin/rides?${mine}&city_id=new-york`))).toEqual([]);
    expect(ids(await list(`/v1/admin/rides?${mine}&status=completed`))).toEqual([]);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect(ids(await list(`/v1/admin/rides?${mine}&from=${later}`))).toEqual([]);
    expect(ids(await list(`/v1/admin/rides?${mine}&to=${later}&limit=1`))).toEqual([parcel.id]);
    const byNumber = await list<{ id: string; rider_id: string }>(
      `/v1/admin/rides?order_number=${String(passenger.order_number).toLowerCase()}`,
    );
    expect(byNumber.data).toEqual([expect.objectContaining({ id: passenger.id, rider_id: rider.id })]);
    for (const ride of [passenger, parcel]) {
      await api("POST", `/v1/rides/${ride.id}/cancel`, { token: rider.access_token, body: {} });
    }
  });
});

describe("GET /v1/admin/bookings", () => {
  it("filters by renter, owner, spot and status", async () => {
    const spot = await spotOf();
    const renter = await register("rider");
    const res = await book(renter, spot.id, window(48, 2), { payment_method: "card" });
    expect(res.status, await res.clone().text()).toBe(201);
    const booking = (await res.json()) as { id: string; status: string };
    const byRenter = await list<{ id: string; renter_id: string; renter_name: string; spot_id: string }>(
      `/v1/admin/bookings?renter_id=${renter.id}`,
    );
    expect(byRenter.data).toEqual([
      expect.objectContaining({ id: booking.id, spot_id: spot.id, renter_name: "Test rider" }),
    ]);
    expect(ids(await list(`/v1/admin/bookings?owner_id=${spot.owner.id}`))).toEqual([booking.id]);
    expect(ids(await list(`/v1/admin/bookings?spot_id=${spot.id}&status=${booking.status}`))).toEqual([booking.id]);
    expect(ids(await list(`/v1/admin/bookings?spot_id=${spot.id}&status=completed`))).toEqual([]);
  });
});

describe("GET /v1/admin/payments", () => {
  it("filters by payer, ride, purpose and status", async () => {
    const { rider, ride, settled } = await settledRide("card");
    const page = await list<{ id: string; ride_id: string; status: string; purpose: string; user_id: string }>(
      `/v1/admin/payments?user_id=${rider.id}`,
    );
    expect(page.data).toEqual([
      expect.objectContaining({ ride_id: ride.id, status: "succeeded", purpose: "ride", user_id: rider.id }),
    ]);
    expect(page.data[0]?.id).toBe(settled.payment.id);
    expect(ids(await list(`/v1/admin/payments?ride_id=${ride.id}&purpose=ride&method=card`))).toEqual([
      settled.payment.id,
    ]);
    expect(ids(await list(`/v1/admin/payments?ride_id=${ride.id}&status=refunded`))).toEqual([]);
    expect(ids(await list(`/v1/admin/payments?ride_id=${ride.id}&purpose=tip`))).toEqual([]);
  });
});
