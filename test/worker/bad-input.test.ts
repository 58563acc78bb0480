/**
 * Bad input is a problem+json 4xx naming what is wrong — never a 500 — on
 * every route. The rules, each checked on every route it applies to (later
 * routes join the tables):
 *
 * - JSON bodies: malformed, wrongly typed, oversized, not an object, led by
 *   a byte-order mark, nested too deep; a JSON media type in any spelling
 *   (`APPLICATION/JSON` is JSON) gets the same checks;
 * - text: a lone UTF-16 surrogate in any string is 422 `invalid_unicode`, a
 *   NUL is 400 `invalid_characters`, both naming the field — for every
 *   string a route stores;
 * - list cursors: one decoder for every list; garbage, another list's
 *   cursor, or a time Postgres cannot hold is 400 `invalid_cursor`;
 * - query numbers are plain decimals: hex, exponents, signs, spaces and
 *   `Infinity` are 400 naming the parameter.
 */
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/app.ts";
import { base64UrlEncode } from "../../src/auth/encoding.ts";
import { verifiedDriver } from "./dispatch-helpers.ts";
import { adminToken, api, call, expectProblem, randomIp, register } from "./helpers.ts";
import { openSocket } from "./sockets.ts";

type Auth = "rider" | "driver" | "owner" | "admin";

interface BodyRoute {
  method: string;
  path: string;
  auth?: Auth;
  /** A well-formed body. */
  valid: Record<string, unknown>;
  /** Every string field the route stores or compares (dotted paths into `valid`). */
  strings: string[];
  /** A body with a wrongly typed field, and that field's name. */
  wrong: unknown;
  field: string;
}

const ID = "00000000-0000-4000-8000-000000000000";
const HERE = { lat: 23.0225, lng: 72.5714 };
const THERE = { lat: 23.0395, lng: 72.5662 };

