/**
 * The catalog (src/db/catalog.ts): cities, pricing and vehicle classes read
 * once per isolate, so an estimate needs no database. Its in-memory
 * service-area test must agree with PostGIS, and a stale catalog is
 * refreshed without making the caller wait.
 */
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seeded } from "../../scripts/simulate/random.ts";
import { CATALOG_TTL_MS, catalog, cityAt, invalidateCatalog, tariffsOf } from "../../src/db/catalog.ts";
import { withDb } from "./helpers.ts";

/** A Postgres array literal (drizzle would spread a JS array into separate parameters). */
const pgArray = (values: number[]) => `{${values.join(",")}}`;

describe("the catalog", () => {
  // A service area is a polygon in latitude and longitude, as drawn on a map: its edges are straight
  // in those coordinates, so the reference is PostGIS's planar ST_Covers on the geometry. (The
  // geography column's edges are great-circle arcs; along New York's longest edge the two differ
  // by metres.)
  it("finds a point's city in memory exactly as PostGIS's planar ST_Covers does", async () => {
    const seed = Date.now() % 1_000_000;
    console.log(`catalog seed: ${seed}`);
    const random = seeded(seed);
    await withDb(async ({ db }) => {
      invalidateCatalog();
      const cat = await catalog(
        () => db,
        () => {},
      );
      expect(cat.cities.map((c) => c.id).sort()).toEqual(["ahmedabad", "new-york"]);
      for (const city of cat.cities) {
        const outer = city.serviceArea[0] ?? [];
        const lats = outer.map((p) => p.lat);
        const lngs = outer.map((p) => p.lng);
        const [minLat, maxLat] = [Math.min(...lats) - 0.05, Math.max(...lats) + 0.05];
        const [minLng, maxLng] = [Math.min(...lngs) - 0.05, Math.max(...lngs) + 0.05];
        // Points over the polygon's box and a margin around it: inside, outside and near the edge.
        const points = Array.from({ length: 150 }, () => ({
          lat: minLat + random() * (maxLat - minLat),
          lng: minLng + random() * (maxLng - minLng),
        }));
        const rows = await db.execute<{ i: number; city: string | null }>(sql`
          select p.i, (select id from cities c where c.is_active
                       and ST_Covers(c.service_area::geometry, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326))
                       limit 1) as city
          from unnest(${pgArray(points.map((p) => p.lng))}::float8[], ${pgArray(points.map((p) => p.lat))}::float8[])
               with ordinality as p(lng, lat, i)`);
        const byPostgis = new Map(rows.rows.map((r) => [Number(r.i) - 1, r.city]));
        const inside = points.filter((p) => cityAt(cat, p));
        expect(inside.length).toBeGreaterThan(10);
        expect(inside.length).toBeLessThan(points.length);
        points.forEach((p, i) => {
          expect(cityAt(cat, p)?.id ?? null, `seed ${seed}, point ${JSON.stringify(p)}`).toBe(byPostgis.get(i));
        });
      }
    });
  });

  it("gives a city's active tariffs per service in the vehicle classes' order", async () => {
    await withDb(async ({ db }) => {
      const cat = await catalog(
        () => db,
        () => {},
      );
      expect(tariffsOf(cat, "ahmedabad", "passenger").map((p) => p.vehicleClassId)).toEqual(["bike", "auto", "car"]);
      expect(tariffsOf(cat, "new-york", "passenger", "car").map((p) => p.currency)).toEqual(["USD"]);
      expect(tariffsOf(cat, "new-york", "passenger", "auto")).toEqual([]);
    });
  });

  it("serves a stale catalog at once and refreshes it in the background", async () => {
    await withDb(async ({ db }) => {
      invalidateCatalog();
      const first = await catalog(
        () => db,
        () => {},
      );
      const realNow = Date.now;
      const refreshes: Promise<unknown>[] = [];
      try {
        Date.now = () => realNow() + CATALOG_TTL_MS + 1;
        const stale = await catalog(
          () => db,
          (work) => refreshes.push(work),
        );
        expect(stale).toBe(first);
        expect(refreshes.length).toBe(1);
        // A second reader while the refresh is under way does not start another.
        await catalog(
          () => db,
          (work) => refreshes.push(work),
        );
        expect(refreshes.length).toBe(1);
        await Promise.all(refreshes);
        const fresh = await catalog(
          () => db,
          () => {},
        );
        expect(fresh).not.toBe(first);
        expect(fresh.cities.map((c) => c.id)).toEqual(first.cities.map((c) => c.id));
      } finally {
        Date.now = realNow;
      }
    });
  });
});
