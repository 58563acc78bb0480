/**
 * Packages on deliveries and order numbers on every ride (issue 14, items 3
 * and 6): a class's weight and distance limits in estimates and requests,
 * load assist as a fare line that is charged, and order numbers that are
 * unique under concurrent requests, shown to rider and driver, and found by
 * admins.
 */
import { describe, expect, it } from "vitest";
import { offset, onlineDriver, randomSpot, requestRide } from "./dispatch-helpers.ts";
import { adminToken, api, expectProblem, register } from "./helpers.ts";
import { openSocket } from "./sockets.ts";

interface Fare {
  lines: { code: string; amount: number }[];
  total: { amount: number; currency: string };
}
interface Estimate {
  options: { vehicle_class: string; fare: Fare }[];
}

const ORDER_NUMBER = /^CB-AMD-\d{6,}$/;

async function estimateFor(token: string, body: Record<string, unknown>): Promise<Response> {
  return api("POST", "/v1/rides/estimate", { token, body });
}

describe("packages", () => {
  it("an estimate lists only the classes that can carry the package", async () => {
    const rider = await register("rider");
    const pickup = randomSpot();
    const trip = { service: "goods", pickup, dropoff: offset(pickup, 2000, 0) };
    const light = await estimateFor(rider.access_token, { ...trip, package: { description: "Letters", weight_kg: 2 } });
    expect(((await light.json()) as Estimate).options.map((o) => o.vehicle_class)).toEqual([
      "bike",
      "auto",
      "mini_truck",
    ]);
    const heavy = await estimateFor(rider.access_token, {
      ...trip,
      package: { description: "A washing machine", weight_kg: 300 },
    });
    expect(heavy.status).toBe(200);
    expect(((await heavy.json()) as Estimate).options.map((o) => o.vehicle_class)).toEqual(["mini_truck"]);
  });

  it("an overweight package is 422 too_heavy naming the class's max_weight_kg, and no ride is written", async () => {
    const rider = await register("rider");
    const pickup = randomSpot();
    const res = await api("POST", "/v1/rides", {
      token: rider.access_token,
      body: {
        service: "goods",
        pickup,
        dropoff: offset(pickup, 2000, 0),
        vehicle_class: "bike",
        package: { description: "Two sacks of rice", weight_kg: 50 },
      },
    });
    const problem = await expectProblem(res, 422, "too_heavy");
    expect(problem).toMatchObject({ vehicle_class: "bike", max_weight_kg: 20 });
    const mine = (await (await api("GET", "/v1/rides", { token: rider.access_token })).json()) as { data: unknown[] };
    expect(mine.data).toEqual([]);
    // Nothing any class carries: the largest truck's limit.
    const none = await estimateFor(rider.access_token, {
      service: "goods",
      pickup,
      dropoff: offset(pickup, 2000, 0),
      package: { description: "A boat", weight_kg: 2000 },
    });
    expect(await expectProblem(none, 422, "too_heavy")).toMatchObject({
      vehicle_class: "mini_truck",
      max_weight_kg: 750,
    });
  });

  it("a trip longer than a class goes is 422 too_far naming max_distance_km, and the estimate leaves it out", async () => {
    const rider = await register("rider");
    // Across Ahmedabad, south-west to north-east: about 27 km as the crow flies, over 30 on the road.
    const trip = { pickup: { lat: 22.93, lng: 72.48 }, dropoff: { lat: 23.11, lng: 72.67 } };
    const far = await api("POST", "/v1/rides", {
      token: rider.access_token,
      body: { service: "passenger", ...trip, vehicle_class: "bike" },
    });
    expect(await expectProblem(far, 422, "too_far")).toMatchObject({ vehicle_class: "bike", max_distance_km: 15 });
    const quoted = (await (
      await estimateFor(rider.access_token, { service: "passenger", ...trip })
    ).json()) as Estimate;
    expect(quoted.options.map((o) => o.vehicle_class)).toEqual(["car"]);
  });

  it("load assist is a fare line where offered, 422 where asked of a class that does not offer it", async () => {
    const rider = await register("rider");
    const pickup = randomSpot();
    const trip = { service: "goods", pickup, dropoff: offset(pickup, 3000, 0) };
    const pkg = { description: "A fridge", weight_kg: 60, fragile: true, load_assist: true };
    const quoted = (await (await estimateFor(rider.access_token, { ...trip, package: pkg })).json()) as Estimate;
    expect(quoted.options.map((o) => o.vehicle_class)).toEqual(["auto", "mini_truck"]);
    for (const option of quoted.options) {
      expect(option.fare.lines.find((l) => l.code === "load_assist")?.amount).toBe(
        option.vehicle_class === "auto" ? 5000 : 15000,
      );
    }
    const bike = await api("POST", "/v1/rides", {
      token: rider.access_token,
      body: { ...trip, vehicle_class: "bike", package: { description: "Keys", weight_kg: 1, load_assist: true } },
    });
    expect(await expectProblem(bike, 422, "load_assist_not_offered")).toMatchObject({ vehicle_class: "bike" });
  });

  it("load assist is charged at completion, and the driver is offered the ride with its order number", async () => {
    const pickup = randomSpot();
    const driver = await onlineDriver("auto", offset(pickup, 80, 0));
    const rider = await register("rider");
    const ride = (await requestRide(rider, {
      service: "goods",
      pickup,
      dropoff: offset(pickup, 1500, 0),
      vehicle_class: "auto",
      package: {
        description: "A fridge",
        weight_kg: 60,
        dimensions_cm: { length: 70, width: 60, height: 170 },
        fragile: true,
        goods_type: "appliance",
        load_assist: true,
      },
    })) as unknown as { id: string; order_number: string; estimate: Fare; package: Record<string, unknown> };
    expect(ride.order_number).toMatch(ORDER_NUMBER);
    expect(ride.package).toMatchObject({ dimensions_cm: { length: 70, width: 60, height: 170 }, load_assist: true });
    expect(ride.estimate.lines.find((l) => l.code === "load_assist")?.amount).toBe(5000);

    const offer = await driver.socket.nextOf("offer");
    expect(offer).toMatchObject({ ride_id: ride.id, order_number: ride.order_number });
    driver.socket.send({ type: "offer.accept", ride_id: ride.id });
    expect(await driver.socket.nextOf("ride.status")).toMatchObject({
      ride_id: ride.id,
      order_number: ride.order_number,
    });
    const seen = (await (await api("GET", `/v1/rides/${ride.id}`, { token: driver.account.access_token })).json()) as {
      order_number: string;
    };
    expect(seen.order_number).toBe(ride.order_number);

    const watcher = await openSocket(`/v1/ws/rides/${ride.id}?token=${rider.access_token}`);
    expect(await watcher.next()).toMatchObject({ type: "ride.status", order_number: ride.order_number });
    driver.socket.send({ type: "ride.arrived", ride_id: ride.id });
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "driver_arrived" });
    driver.socket.send({ type: "ride.started", ride_id: ride.id });
    expect(await watcher.nextOf("ride.status")).toMatchObject({ status: "in_progress" });
    driver.socket.send({ type: "ride.completed", ride_id: ride.id });
    const completed = await watcher.nextOf("ride.completed");
    const fare = completed.fare as Fare;
    expect(fare.lines.find((l) => l.code === "load_assist")?.amount).toBe(5000);
    expect(fare.total.amount).toBe(fare.lines.reduce((s, l) => s + l.amount, 0));
    watcher.close();
    driver.socket.close();
  });
});

