/**
 * Tariffs for admins: listed by city, changed with If-Match (a new version
 * each time, audited with before and after), used by the very next estimate.
 * The test changes New York's bike deliveries and puts them back.
 */
import { describe, expect, it } from "vitest";
import { adminToken, api, expectProblem, register } from "./helpers.ts";

interface Tariff {
  city_id: string;
  vehicle_class: string;
  service: string;
  base_fare: { amount: number; currency: string };
  per_km: { amount: number; currency: string };
  per_minute: { amount: number; currency: string };
  minimum_fare: { amount: number; currency: string };
  cancellation_fee: { amount: number; currency: string };
  load_assist: { amount: number; currency: string } | null;
  commission_bps: number;
  version: string;
}

const PATH = "/v1/admin/pricing/new-york/bike/goods";

async function tariffsOf(query: string): Promise<{ data: Tariff[]; next_cursor: string | null }> {
  const res = await api("GET", `/v1/admin/pricing?${query}`, { token: await adminToken() });
  expect(res.status).toBe(200);
  return (await res.json()) as { data: Tariff[]; next_cursor: string | null };
}

/** The body that sets `t`'s prices, with the base fare given. */
function bodyOf(t: Tariff, baseFare: number) {
  const { base_fare, per_km, per_minute, minimum_fare, cancellation_fee, load_assist, commission_bps } = t;
  return {
    base_fare: { ...base_fare, amount: baseFare },
    per_km,
    per_minute,
    minimum_fare,
    cancellation_fee,
    load_assist,
    commission_bps,
  };
}

async function put(body: unknown, headers: Record<string, string>) {
  return api("PUT", PATH, { token: await adminToken(), body, headers });
}

async function baseLine(token: string): Promise<number | undefined> {
  const pickup = { lat: 40.75 + Math.random() * 0.05, lng: -73.98 + Math.random() * 0.05 };
  const res = await api("POST", "/v1/rides/estimate", {
    token,
    body: {
      service: "goods",
      pickup,
      dropoff: { lat: pickup.lat + 0.01, lng: pickup.lng },
      vehicle_class: "bike",
      package: { description: "Letters", weight_kg: 1 },
    },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const estimate = (await res.json()) as { options: { fare: { lines: { code: string; amount: number }[] } }[] };
  return estimate.options[0]?.fare.lines.find((l) => l.code === "base")?.amount;
}

describe("admin pricing", () => {
  it("lists the active tariffs by city and service, page by page", async () => {
    const all = await tariffsOf("city=new-york&limit=100");
    expect(all.data.map((t) => `${t.vehicle_class}/${t.service}`)).toEqual([
      "bike/goods",
      "car/passenger",
      "mini_truck/goods",
    ]);
    expect(all.data[0]?.base_fare.currency).toBe("USD");
    const goods = await tariffsOf("city=new-york&service=goods");
    expect(goods.data.map((t) => t.vehicle_class)).toEqual(["bike", "mini_truck"]);
    const first = await tariffsOf("city=new-york&limit=2");
    const rest = await tariffsOf(`city=new-york&limit=2&cursor=${first.next_cursor}`);
    expect([...first.data, ...rest.data].map((t) => t.version)).toEqual(all.data.map((t) => t.version));
    expect(rest.next_cursor).toBeNull();
  });

  it("changes a tariff under If-Match, and the next estimate uses it", async () => {
    const rider = await register("rider");
    const [before] = (await tariffsOf("city=new-york&service=goods&limit=1")).data as [Tariff];
    expect(await baseLine(rider.access_token)).toBe(before.base_fare.amount);
    const raised = before.base_fare.amount + 1_000;

    await expectProblem(await put(bodyOf(before, raised), {}), 428, "precondition_required");
    await expectProblem(
      await put(bodyOf(before, raised), { "if-match": `"${crypto.randomUUID()}"` }),
      412,
      "version_mismatch",
    );
    await expectProblem(await put(bodyOf(before, raised), { "if-none-match": "*" }), 412, "tariff_exists");
    const inRupees = { ...bodyOf(before, raised), per_km: { amount: 100, currency: "INR" } };
    await expectProblem(await put(inRupees, { "if-match": before.version }), 422, "currency_mismatch");

    const res = await put(bodyOf(before, raised), { "if-match": `"${before.version}"` });
    expect(res.status, await res.clone().text()).toBe(200);
    const after = (await res.json()) as Tariff;
    expect(after).toMatchObject({ base_fare: { amount: raised, currency: "USD" }, per_km: before.per_km });
    expect(after.version).not.toBe(before.version);
    expect(res.headers.get("etag")).toBe(`"${after.version}"`);
    // At once, for new estimates.
    expect(await baseLine(rider.access_token)).toBe(raised);
    // The old version is spent.
    await expectProblem(await put(bodyOf(before, raised + 1), { "if-match": before.version }), 412, "version_mismatch");
    // The same prices again write nothing.
    const same = await put(bodyOf(after, raised), { "if-match": after.version });
    expect(((await same.json()) as Tariff).version).toBe(after.version);

    // Put back.
    const back = await put(bodyOf(after, before.base_fare.amount), { "if-match": after.version });
    expect(back.status).toBe(200);
    expect(await baseLine(rider.access_token)).toBe(before.base_fare.amount);

    const audit = await api("GET", "/v1/admin/audit?action=pricing.update&target_id=new-york/bike/goods&limit=2", {
      token: await adminToken(),
    });
    const entries = ((await audit.json()) as { data: { details: Record<string, unknown> }[] }).data;
    expect(
      entries.map((e) => [(e.details.before as Tariff | null)?.base_fare, (e.details.after as Tariff).base_fare]),
    ).toEqual([
      [raised, before.base_fare.amount],
      [before.base_fare.amount, raised],
    ]);
    expect(entries[1]?.details).toMatchObject({ currency: "USD", version: after.version });
  });

  it("refuses an unknown city or class, and a service the class does not carry", async () => {
    const [t] = (await tariffsOf("city=new-york&service=goods&limit=1")).data as [Tariff];
    const token = await adminToken();
    const headers = { "if-none-match": "*" };
    const body = bodyOf(t, 100);
    await expectProblem(
      await api("PUT", "/v1/admin/pricing/atlantis/bike/goods", { token, body, headers }),
      404,
      "unknown_city_or_class",
    );
    await expectProblem(
      await api("PUT", "/v1/admin/pricing/new-york/hovercraft/goods", { token, body, headers }),
      404,
      "unknown_city_or_class",
    );
    await expectProblem(
      await api("PUT", "/v1/admin/pricing/new-york/car/goods", { token, body, headers }),
      422,
      "service_not_offered",
    );
    const bad = await api("PUT", "/v1/admin/pricing/new-york/bike/freight", { token, body, headers });
    const problem = await expectProblem(bad, 400, "validation_failed");
    expect(problem.errors?.map((e) => e.path)).toEqual(["service"]);
  });
});
