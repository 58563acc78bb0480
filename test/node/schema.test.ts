/**
 * What the migrations build: every entity's table, PostGIS geography
 * columns with SRID 4326 and GiST indexes, and money as integers.
 */
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "./pg.ts";

let db: pg.Client;
beforeAll(async () => {
  db = await connect();
});
afterAll(async () => {
  await db.end();
});

const TABLES = [
  "users",
  "addresses",
  "cities",
  "vehicle_classes",
  "pricing",
  "driver_profiles",
  "vehicles",
  "documents",
  "rides",
  "ride_events",
  "payments",
  "payment_profiles",
  "ledger_accounts",
  "ledger_transfers",
  "webhook_events",
  "withdrawals",
  "payment_drifts",
  "coupons",
  "coupon_redemptions",
  "referrals",
  "reward_points",
  "reviews",
  "notifications",
  "spots",
  "bookings",
  "event_log",
  "dead_letters",
];

describe("the migrated schema", () => {
  it("has a table for every entity", async () => {
    const { rows } = await db.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public'",
    );
    const names = rows.map((r) => r.table_name);
    for (const table of TABLES) expect(names).toContain(table);
  });

  it("stores places as geography with SRID 4326", async () => {
    const { rows } = await db.query<{ t: string; c: string; type: string; srid: number }>(
      `select f_table_name as t, f_geography_column as c, type, srid from geography_columns order by 1, 2`,
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { t: "addresses", c: "location", type: "Point", srid: 4326 },
        { t: "cities", c: "service_area", type: "Polygon", srid: 4326 },
        { t: "rides", c: "pickup", type: "Point", srid: 4326 },
        { t: "rides", c: "dropoff", type: "Point", srid: 4326 },
        { t: "spots", c: "location", type: "Point", srid: 4326 },
      ]),
    );
  });

  it("indexes geography columns with GiST", async () => {
    const { rows } = await db.query<{ indexname: string }>(
      "select indexname from pg_indexes where schemaname = 'public' and indexdef ilike '%using gist%'",
    );
    expect(rows.map((r) => r.indexname)).toEqual(
      expect.arrayContaining(["cities_service_area_gist", "spots_location_gist", "rides_pickup_gist"]),
    );
  });

  it("keeps money in integer columns", async () => {
    const { rows } = await db.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns
       where table_schema = 'public' and (column_name like '%amount' or column_name like '%_posted' or column_name like '%_pending'
         or column_name in ('base_fare', 'per_km', 'hourly_rate'))`,
    );
    expect(rows.length).toBeGreaterThan(10);
    // Integers always; bigint where sums of many movements live (the ledger, as TigerBeetle keeps them).
    for (const row of rows) expect(["integer", "bigint"], row.column_name).toContain(row.data_type);
  });

  it("answers a spatial query: the city covering a point", async () => {
    const { rows } = await db.query<{ id: string }>(
      `select id from cities where ST_Covers(service_area, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)`,
      [72.5714, 23.0225],
    );
    expect(rows.map((r) => r.id)).toEqual(["ahmedabad"]);
  });
});
