/** Cities, service areas, pricing and vehicle classes over HTTP. */
import { describe, expect, it } from "vitest";
import { call, expectProblem } from "./helpers.ts";

describe("GET /v1/cities", () => {
  it("pages through the cities with a cursor", async () => {
    const first = (await (await call("/v1/cities?limit=1")).json()) as {
      data: { id: string }[];
      next_cursor: string | null;
    };
    expect(first.data.map((c) => c.id)).toEqual(["ahmedabad"]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await (await call(`/v1/cities?limit=1&cursor=${first.next_cursor}`)).json()) as {
      data: { id: string }[];
      next_cursor: string | null;
    };
    expect(second.data.map((c) => c.id)).toEqual(["new-york"]);
    expect(second.next_cursor).toBeNull();
  });
});

describe("GET /v1/cities/locate", () => {
  it("finds the city whose service area covers a point", async () => {
    const res = await call("/v1/cities/locate?lat=40.7577&lng=-73.9925");
    expect(res.status).toBe(200);
    const city = (await res.json()) as { id: string; currency: string; service_area: { type: string } };
    expect(city).toMatchObject({ id: "new-york", currency: "USD", service_area: { type: "Polygon" } });
  });

  it("says so when no city serves the point", async () => {
    await expectProblem(await call("/v1/cities/locate?lat=51.5&lng=-0.12"), 404, "outside_service_area");
  });
});

describe("GET /v1/cities/{id}", () => {
  it("shows the pricing per vehicle class and service in minor units", async () => {
    const res = await call("/v1/cities/ahmedabad");
    expect(res.status).toBe(200);
    const city = (await res.json()) as {
      taxes: { code: string; rate_ppm: number }[];
      pricing: { vehicle_class: string; service: string; base_fare: { amount: number; currency: string } }[];
    };
    expect(city.taxes).toEqual([
      { code: "CGST", name: "Central GST", rate_ppm: 90000 },
      { code: "SGST", name: "State GST", rate_ppm: 90000 },
    ]);
    const bikeGoods = city.pricing.find((p) => p.vehicle_class === "bike" && p.service === "goods");
    expect(bikeGoods?.base_fare).toEqual({ amount: 5400, currency: "INR" });
    expect(new Set(city.pricing.map((p) => p.vehicle_class))).toEqual(new Set(["bike", "auto", "car", "mini_truck"]));
  });

  it("answers 404 city_not_found for an unknown city", async () => {
    await expectProblem(await call("/v1/cities/atlantis"), 404, "city_not_found");
  });
});

describe("GET /v1/vehicle-classes", () => {
  it("lists the classes in display order", async () => {
    const body = (await (await call("/v1/vehicle-classes")).json()) as { data: { id: string }[] };
    expect(body.data.map((v) => v.id)).toEqual(["bike", "auto", "car", "mini_truck"]);
  });
});

/**
 * Every route that takes input answers bad input with 400 validation_failed
 * naming the offending field. Later routes join this table.
 */
const BAD_INPUT: { route: string; path: string; init?: RequestInit; field: string; in: string }[] = [
  { route: "GET /v1/cities", path: "/v1/cities?limit=0", field: "limit", in: "query" },
  { route: "GET /v1/cities", path: "/v1/cities?limit=many", field: "limit", in: "query" },
  { route: "GET /v1/cities/locate", path: "/v1/cities/locate?lat=91&lng=72", field: "lat", in: "query" },
  { route: "GET /v1/cities/locate", path: "/v1/cities/locate?lat=23", field: "lng", in: "query" },
  { route: "GET /v1/cities/{id}", path: "/v1/cities/NOT_A_SLUG!", field: "id", in: "path" },
];

describe.each(BAD_INPUT)("bad input to $route ($path)", ({ path, init, field, in: where }) => {
  it(`answers 400 naming ${field}`, async () => {
    const body = await expectProblem(await call(path, init), 400, "validation_failed");
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field, in: where })]));
  });
});
