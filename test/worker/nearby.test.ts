/** GET /v1/drivers/nearby: the cars on a rider's map, nearest first, of the asked class, not named. */
import { describe, expect, it } from "vitest";
import { eventually, offset, onlineDriver, randomSpot } from "./dispatch-helpers.ts";
import { api, expectProblem, register } from "./helpers.ts";

interface Nearby {
  data: { vehicle_class: string; lat: number; lng: number; heading: number | null; distance_m: number }[];
}

describe("nearby drivers", () => {
  it("lists available drivers of the class nearest first, within the radius, without who they are", async () => {
    const spot = randomSpot();
    const near = await onlineDriver("car", offset(spot, 300, 0));
    const nearer = await onlineDriver("car", offset(spot, 0, 120));
    const bike = await onlineDriver("bike", offset(spot, 50, 0));
    const far = await onlineDriver("car", offset(spot, 0, 1400));
    const rider = await register("rider");
    const ask = async (query: string) => {
      const res = await api("GET", `/v1/drivers/nearby?lat=${spot.lat}&lng=${spot.lng}&${query}`, {
        token: rider.access_token,
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Nearby;
    };

    const cars = await eventually(async () => {
      const body = await ask("vehicle_class=car&radius_m=1000");
      return body.data.length >= 2 ? body : null;
    });
    // Other tests' drivers may be about, but never closer than ours at these distances in a random spot.
    expect(cars.data.slice(0, 2).map((d) => d.distance_m)).toEqual([expect.closeTo(120, -1), expect.closeTo(300, -1)]);
    expect(cars.data.every((d) => d.vehicle_class === "car" && d.distance_m <= 1000)).toBe(true);
    expect(Object.keys(cars.data[0] ?? {}).sort()).toEqual(["distance_m", "heading", "lat", "lng", "vehicle_class"]);
    expect(cars.data[0]?.lat).toBeCloseTo(nearer.at.lat, 3);

    const all = await ask("radius_m=2000&limit=3");
    expect(all.data.map((d) => d.vehicle_class).slice(0, 3)).toEqual(["bike", "car", "car"]);
    expect(all.data.length).toBe(3);

    // A driver on a break is not on the map.
    bike.socket.send({ type: "status", status: "break" });
    expect(await bike.socket.next()).toEqual({ type: "driver.status", status: "break" });
    // A driver on a break leaves the map within the summaries' second.
    const after = await eventually(async () => {
      const body = await ask("radius_m=2000");
      return body.data.some((d) => d.vehicle_class === "bike" && d.distance_m < 60) ? null : body;
    }, 3_000);
    expect(after.data.some((d) => Math.abs(d.distance_m - 1400) < 20)).toBe(true);

    for (const d of [near, nearer, bike, far]) d.socket.close();
  });

  it("needs a signed-in caller and a valid position, radius and limit", async () => {
    expect((await api("GET", "/v1/drivers/nearby?lat=23&lng=72.6")).status).toBe(401);
    const rider = await register("rider");
    for (const query of [
      "lat=&lng=72.6",
      "lat=91&lng=72.6",
      "lat=23&lng=72.6&radius_m=50000",
      "lat=23&lng=72.6&limit=0",
      // Whole numbers, as every other limit.
      "lat=23&lng=72.6&limit=1.5",
      "lat=23&lng=72.6&radius_m=1000.5",
    ]) {
      await expectProblem(
        await api("GET", `/v1/drivers/nearby?${query}`, { token: rider.access_token }),
        400,
        "validation_failed",
      );
    }
  });
});