const ROUTES: BodyRoute[] = [
  {
    method: "POST",
    path: "/v1/auth/register",
    valid: { email: "a@b.test", password: "correct horse", name: "Asha", phone: "+919812345678", role: "rider" },
    strings: ["email", "password", "name"],
    wrong: { email: "a@b.test", password: 12345678, name: "x", role: "rider" },
    field: "password",
  },
  {
    method: "POST",
    path: "/v1/auth/login",
    valid: { email: "a@b.test", password: "correct horse" },
    strings: ["email", "password"],
    wrong: { email: ["a@b.test"], password: "x" },
    field: "email",
  },
  {
    method: "POST",
    path: "/v1/auth/otp/send",
    valid: { phone: "9812345678", country_code: "+91", role: "rider" },
    strings: ["phone", "country_code"],
    wrong: { phone: 9812345678, country_code: "+91", role: "rider" },
    field: "phone",
  },
  {
    method: "POST",
    path: "/v1/auth/otp/verify",
    valid: { otp_id: ID, code: "123456" },
    strings: ["code"],
    wrong: { otp_id: ID, code: 123456 },
    field: "code",
  },
  {
    method: "POST",
    path: "/v1/auth/refresh",
    valid: { refresh_token: "r".repeat(40) },
    strings: ["refresh_token"],
    wrong: { refresh_token: { a: 1 } },
    field: "refresh_token",
  },
  {
    method: "POST",
    path: "/v1/auth/logout",
    valid: { refresh_token: "r".repeat(40) },
    strings: ["refresh_token"],
    wrong: { refresh_token: true },
    field: "refresh_token",
  },
  {
    method: "PATCH",
    path: "/v1/me",
    auth: "rider",
    valid: { name: "Asha" },
    strings: ["name"],
    wrong: { name: 42 },
    field: "name",
  },
  {
    method: "POST",
    path: "/v1/me/addresses",
    auth: "rider",
    valid: { label: "Home", line: "12 CG Road", landmark: "Near the park", location: HERE },
    strings: ["label", "line", "landmark"],
    wrong: { line: "x", location: { lat: "north", lng: 1 } },
    field: "location.lat",
  },
  {
    method: "PATCH",
    path: `/v1/me/addresses/${ID}`,
    auth: "rider",
    valid: { label: "Work", line: "1 Ashram Road", landmark: "Opposite the bank" },
    strings: ["label", "line", "landmark"],
    wrong: { is_default: "yes" },
    field: "is_default",
  },
  {
    method: "POST",
    path: "/v1/drivers/me/vehicles",
    auth: "driver",
    valid: { vehicle_class: "car", plate: "GJ01AB1234", make: "Maruti", model: "Dzire", color: "White" },
    strings: ["vehicle_class", "plate", "make", "model", "color"],
    wrong: { vehicle_class: "car", plate: "X1", model: "M", seats: "four" },
    field: "seats",
  },
  {
    method: "PATCH",
    path: `/v1/drivers/me/vehicles/${ID}`,
    auth: "driver",
    valid: { is_active: true },
    strings: [],
    wrong: { is_active: 1 },
    field: "is_active",
  },
  {
    method: "PUT",
    path: "/v1/drivers/me/online-status",
    auth: "driver",
    valid: { status: "online", ...HERE },
    strings: ["status"],
    wrong: { status: "online", lat: "north", lng: 72.5714 },
    field: "lat",
  },
  {
    method: "PUT",
    path: "/v1/drivers/me/location",
    auth: "driver",
    valid: { ...HERE, heading: 90, speed: 8, ts: "2026-11-30T09:15:02.120Z" },
    strings: ["ts"],
    wrong: { ...HERE, ts: "yesterday" },
    field: "ts",
  },
  {
    method: "POST",
    path: `/v1/admin/drivers/${ID}/reject`,
    auth: "admin",
    valid: { reason: "The licence photo is blurred." },
    strings: ["reason"],
    wrong: { reason: 7 },
    field: "reason",
  },
  {
    method: "POST",
    path: "/v1/rides/estimate",
    auth: "rider",
    valid: {
      service: "goods",
      pickup: HERE,
      dropoff: THERE,
      vehicle_class: "bike",
      package: { description: "Documents", weight_kg: 1, goods_type: "paper" },
    },
    strings: ["service", "vehicle_class", "package.description", "package.goods_type"],
    wrong: { service: "passenger", pickup: { lat: 23, lng: 72.5 }, dropoff: "there" },
    field: "dropoff",
  },
  {
    method: "POST",
    path: "/v1/rides",
    auth: "rider",
    valid: {
      service: "goods",
      pickup: { ...HERE, address: "12 CG Road" },
      dropoff: { ...THERE, address: "1 Ashram Road" },
      stops: [{ lat: 23.03, lng: 72.57, address: "Law Garden", contact_name: "Asha", contact_phone: "+919812345678" }],
      vehicle_class: "bike",
      package: {
        description: "Documents",
        weight_kg: 1,
        dimensions_cm: { length: 30, width: 20, height: 5 },
        fragile: false,
        goods_type: "paper",
        load_assist: false,
      },
      coupon_code: "WELCOME50",
    },
    strings: [
      "pickup.address",
      "dropoff.address",
      "stops.0.address",
      "stops.0.contact_name",
      "stops.0.contact_phone",
      "package.description",
      "package.goods_type",
      "coupon_code",
    ],
    wrong: {
      service: "boat",
      pickup: { lat: 23, lng: 72.5 },
      dropoff: { lat: 23.01, lng: 72.5 },
      vehicle_class: "car",
    },
    field: "service",
  },
  {
    method: "POST",
    path: `/v1/rides/${ID}/cancel`,
    auth: "rider",
    valid: { reason: "Plans changed" },
    strings: ["reason"],
    wrong: { reason: ["x"] },
    field: "reason",
  },
  {
    method: "POST",
    path: `/v1/rides/${ID}/tip`,
    auth: "rider",
    valid: { amount: { amount: 2000, currency: "INR" }, method: "card" },
    strings: ["amount.currency", "method"],
    wrong: { amount: { amount: 20.5, currency: "INR" } },
    field: "amount.amount",
  },
  {
    method: "POST",
    path: "/v1/wallet/top-up",
    auth: "rider",
    valid: { amount: { amount: 50_000, currency: "INR" } },
    strings: ["amount.currency"],
    wrong: { amount: { amount: "500", currency: "INR" } },
    field: "amount.amount",
  },
  {
    method: "POST",
    path: "/v1/wallet/withdraw",
    auth: "driver",
    valid: { amount: { amount: 10_000, currency: "INR" } },
    strings: ["amount.currency"],
    wrong: { amount: { amount: -5, currency: "INR" } },
    field: "amount.amount",
  },
  {
    method: "POST",
    path: "/v1/payouts/account",
    auth: "driver",
    valid: { country: "IN", return_url: "https://app.example/back", refresh_url: "https://app.example/again" },
    strings: ["country", "return_url", "refresh_url"],
    wrong: { country: 91 },
    field: "country",
  },
  {
    method: "POST",
    path: `/v1/admin/users/${ID}/suspend`,
    auth: "admin",
    valid: { reason: "Forged documents" },
    strings: ["reason"],
    wrong: { reason: ["Forged"] },
    field: "reason",
  },
  {
    method: "POST",
    path: `/v1/admin/users/${ID}/reinstate`,
    auth: "admin",
    valid: { reason: "Documents checked again" },
    strings: ["reason"],
    wrong: { reason: 3 },
    field: "reason",
  },
  {
    method: "PUT",
    path: "/v1/admin/pricing/ahmedabad/car/passenger",
    auth: "admin",
    valid: {
      base_fare: { amount: 5000, currency: "INR" },
      per_km: { amount: 1800, currency: "INR" },
      per_minute: { amount: 200, currency: "INR" },
      minimum_fare: { amount: 8000, currency: "INR" },
      cancellation_fee: { amount: 5000, currency: "INR" },
      load_assist: null,
      commission_bps: 2000,
    },
    strings: ["base_fare.currency", "per_km.currency"],
    wrong: { base_fare: { amount: "50", currency: "INR" } },
    field: "base_fare.amount",
  },
  {
    method: "POST",
    path: `/v1/admin/payments/${ID}/refund`,
    auth: "admin",
    valid: { amount: { amount: 500, currency: "INR" }, reason: "The driver took a long detour" },
    strings: ["amount.currency", "reason"],
    wrong: { reason: 5 },
    field: "reason",
  },
  {
    method: "POST",
    path: "/v1/spots",
    auth: "owner",
    valid: {
      title: "Covered bay",
      description: "Near the station",
      spot_type: "covered",
      vehicle_size: "standard",
      address: "12 Station Road",
      postal_code: "380009",
      location: HERE,
      hourly_rate: 5000,
      amenities: ["covered"],
      operating_hours: { mon: ["08:00-20:00"] },
      access_instructions: "Gate code 4321",
      cancellation_policy: "moderate",
    },
    strings: [
      "title",
      "description",
      "address",
      "postal_code",
      "access_instructions",
      "spot_type",
      "cancellation_policy",
    ],
    wrong: { title: "x", spot_type: "lot", vehicle_size: "compact", address: "a", location: HERE, hourly_rate: "5000" },
    field: "hourly_rate",
  },
  {
    method: "PATCH",
    path: `/v1/spots/${ID}`,
    auth: "owner",
    valid: { title: "Covered bay", description: "Near the station", access_instructions: "Gate code 4321" },
    strings: ["title", "description", "access_instructions"],
    wrong: { is_active: "yes" },
    field: "is_active",
  },
  {
    method: "POST",
    path: "/v1/bookings/quote",
    auth: "rider",
    valid: { spot_id: ID, starts_at: "2027-01-10T10:00:00Z", ends_at: "2027-01-10T12:00:00Z" },
    strings: ["starts_at", "ends_at"],
    wrong: { spot_id: ID, starts_at: 1_700_000_000, ends_at: "2027-01-10T12:00:00Z" },
    field: "starts_at",
  },
  {
    method: "POST",
    path: "/v1/bookings",
    auth: "rider",
    valid: {
      spot_id: ID,
      starts_at: "2027-01-10T10:00:00Z",
      ends_at: "2027-01-10T12:00:00Z",
      vehicle_plate: "GJ01AB1234",
      vehicle_make: "Maruti",
      vehicle_model: "Dzire",
      vehicle_color: "White",
      special_requests: "Near the exit, please",
      coupon_code: "PARK20",
    },
    strings: ["vehicle_plate", "vehicle_make", "vehicle_model", "vehicle_color", "special_requests", "coupon_code"],
    wrong: { spot_id: "not-a-uuid", starts_at: "2027-01-10T10:00:00Z", ends_at: "2027-01-10T12:00:00Z" },
    field: "spot_id",
  },
  {
    method: "POST",
    path: `/v1/bookings/${ID}/cancel`,
    auth: "rider",
    valid: { reason: "Plans changed" },
    strings: ["reason"],
    wrong: { reason: 42 },
    field: "reason",
  },
  {
    method: "POST",
    path: `/v1/bookings/${ID}/check-in`,
    auth: "rider",
    valid: { code: "ABCDEF" },
    strings: ["code"],
    wrong: { code: 123456 },
    field: "code",
  },
  {
    method: "POST",
    path: `/v1/bookings/${ID}/extend`,
    auth: "rider",
    valid: { ends_at: "2027-01-10T14:00:00Z" },
    strings: ["ends_at"],
    wrong: { ends_at: "tomorrow" },
    field: "ends_at",
  },
  {
    method: "POST",
    path: `/v1/bookings/${ID}/review`,
    auth: "rider",
    valid: { rating: 5, comment: "Easy to find" },
    strings: ["comment"],
    wrong: { rating: 6 },
    field: "rating",
  },
  {
    method: "POST",
    path: `/v1/reviews/${ID}/response`,
    auth: "owner",
    valid: { response: "Thank you!" },
    strings: ["response"],
    wrong: { response: ["thanks"] },
    field: "response",
  },
  {
    method: "POST",
    path: `/v1/rides/${ID}/rating`,
    auth: "rider",
    valid: { rating: 5, comment: "Smooth ride", tags: ["polite"] },
    strings: ["comment"],
    wrong: { rating: "five" },
    field: "rating",
  },
  {
    method: "POST",
    path: "/v1/coupons/validate",
    auth: "rider",
    valid: {
      code: "WELCOME50",
      service: "passenger",
      vehicle_class: "car",
      city_id: "ahmedabad",
      amount: { amount: 18_000, currency: "INR" },
    },
    strings: ["code", "vehicle_class", "city_id", "amount.currency"],
    wrong: { code: 50, service: "passenger", amount: { amount: 18_000, currency: "INR" } },
    field: "code",
  },
  {
    method: "POST",
    path: "/v1/admin/coupons",
    auth: "admin",
    valid: {
      code: "WELCOME50",
      description: "Half off a first ride",
      discount_type: "percent",
      discount_value: 5000,
      currency: "INR",
      max_discount_amount: 10_000,
      city_id: "ahmedabad",
      services: ["passenger"],
      vehicle_classes: ["car"],
      valid_until: "2027-01-10T10:00:00Z",
    },
    strings: ["code", "description", "currency", "city_id", "vehicle_classes.0", "valid_until"],
    wrong: { code: "WELCOME50", discount_type: "percent", discount_value: "ten" },
    field: "discount_value",
  },
  {
    method: "PATCH",
    path: `/v1/admin/coupons/${ID}`,
    auth: "admin",
    valid: { description: "Half off", valid_until: "2027-01-10T10:00:00Z" },
    strings: ["description", "valid_until"],
    wrong: { is_active: "no" },
    field: "is_active",
  },
  {
    method: "POST",
    path: "/v1/referrals/apply",
    auth: "rider",
    valid: { code: "K7MQ2XPA" },
    strings: ["code"],
    wrong: { code: 42 },
    field: "code",
  },
  {
    method: "POST",
    path: "/v1/rewards/redeem",
    auth: "rider",
    valid: { points: 100, currency: "INR" },
    strings: ["currency"],
    wrong: { points: "many" },
    field: "points",
  },
  {
    method: "POST",
    path: "/v1/webhooks/stripe",
    valid: { id: "evt_1", object: "event", type: "payment_intent.succeeded" },
    strings: ["id", "type"],
    wrong: { id: 5, type: "payment_intent.succeeded" },
    field: "id",
  },
  {
    method: "POST",
    path: `/v1/rides/${ID}/stops/1/failed`,
    auth: "driver",
    valid: { reason: "Nobody at the address" },
    strings: ["reason"],
    wrong: { reason: 42 },
    field: "reason",
  },
  {
    method: "POST",
    path: "/v1/me/devices",
    auth: "rider",
    valid: { platform: "android", token: "fcm-token-0123456789" },
    strings: ["token"],
    wrong: { platform: "android", token: 42 },
    field: "token",
  },
  {
    method: "PUT",
    path: "/v1/me/notification-preferences",
    auth: "rider",
    valid: { push: { promotion: true } },
    strings: [],
    wrong: { push: { promotion: "yes" } },
    field: "push.promotion",
  },
  {
    method: "POST",
    path: "/v1/notifications/read",
    auth: "rider",
    valid: { ids: [ID] },
    strings: ["ids.0"],
    wrong: { ids: ID },
    field: "ids",
  },
];

