/** The geography codec against what PostGIS really returns. */

import { drizzle } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RIDERS } from "../../scripts/demo/data.ts";
import { decodePoint, decodePolygon } from "../../src/db/geography.ts";
import * as schema from "../../src/db/schema/index.ts";
import { connect } from "./pg.ts";

let db: pg.Client;
beforeAll(async () => {
  db = await connect();
});
afterAll(async () => {
  await db.end();
});

describe("geography codec", () => {
  it("round-trips a point through PostGIS", async () => {
    const { rows } = await db.query<{ g: string }>("select $1::geography as g", ["SRID=4326;POINT(72.5714 23.0225)"]);
    expect(decodePoint(rows[0]?.g ?? "")).toEqual({ lat: 23.0225, lng: 72.5714 });
  });

  it("decodes a stored service area polygon", async () => {
    const { rows } = await db.query<{ g: string }>("select service_area as g from cities where id = 'ahmedabad'");
    const polygon = decodePolygon(rows[0]?.g ?? "");
    expect(polygon).toHaveLength(1);
    expect(polygon[0]?.[0]).toEqual({ lat: 22.92, lng: 72.47 });
    expect(polygon[0]?.at(-1)).toEqual(polygon[0]?.[0]);
  });

  it("refuses a geometry of the wrong kind", async () => {
    const { rows } = await db.query<{ g: string }>("select $1::geography as g", ["SRID=4326;POINT(1 2)"]);
    expect(() => decodePolygon(rows[0]?.g ?? "")).toThrow(/polygon/);
  });

  it("writes and reads a point column through drizzle", async () => {
    const orm = drizzle(db, { schema, casing: "snake_case" });
    const [row] = await orm
      .insert(schema.addresses)
      .values({ userId: RIDERS[4]?.id as string, line: "Times Square", location: { lat: 40.758, lng: -73.9855 } })
      .returning();
    expect(row?.location).toEqual({ lat: 40.758, lng: -73.9855 });
    const { rows } = await db.query<{ lat: number; lng: number }>(
      "select ST_Y(location::geometry) as lat, ST_X(location::geometry) as lng from addresses where id = $1",
      [row?.id],
    );
    expect(rows[0]).toEqual({ lat: 40.758, lng: -73.9855 });
  });
});