describe("order numbers", () => {
  it("are unique under 20 concurrent requests, shown in the rider's list, and found by an admin in any case", async () => {
    const riders = await Promise.all(Array.from({ length: 4 }, () => register("rider")));
    const pickup = randomSpot();
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api("POST", "/v1/rides", {
          token: riders[i % riders.length]?.access_token as string,
          body: { service: "passenger", pickup, dropoff: offset(pickup, 1000 + i * 10, 0), vehicle_class: "car" },
        }),
      ),
    );
    const rides = await Promise.all(
      responses.map(async (res) => {
        expect(res.status, await res.clone().text()).toBe(201);
        return (await res.json()) as { id: string; order_number: string; rider_id: string };
      }),
    );
    const numbers = rides.map((r) => r.order_number);
    for (const n of numbers) expect(n).toMatch(ORDER_NUMBER);
    expect(new Set(numbers).size).toBe(20);

    // The rider's own list and the ride show it too.
    const first = rides[0] as (typeof rides)[number];
    const owner = riders.find((r) => r.id === first.rider_id);
    const listed = (await (await api("GET", "/v1/rides", { token: owner?.access_token as string })).json()) as {
      data: { id: string; order_number: string }[];
    };
    expect(listed.data.find((r) => r.id === first.id)?.order_number).toBe(first.order_number);

    const admin = await adminToken();
    const found = await api("GET", `/v1/admin/rides?order_number=${first.order_number.toLowerCase()}`, {
      token: admin,
    });
    expect(found.status).toBe(200);
    expect(((await found.json()) as { data: { id: string; order_number: string; rider_id: string }[] }).data).toEqual([
      expect.objectContaining({ id: first.id, order_number: first.order_number, rider_id: first.rider_id }),
    ]);
    const nobody = await api("GET", "/v1/admin/rides?order_number=CB-AMD-999999999", { token: admin });
    expect(((await nobody.json()) as { data: unknown[] }).data).toEqual([]);
    await Promise.all(
      rides.map((r) =>
        api("POST", `/v1/rides/${r.id}/cancel`, {
          token: riders.find((x) => x.id === r.rider_id)?.access_token as string,
          body: {},
        }),
      ),
    );
  });

  it("lists a city's rides for admins, and refuses what cannot be an order number with 400 naming it", async () => {
    const admin = await adminToken();
    const page = (await (await api("GET", "/v1/admin/rides?city_id=ahmedabad&limit=5", { token: admin })).json()) as {
      data: { city_id: string; order_number: string }[];
    };
    for (const r of page.data) {
      expect(r.city_id).toBe("ahmedabad");
      expect(r.order_number).toMatch(ORDER_NUMBER);
    }
    const bad = await api("GET", "/v1/admin/rides?order_number=AMD-12", { token: admin });
    const problem = await expectProblem(bad, 400, "validation_failed");
    expect(problem.errors).toContainEqual({ path: "order_number", in: "query", message: expect.any(String) });
  });
});