const accounts = new Map<Auth, Promise<string>>();

/** One account per role for the whole file: these tests are about input, not accounts. */
function tokenOf(auth: Auth | undefined): Promise<string | undefined> {
  if (!auth) return Promise.resolve(undefined);
  let token = accounts.get(auth);
  if (!token) {
    token = auth === "admin" ? adminToken() : register(auth).then((a) => a.access_token);
    accounts.set(auth, token);
  }
  return token;
}

async function send(
  route: { method: string; path: string; auth?: Auth },
  body: string | Uint8Array<ArrayBuffer>,
  contentType = "application/json",
) {
  const token = await tokenOf(route.auth);
  return call(route.path, {
    method: route.method,
    headers: {
      "content-type": contentType,
      "cf-connecting-ip": randomIp(),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body,
  });
}

/** A copy of `body` with `text` put at the dotted `path`. */
function withText(body: Record<string, unknown>, path: string, text: string): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split(".");
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys.at(-1) as string] = text;
  return copy;
}

const LONE_SURROGATE = "\ud800";
const NUL = "\u0000";

describe.each(ROUTES)("$method $path", (route) => {
  it("answers malformed JSON with 400 malformed_json", async () => {
    await expectProblem(await send(route, '{"broken": '), 400, "malformed_json");
  });

  it(`answers a wrongly typed ${route.field} with 400 naming it`, async () => {
    const body = await expectProblem(await send(route, JSON.stringify(route.wrong)), 400, "validation_failed");
    expect(body.errors?.map((e) => e.path)).toContain(route.field);
  });

  it("answers an oversized body with 413", async () => {
    const huge = JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES + 1) });
    await expectProblem(await send(route, huge), 413, "body_too_large");
  });

  it("answers a non-object body with 400", async () => {
    const res = await send(route, "[1,2,3]");
    expect(res.status).toBe(400);
  });

  it("answers a body led by a byte-order mark with 400 malformed_json, in any media-type spelling", async () => {
    const json = new TextEncoder().encode(JSON.stringify(route.valid));
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...json]);
    await expectProblem(await send(route, bom, "APPLICATION/JSON"), 400, "malformed_json");
  });

  it("answers JSON nested too deep with 400 nesting_too_deep", async () => {
    const deep = `{"pad":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    await expectProblem(await send(route, deep, "Application/Json"), 400, "nesting_too_deep");
  });

  // Every string the route stores, and a field it does not know: the rule is general.
  const fields = [...route.strings, "note"];

  it.each(fields)(
    "answers a lone surrogate in %s with 422 invalid_unicode naming it (APPLICATION/JSON)",
    async (field) => {
      const body = JSON.stringify(withText(route.valid, field, `12 CG Road ${LONE_SURROGATE}`));
      const problem = await expectProblem(await send(route, body, "APPLICATION/JSON"), 422, "invalid_unicode");
      expect(problem.errors).toEqual([{ path: field, in: "body", message: expect.any(String) }]);
    },
  );

  it.each(fields)(
    "answers a NUL in %s with 400 invalid_characters naming it (Application/Json; Charset=UTF-8)",
    async (field) => {
      const body = JSON.stringify(withText(route.valid, field, `12 CG Road${NUL}`));
      const res = await send(route, body, "Application/Json; Charset=UTF-8");
      const problem = await expectProblem(res, 400, "invalid_characters");
      expect(problem.errors).toEqual([{ path: field, in: "body", message: expect.any(String) }]);
    },
  );
});

describe("ids in paths", () => {
  const PATHS = ["/v1/drivers/me/jobs/not-a-uuid/accept", "/v1/drivers/me/jobs/not-a-uuid/decline"];

  it.each(PATHS)("POST %s is 400 naming ride_id", async (path) => {
    const problem = await expectProblem(
      await send({ method: "POST", path, auth: "driver" }, "{}"),
      400,
      "validation_failed",
    );
    expect(problem.errors).toContainEqual({ path: "ride_id", in: "path", message: expect.any(String) });
  });

  const IDS: { method: string; path: string; auth: Auth; body?: string }[] = [
    { method: "POST", path: "/v1/rides/not-a-uuid/rating", auth: "rider", body: '{"rating":5}' },
    { method: "GET", path: "/v1/users/not-a-uuid/ratings", auth: "rider" },
    { method: "POST", path: "/v1/admin/ratings/not-a-uuid/resolve", auth: "admin" },
    { method: "PATCH", path: "/v1/admin/coupons/not-a-uuid", auth: "admin", body: '{"is_active":false}' },
  ];

  it.each(IDS)("$method $path is 400 naming id", async ({ method, path, auth, body }) => {
    const token = await tokenOf(auth);
    const res = await call(path, {
      method,
      headers: {
        "cf-connecting-ip": randomIp(),
        authorization: `Bearer ${token}`,
        ...(body ? { "content-type": "application/json" } : {}),
      },
      ...(body ? { body } : {}),
    });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors).toContainEqual({ path: "id", in: "path", message: expect.any(String) });
  });
});

describe("JSON media types", () => {
  const route = ROUTES.find((r) => r.path === "/v1/me/addresses") as BodyRoute;
  const SPELLINGS = [
    "application/json",
    "APPLICATION/JSON",
    "Application/Json; Charset=UTF-8",
    "application/JSON;charset=utf-8",
    "application/vnd.curbside+json",
    "APPLICATION/PROBLEM+JSON",
  ];

  it.each(SPELLINGS)("%s gets every JSON check: NUL, lone surrogates, byte-order mark", async (type) => {
    const nul = JSON.stringify(withText(route.valid, "line", `x${NUL}`));
    await expectProblem(await send(route, nul, type), 400, "invalid_characters");
    const surrogate = JSON.stringify(withText(route.valid, "landmark", `x${LONE_SURROGATE}`));
    await expectProblem(await send(route, surrogate, type), 422, "invalid_unicode");
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(JSON.stringify(route.valid))]);
    await expectProblem(await send(route, bom, type), 400, "malformed_json");
  });

  it.each(SPELLINGS)("%s is accepted as JSON", async (type) => {
    const res = await send(route, JSON.stringify(route.valid), type);
    expect(res.status).toBe(201);
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "application/jsonx", "text/json"])(
    "%s is 415 unsupported_media_type, whatever the body holds",
    async (type) => {
      const body = JSON.stringify(withText(route.valid, "line", `x${NUL}`));
      await expectProblem(await send(route, body, type), 415, "unsupported_media_type");
    },
  );

  it("a raw NUL byte in a JSON string is malformed JSON", async () => {
    await expectProblem(await send(route, `{"line":"a${NUL}b","location":{"lat":1,"lng":1}}`), 400, "malformed_json");
  });

  it("a body that is not UTF-8 is malformed JSON", async () => {
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('{"line":"caf'),
      0xe9,
      ...new TextEncoder().encode('"}'),
    ]);
    await expectProblem(await send(route, latin1), 400, "malformed_json");
  });
});

const base64url = (text: string) => base64UrlEncode(new TextEncoder().encode(text));

describe("list cursors", () => {
  const LISTS: { path: string; auth?: Auth }[] = [
    { path: "/v1/cities" },
    { path: "/v1/me/addresses", auth: "rider" },
    { path: "/v1/rides", auth: "rider" },
    { path: "/v1/admin/drivers", auth: "admin" },
    { path: "/v1/admin/rides", auth: "admin" },
    { path: "/v1/notifications", auth: "rider" },
    { path: "/v1/admin/ratings", auth: "admin" },
    { path: "/v1/admin/coupons", auth: "admin" },
    { path: "/v1/coupons", auth: "rider" },
    { path: "/v1/rewards/points", auth: "rider" },
    { path: "/v1/admin/users", auth: "admin" },
    { path: "/v1/admin/bookings", auth: "admin" },
    { path: "/v1/admin/payments", auth: "admin" },
    { path: "/v1/admin/audit", auth: "admin" },
    { path: "/v1/admin/pricing", auth: "admin" },
  ];
  const at = (iso: string) => base64url(JSON.stringify([iso, ID]));
  const CURSORS: [string, string][] = [
    ["the latest time JavaScript holds (year 275760)", at(new Date(8.64e15).toISOString())],
    ["the earliest time JavaScript holds", at(new Date(-8.64e15).toISOString())],
    ["year 10000", at("+010000-01-01T00:00:00.000Z")],
    ["year 0", at("0000-01-01T00:00:00.000Z")],
    ["30 February", at("2026-02-30T00:00:00.000Z")],
    ["a time without a uuid", base64url(JSON.stringify(["2026-01-01T00:00:00.000Z", "nope"]))],
    ["a city cursor", base64url(JSON.stringify(["ahmedabad"]))],
    ["a city slug", "ahmedabad"],
    ["garbage", "garbage"],
    ["base64 of a NUL", base64url("\u0000")],
    ["base64 of a lone surrogate in JSON", base64url('["\\ud800"]')],
    ["not base64", "@@@"],
  ];

  describe.each(LISTS)("GET $path", (list) => {
    it.each(CURSORS)("answers %s with 400 invalid_cursor", async (_name, cursor) => {
      const token = await tokenOf(list.auth);
      const res = await call(`${list.path}?cursor=${cursor}`, {
        headers: { "cf-connecting-ip": randomIp(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      if (list.path === "/v1/cities" && _name === "a city cursor") {
        expect(res.status).toBe(200); // the one list this cursor belongs to
        return;
      }
      const problem = await expectProblem(res, 400, "invalid_cursor");
      expect(problem.errors?.map((e) => e.path)).toEqual(["cursor"]);
    });

    it("answers a NUL in the cursor with 400 naming it", async () => {
      const token = await tokenOf(list.auth);
      const res = await call(`${list.path}?cursor=%00`, {
        headers: { "cf-connecting-ip": randomIp(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      const problem = await expectProblem(res, 400, "invalid_characters");
      expect(problem.errors).toEqual([{ path: "cursor", in: "query", message: expect.any(String) }]);
    });

    it("still pages with the cursors it gives out", async () => {
      const token = await tokenOf(list.auth);
      const headers = { "cf-connecting-ip": randomIp(), ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const first = await call(`${list.path}?limit=1`, { headers });
      expect(first.status).toBe(200);
      const { next_cursor } = (await first.json()) as { next_cursor: string | null };
      if (next_cursor === null) return; // a list of one
      expect((await call(`${list.path}?limit=1&cursor=${next_cursor}`, { headers })).status).toBe(200);
    });
  });
});

describe("numbers in query strings are plain decimals", () => {
  const PARAMS: { route: string; param: string; ok: string; auth?: Auth }[] = [
    { route: "/v1/cities/locate?lng=72.5714", param: "lat", ok: "23.0225" },
    { route: "/v1/cities/locate?lat=23.0225", param: "lng", ok: "72.5714" },
    { route: "/v1/drivers/nearby?lat=23.0225&lng=72.5714", param: "radius_m", ok: "3000", auth: "rider" },
    { route: "/v1/drivers/nearby?lat=23.0225&lng=72.5714", param: "limit", ok: "10", auth: "rider" },
    { route: "/v1/cities?", param: "limit", ok: "10" },
    { route: "/v1/me/addresses?", param: "limit", ok: "10", auth: "rider" },
    { route: "/v1/rides?", param: "limit", ok: "10", auth: "rider" },
    { route: "/v1/admin/drivers?", param: "limit", ok: "10", auth: "admin" },
    { route: "/v1/admin/rides?", param: "limit", ok: "10", auth: "admin" },
    { route: "/v1/notifications?", param: "limit", ok: "10", auth: "rider" },
    { route: "/v1/admin/users?", param: "limit", ok: "10", auth: "admin" },
    { route: "/v1/admin/bookings?", param: "limit", ok: "10", auth: "admin" },
    { route: "/v1/admin/payments?", param: "limit", ok: "10", auth: "admin" },
    { route: "/v1/admin/audit?", param: "limit", ok: "10", auth: "admin" },
    { route: "/v1/admin/pricing?", param: "limit", ok: "10", auth: "admin" },
  ];
  const url = (p: { route: string; param: string }, value: string) =>
    `${p.route}${p.route.endsWith("?") ? "" : "&"}${p.param}=${value}`;
  const NOT_DECIMAL = [
    "0x10",
    "0X1A",
    "1e1",
    "1E1",
    "%2B5",
    "%205",
    "5%20",
    "Infinity",
    "NaN",
    "",
    "1_0",
    "0b11",
    "%D9%A3",
  ];

  describe.each(PARAMS)("$param in $route", (p) => {
    it.each(NOT_DECIMAL)("refuses %s with 400 naming the parameter", async (value) => {
      const token = await tokenOf(p.auth);
      const res = await call(url(p, value), {
        headers: { "cf-connecting-ip": randomIp(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      const problem = await expectProblem(res, 400, "validation_failed");
      expect(problem.errors).toContainEqual({ path: p.param, in: "query", message: expect.any(String) });
    });

    it("accepts a plain decimal", async () => {
      const token = await tokenOf(p.auth);
      const res = await call(url(p, p.ok), {
        headers: { "cf-connecting-ip": randomIp(), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      expect(res.status).toBe(200);
    });
  });
});

describe("packages and order numbers", () => {
  const goods = {
    service: "goods",
    pickup: HERE,
    dropoff: THERE,
    vehicle_class: "bike",
    package: { description: "Documents", weight_kg: 1 },
  };
  const PACKAGES: [string, Record<string, unknown>, string][] = [
    ["a weight of zero", { description: "Box", weight_kg: 0 }, "package.weight_kg"],
    ["a negative weight", { description: "Box", weight_kg: -5 }, "package.weight_kg"],
    ["a weight as text", { description: "Box", weight_kg: "heavy" }, "package.weight_kg"],
    [
      "a side of zero",
      { description: "Box", dimensions_cm: { length: 0, width: 1, height: 1 } },
      "package.dimensions_cm.length",
    ],
    [
      "a missing side",
      { description: "Box", dimensions_cm: { length: 10, width: 10 } },
      "package.dimensions_cm.height",
    ],
    [
      "a side of 3 km",
      { description: "Box", dimensions_cm: { length: 300_000, width: 1, height: 1 } },
      "package.dimensions_cm.length",
    ],
    ["load assist as text", { description: "Box", load_assist: "yes" }, "package.load_assist"],
    ["fragile as a number", { description: "Box", fragile: 1 }, "package.fragile"],
    ["no description", { weight_kg: 1 }, "package.description"],
  ];

  describe.each(["/v1/rides/estimate", "/v1/rides"])("POST %s", (path) => {
    it.each(PACKAGES)("answers %s with 400 naming it", async (_name, pkg, field) => {
      const token = await tokenOf("rider");
      const res = await api("POST", path, { token: token as string, body: { ...goods, package: pkg } });
      const problem = await expectProblem(res, 400, "validation_failed");
      expect(problem.errors).toContainEqual({ path: field, in: "body", message: expect.any(String) });
    });
  });

  it.each(["AMD-000123", "CB-AMD-123", "CB-AMD-0000123", "CB-AMD-000000", "CB-amd-00012x", "%00", "x".repeat(41)])(
    "GET /v1/admin/rides?order_number=%s is 400 naming order_number",
    async (value) => {
      const res = await api("GET", `/v1/admin/rides?order_number=${value}`, { token: await adminToken() });
      const problem = await expectProblem(res, 400, value === "%00" ? "invalid_characters" : "validation_failed");
      expect(problem.errors).toContainEqual({ path: "order_number", in: "query", message: expect.any(String) });
    },
  );

  it.each(["city_id=Ahmedabad!", "status=lost"])("GET /v1/admin/rides?%s is 400 naming it", async (query) => {
    const res = await api("GET", `/v1/admin/rides?${query}`, { token: await adminToken() });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors?.map((e) => e.path)).toEqual([query.split("=")[0]]);
  });

  it.each([
    "/v1/admin/rides?service=freight",
    "/v1/admin/rides?driver_id=someone",
    "/v1/admin/rides?from=yesterday",
    "/v1/admin/users?role=god",
    "/v1/admin/users?status=gone",
    "/v1/admin/users?q=%20%20",
    "/v1/admin/bookings?status=lost",
    "/v1/admin/bookings?owner_id=me",
    "/v1/admin/payments?purpose=gift",
    "/v1/admin/payments?to=2026-13-01T00:00:00Z",
    "/v1/admin/audit?action=DROP%20TABLE",
    "/v1/admin/audit?target_type=User",
    "/v1/admin/pricing?city=Ahmedabad!",
    "/v1/admin/pricing?service=freight",
  ])("GET %s is 400 naming the parameter", async (url) => {
    const res = await api("GET", url, { token: await adminToken() });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors?.map((e) => e.path)).toEqual([url.split("?")[1]?.split("=")[0]]);
  });

  it.each(["/v1/admin/rides", "/v1/admin/bookings", "/v1/admin/payments", "/v1/admin/audit"])(
    "GET %s?from=…&to=… with to before from is 400 invalid_window",
    async (path) => {
      const res = await api("GET", `${path}?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z`, {
        token: await adminToken(),
      });
      await expectProblem(res, 400, "invalid_window");
    },
  );

  it.each(["status=lost", "status=SCHEDULED"])("GET /v1/rides?%s is 400 naming status", async (query) => {
    const res = await api("GET", `/v1/rides?${query}`, { token: (await tokenOf("rider")) as string });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors?.map((e) => e.path)).toEqual(["status"]);
  });

  const ahead = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
  it.each<[string, unknown]>([
    ["words", "tomorrow at nine"],
    ["a number", Date.now() + 3_600_000],
    ["a date without a time", "2026-12-01"],
    ["a time without an offset", "2026-12-01T09:00:00"],
    ["the 13th month", "2026-13-01T09:00:00Z"],
    ["null", null],
  ])("POST /v1/rides with scheduled_at as %s is 400 naming it", async (_name, scheduledAt) => {
    const res = await api("POST", "/v1/rides", {
      token: (await tokenOf("rider")) as string,
      body: { ...goods, scheduled_at: scheduledAt },
    });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors).toContainEqual({ path: "scheduled_at", in: "body", message: expect.any(String) });
  });

  it.each<[string, string]>([
    ["an hour ago", ahead(-60)],
    ["10 minutes ahead", ahead(10)],
    ["8 days ahead", ahead(8 * 24 * 60)],
  ])("POST /v1/rides with scheduled_at %s is 422 scheduled_at_out_of_range", async (_name, scheduledAt) => {
    const res = await api("POST", "/v1/rides", {
      token: (await tokenOf("rider")) as string,
      body: { ...goods, scheduled_at: scheduledAt },
    });
    const problem = await expectProblem(res, 422, "scheduled_at_out_of_range");
    expect(problem).toMatchObject({ earliest: expect.any(String), latest: expect.any(String) });
  });
});

describe("multi-stop deliveries", () => {
  const STEPS = ["arrived", "completed", "failed"];

  it.each(STEPS.flatMap((step) => ["5", "-1", "x", "01", "1.0", "%201"].map((index) => [step, index])))(
    "POST /v1/rides/{id}/stops/{index}/%s with index %s is 400 naming index",
    async (step, index) => {
      const path = `/v1/rides/${ID}/stops/${index}/${step}`;
      const res = await send({ method: "POST", path, auth: "driver" }, JSON.stringify({ reason: "x" }));
      const problem = await expectProblem(res, 400, "validation_failed");
      expect(problem.errors).toContainEqual({ path: "index", in: "path", message: expect.any(String) });
    },
  );

  it.each(STEPS)("POST /v1/rides/not-a-uuid/stops/0/%s is 400 naming id", async (step) => {
    const path = `/v1/rides/not-a-uuid/stops/0/${step}`;
    const problem = await expectProblem(
      await send({ method: "POST", path, auth: "driver" }, JSON.stringify({ reason: "x" })),
      400,
      "validation_failed",
    );
    expect(problem.errors).toContainEqual({ path: "id", in: "path", message: expect.any(String) });
  });

  it.each([
    ["no reason", {}],
    ["a blank reason", { reason: "   " }],
    ["a reason of 501 characters", { reason: "x".repeat(501) }],
    ["a reason as a list", { reason: ["closed"] }],
  ])("a failed stop with %s is 400 naming reason", async (_name, body) => {
    const path = `/v1/rides/${ID}/stops/0/failed`;
    const problem = await expectProblem(
      await send({ method: "POST", path, auth: "driver" }, JSON.stringify(body)),
      400,
      "validation_failed",
    );
    expect(problem.errors).toContainEqual({ path: "reason", in: "body", message: expect.any(String) });
  });

  const stop = { lat: 23.03, lng: 72.57, address: "Law Garden", contact_name: "Asha", contact_phone: "+919812345678" };
  const STOPS: [string, unknown, string][] = [
    ["six stops", Array.from({ length: 6 }, () => stop), "stops"],
    ["a phone without its country code", [{ ...stop, contact_phone: "9812345678" }], "stops.0.contact_phone"],
    ["a phone as a number", [{ ...stop, contact_phone: 919812345678 }], "stops.0.contact_phone"],
    ["a blank contact name", [{ ...stop, contact_name: "  " }], "stops.0.contact_name"],
    ["a stop without its position", [{ address: "Law Garden" }], "stops.0.lat"],
  ];
  it.each(STOPS)("POST /v1/rides with %s is 400 naming it", async (_name, stops, field) => {
    const body = { service: "goods", pickup: HERE, dropoff: THERE, stops, vehicle_class: "bike" };
    const res = await api("POST", "/v1/rides", {
      token: (await tokenOf("rider")) as string,
      body: { ...body, package: { description: "Documents", weight_kg: 1 } },
    });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors).toContainEqual({ path: field, in: "body", message: expect.any(String) });
  });

  it.each([
    ["three digits", "123"],
    ["five digits", "12345"],
    ["letters", "abcd"],
    ["a number", 1234],
    ["blank", "    "],
  ])("a completed stop with a code of %s is 400 naming code", async (_name, code) => {
    const path = `/v1/rides/${ID}/stops/0/completed`;
    const problem = await expectProblem(
      await send({ method: "POST", path, auth: "driver" }, JSON.stringify({ code })),
      400,
      "validation_failed",
    );
    expect(problem.errors).toContainEqual({ path: "code", in: "body", message: expect.any(String) });
  });

  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
  const PHOTOS: [string, Record<string, string | null>, string][] = [
    ["no stage", { stage: null }, "stage"],
    ["stage dropoff", { stage: "dropoff" }, "stage"],
    ["a drop photo without its index", { stage: "drop" }, "index"],
    ["a pickup photo with an index", { stage: "pickup", index: "0" }, "index"],
    ["index 5", { stage: "drop", index: "5" }, "index"],
    ["index x", { stage: "drop", index: "x" }, "index"],
    ["no file", { file: null }, "file"],
    ["an empty file", { file: "empty" }, "file"],
    ["the file as text", { file: "text" }, "file"],
  ];
  it.each(PHOTOS)("POST /v1/rides/{id}/photos with %s is 400 naming it", async (_name, fields, field) => {
    const form = new FormData();
    const values: Record<string, string | null> = { stage: "pickup", file: "png", ...fields };
    if (values.stage !== null) form.set("stage", values.stage as string);
    if (values.index) form.set("index", values.index);
    if (values.file === "png") form.set("file", new File([PNG], "p.png", { type: "image/png" }));
    if (values.file === "empty") form.set("file", new File([], "p.png", { type: "image/png" }));
    if (values.file === "text") form.set("file", "not a file");
    const res = await call(`/v1/rides/${ID}/photos`, {
      method: "POST",
      headers: { authorization: `Bearer ${await tokenOf("driver")}`, "cf-connecting-ip": randomIp() },
      body: form,
    });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors).toContainEqual({ path: field, in: "body", message: expect.any(String) });
  });

  it.each([
    ["GET /v1/rides/not-a-uuid/proofs", "/v1/rides/not-a-uuid/proofs", "id"],
    ["GET /v1/rides/not-a-uuid/photos/{photo_id}", `/v1/rides/not-a-uuid/photos/${ID}`, "id"],
    ["GET /v1/rides/{id}/photos/not-a-uuid", `/v1/rides/${ID}/photos/not-a-uuid`, "photo_id"],
  ])("%s is 400 naming it", async (_name, path, field) => {
    const problem = await expectProblem(
      await api("GET", path, { token: (await tokenOf("rider")) as string }),
      400,
      "validation_failed",
    );
    expect(problem.errors).toContainEqual({ path: field, in: "path", message: expect.any(String) });
  });

  it("the driver socket answers every malformed stop frame with error invalid_message, and a ride not theirs with ride_not_found", async () => {
    const driver = await verifiedDriver("bike");
    const socket = await openSocket(`/v1/ws/driver?lat=${HERE.lat}&lng=${HERE.lng}&token=${driver.access_token}`);
    expect(await socket.next()).toMatchObject({ type: "driver.status" });
    const FRAMES = [
      { type: "ride.stop.arrived", ride_id: ID, index: 5 },
      { type: "ride.stop.arrived", ride_id: ID, index: -1 },
      { type: "ride.stop.arrived", ride_id: "not-a-uuid", index: 0 },
      { type: "ride.stop.completed", ride_id: ID, index: "0" },
      { type: "ride.stop.completed", ride_id: ID, index: 0.5 },
      { type: "ride.stop.completed", ride_id: ID },
      { type: "ride.stop.completed", ride_id: ID, index: 0, code: "123" },
      { type: "ride.stop.completed", ride_id: ID, index: 0, code: 1234 },
      { type: "ride.stop.completed", ride_id: ID, index: 0, code: "abcd" },
      { type: "ride.stop.failed", ride_id: ID, index: 0 },
      { type: "ride.stop.failed", ride_id: ID, index: 0, reason: "  " },
      { type: "ride.stop.failed", ride_id: ID, index: 0, reason: "x".repeat(501) },
      { type: "ride.stop.failed", ride_id: ID, index: 0, reason: { why: "closed" } },
    ];
    for (const frame of FRAMES) {
      socket.send(frame);
      expect(await socket.next(), JSON.stringify(frame)).toMatchObject({ type: "error", code: "invalid_message" });
    }
    socket.send({ type: "ride.stop.arrived", ride_id: ID, index: 0 });
    expect(await socket.next()).toMatchObject({ type: "error", code: "ride_not_found" });
    socket.close();
  });
});

describe("the admins' live map socket", () => {
  it.each([
    ["a malformed city", "Ahmedabad!", 4400, "invalid_request"],
    ["no city", "", 4400, "invalid_request"],
    ["an unknown city", "atlantis", 4404, "city_not_found"],
  ])("refuses %s: %s", async (_name, city, close, code) => {
    const socket = await openSocket(`/v1/ws/admin/map?city=${city}&token=${await adminToken()}`);
    expect(await socket.next()).toMatchObject({ type: "error", code });
    expect(await socket.closed).toEqual({ code: close, reason: code });
  });
});

describe("notifications, devices and receipts", () => {
  const PATHS: [string, string, string][] = [
    ["DELETE", "/v1/me/devices/not-a-uuid", "id"],
    ["GET", "/v1/rides/not-a-uuid/receipt", "id"],
    ["GET", "/v1/bookings/not-a-uuid/receipt", "id"],
  ];

  it.each(PATHS)("%s %s is 400 naming %s", async (method, path, field) => {
    const token = await tokenOf("rider");
    const res = await call(path, {
      method,
      headers: { "cf-connecting-ip": randomIp(), authorization: `Bearer ${token}` },
    });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors).toContainEqual({ path: field, in: "path", message: expect.any(String) });
  });

  it.each([
    ["no platform", { token: "fcm-token-0123456789" }, "platform"],
    ["an unknown platform", { platform: "blackberry", token: "fcm-token-0123456789" }, "platform"],
    ["a short token", { platform: "ios", token: "abc" }, "token"],
    ["a token with spaces", { platform: "ios", token: "abc def ghi jkl" }, "token"],
    ["an oversized token", { platform: "web", token: "x".repeat(4097) }, "token"],
  ])("POST /v1/me/devices with %s is 400 naming it", async (_name, body, field) => {
    const problem = await expectProblem(
      await send({ method: "POST", path: "/v1/me/devices", auth: "rider" }, JSON.stringify(body)),
      400,
      "validation_failed",
    );
    expect(problem.errors?.map((e) => e.path)).toContain(field);
  });

  it.each([
    ["an unknown channel", { fax: { ride: true } }],
    ["an unknown category", { push: { weather: true } }],
    ["nothing to change", {}],
    ["an empty channel", { sms: {} }],
  ])("PUT /v1/me/notification-preferences with %s is 400", async (_name, body) => {
    const res = await send(
      { method: "PUT", path: "/v1/me/notification-preferences", auth: "rider" },
      JSON.stringify(body),
    );
    await expectProblem(res, 400, "validation_failed");
  });

  it.each([
    ["both ids and all", { ids: [ID], all: true }],
    ["neither", {}],
    ["all: false", { all: false }],
    ["no ids", { ids: [] }],
    ["an id that is not a uuid", { ids: ["nope"] }],
    ["too many ids", { ids: Array.from({ length: 101 }, () => ID) }],
  ])("POST /v1/notifications/read with %s is 400", async (_name, body) => {
    const res = await send({ method: "POST", path: "/v1/notifications/read", auth: "rider" }, JSON.stringify(body));
    await expectProblem(res, 400, "validation_failed");
  });

  it("GET /v1/notifications?unread= takes true or false only", async () => {
    const token = await tokenOf("rider");
    const res = await call("/v1/notifications?unread=yes", {
      headers: { "cf-connecting-ip": randomIp(), authorization: `Bearer ${token}` },
    });
    const problem = await expectProblem(res, 400, "validation_failed");
    expect(problem.errors).toContainEqual({ path: "unread", in: "query", message: expect.any(String) });
  });

  it("the /v1/ws/me socket refuses every cursor it did not give out with 4400 invalid_cursor, and answers frames with read_only", async () => {
    const token = await tokenOf("rider");
    const at = (iso: string) => base64url(JSON.stringify([iso, ID]));
    const CURSORS = [
      "garbage",
      "@@@",
      at("2026-01-01T00:00:00.000Z"),
      base64url(JSON.stringify([0])),
      base64url(JSON.stringify([-5])),
      base64url(JSON.stringify([1.5])),
      base64url(JSON.stringify([2 ** 60])),
      base64url(JSON.stringify(["ahmedabad"])),
      base64url('["\\ud800"]'),
      "x".repeat(201),
    ];
    for (const cursor of CURSORS) {
      const socket = await openSocket(`/v1/ws/me?token=${token}&cursor=${cursor}`);
      expect(await socket.next(), cursor).toMatchObject({ type: "error", code: "invalid_cursor" });
      expect(await socket.closed).toMatchObject({ code: 4400, reason: "invalid_cursor" });
    }
    const socket = await openSocket(`/v1/ws/me?token=${token}`);
    expect(await socket.next()).toMatchObject({ type: "ready" });
    for (const frame of ["not json", "{}", JSON.stringify({ type: "ready" }), "x".repeat(10_000)]) {
      socket.send(frame);
      expect(await socket.next()).toMatchObject({ type: "error", code: "read_only" });
    }
    socket.close();
  });
});
