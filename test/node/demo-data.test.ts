/** The demo world: complete, verified, and loadable any number of times. */
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CITIES, DEMO_PASSWORD, DRIVERS, PRICING } from "../../scripts/demo/data.ts";
import { loadDemoData } from "../../scripts/demo/load.ts";
import { verifyPassword } from "../../src/auth/password.ts";
import { connect } from "./pg.ts";

let db: pg.Client;
beforeAll(async () => {
  db = await connect();
});
afterAll(async () => {
  await db.end();
});

async function counts() {
  const { rows } = await db.query(
    `select (select count(*) from users)::int as users, (select count(*) from vehicles)::int as vehicles,
            (select count(*) from spots)::int as spots, (select count(*) from pricing)::int as pricing`,
  );
  return rows[0];
}

describe("demo data", () => {
  it("loads again without duplicating anything", async () => {
    const before = await counts();
    await loadDemoData(inject("databaseUrl"));
    expect(await counts()).toEqual(before);
  });

  it("signs every demo account in with curbside-demo", async () => {
    const { rows } = await db.query<{ email: string; password_hash: string }>(
      "select email, password_hash from users where email like '%@curbside.test' order by email limit 3",
    );
    expect(rows.length).toBe(3);
    for (const row of rows) expect(await verifyPassword(DEMO_PASSWORD, row.password_hash), row.email).toBe(true);
  });

  it("has a verified driver with an active vehicle for every class each city prices", async () => {
    const { rows } = await db.query<{ city_id: string; vehicle_class_id: string; n: number }>(
      `select p.city_id, v.vehicle_class_id, count(*)::int as n
         from driver_profiles p join vehicles v on v.driver_id = p.user_id and v.is_active
        where p.status = 'verified' and p.user_id = any($1::uuid[])
        group by 1, 2`,
      [DRIVERS.map((d) => d.id)],
    );
    for (const city of CITIES) {
      const classes = new Set(PRICING.filter((p) => p.cityId === city.id).map((p) => p.vehicleClassId));
      for (const cls of classes) {
        const row = rows.find((r) => r.city_id === city.id && r.vehicle_class_id === cls);
        expect(row?.n, `${city.id}/${cls}`).toBeGreaterThanOrEqual(1);
      }
    }
  });

  it("prices Ahmedabad with CGST and SGST as separate taxes", async () => {
    const { rows } = await db.query("select taxes from cities where id = 'ahmedabad'");
    expect(rows[0].taxes.map((t: { code: string }) => t.code)).toEqual(["CGST", "SGST"]);
  });
});
