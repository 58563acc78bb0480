/**
 * Every route that takes a JSON body answers malformed, wrongly typed and
 * oversized bodies with a problem+json 4xx naming what is wrong — never a
 * 500. Later routes join the table.
 */
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/app.ts";
import { adminToken, call, expectProblem, randomIp, register } from "./helpers.ts";

interface BodyRoute {
  method: string;
  path: string;
  auth?: "rider" | "driver";
  /** A body with a wrongly typed field, and that field's name. */
  wrong: unknown;
  field: string;
}

const ID = "00000000-0000-4000-8000-000000000000";
const ROUTES: BodyRoute[] = [
  {
    method: "POST",
    path: "/v1/auth/register",
    wrong: { email: "a@b.test", password: 12345678, name: "x", role: "rider" },
    field: "password",
  },
  { method: "POST", path: "/v1/auth/login", wrong: { email: ["a@b.test"], password: "x" }, field: "email" },
  {
    method: "POST",
    path: "/v1/auth/otp/send",
    wrong: { phone: 9812345678, country_code: "+91", role: "rider" },
    field: "phone",
  },
  { method: "POST", path: "/v1/auth/otp/verify", wrong: { otp_id: ID, code: 123456 }, field: "code" },
  { method: "POST", path: "/v1/auth/refresh", wrong: { refresh_token: { a: 1 } }, field: "refresh_token" },
  { method: "POST", path: "/v1/auth/logout", wrong: { refresh_token: true }, field: "refresh_token" },
  { method: "PATCH", path: "/v1/me", auth: "rider", wrong: { name: 42 }, field: "name" },
  {
    method: "POST",
    path: "/v1/me/addresses",
    auth: "rider",
    wrong: { line: "x", location: { lat: "north", lng: 1 } },
    field: "location.lat",
  },
  { method: "PATCH", path: `/v1/me/addresses/${ID}`, auth: "rider", wrong: { is_default: "yes" }, field: "is_default" },
  {
    method: "POST",
    path: "/v1/drivers/me/vehicles",
    auth: "driver",
    wrong: { vehicle_class: "car", plate: "X1", model: "M", seats: "four" },
    field: "seats",
  },
  {
    method: "PATCH",
    path: `/v1/drivers/me/vehicles/${ID}`,
    auth: "driver",
    wrong: { is_active: 1 },
    field: "is_active",
  },
  { method: "POST", path: `/v1/admin/drivers/${ID}/reject`, wrong: { reason: 7 }, field: "reason" },
  {
    method: "POST",
    path: "/v1/rides/estimate",
    auth: "rider",
    wrong: { service: "passenger", pickup: { lat: 23, lng: 72.5 }, dropoff: "there" },
    field: "dropoff",
  },
  {
    method: "POST",
    path: "/v1/rides",
    auth: "rider",
    wrong: {
      service: "boat",
      pickup: { lat: 23, lng: 72.5 },
      dropoff: { lat: 23.01, lng: 72.5 },
      vehicle_class: "car",
    },
    field: "service",
  },
  { method: "POST", path: `/v1/rides/${ID}/cancel`, auth: "rider", wrong: { reason: ["x"] }, field: "reason" },
];

async function tokenFor(route: BodyRoute): Promise<string | undefined> {
  if (route.path.startsWith("/v1/admin/")) return adminToken();
  return route.auth ? (await register(route.auth)).access_token : undefined;
}

function raw(route: BodyRoute, token: string | undefined, body: string) {
  return call(route.path, {
    method: route.method,
    headers: {
      "content-type": "application/json",
      "cf-connecting-ip": randomIp(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
}

describe.each(ROUTES)("$method $path", (route) => {
  it("answers malformed JSON with 400 malformed_json", async () => {
    await expectProblem(await raw(route, await tokenFor(route), '{"broken": '), 400, "malformed_json");
  });

  it(`answers a wrongly typed ${route.field} with 400 naming it`, async () => {
    const body = await expectProblem(
      await raw(route, await tokenFor(route), JSON.stringify(route.wrong)),
      400,
      "validation_failed",
    );
    expect(body.errors?.map((e) => e.path)).toContain(route.field);
  });

  it("answers an oversized body with 413", async () => {
    const huge = JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES + 1) });
    await expectProblem(await raw(route, await tokenFor(route), huge), 413, "body_too_large");
  });

  it("answers a non-object body with 400", async () => {
    const res = await raw(route, await tokenFor(route), "[1,2,3]");
    expect(res.status).toBe(400);
  });
});

describe("NUL characters", () => {
  it("are refused in any JSON body with 400 invalid_characters", async () => {
    const rider = await register("rider");
    const res = await call("/v1/me/addresses", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${rider.access_token}`,
        "cf-connecting-ip": randomIp(),
      },
      body: JSON.stringify({ line: "12 CG Road\u0000", location: { lat: 23, lng: 72.5 } }),
    });
    await expectProblem(res, 400, "invalid_characters");
  });
});
