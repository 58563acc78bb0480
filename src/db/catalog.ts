/**
 * The catalog: read-mostly data that every estimate and ride request needs
 * and that changes a few times a day — active cities with their service
 * areas and taxes, active pricing, vehicle classes. Loaded once per isolate
 * and refreshed in the background every CATALOG_TTL_MS (or at once after
 * `invalidateCatalog()`), so a hot route reads it from memory and the
 * service-area test runs here, not in PostGIS.
 *
 * Used by the estimate and ride-request path (src/dispatch/estimate.ts),
 * GET /v1/cities/locate and GET /v1/vehicle-classes.
 */
import { asc, eq } from "drizzle-orm";
import { type LatLng, pointInPolygon } from "../domain/geo.ts";
import { errorFields, log } from "../log.ts";
import type { Database } from "./client.ts";
import { cities, pricing, vehicleClasses } from "./schema/index.ts";

export type { CityRow, PricingRow, VehicleClassRow };

import type { CityRow, PricingRow, VehicleClassRow } from "./queries/cities.ts";

export interface Catalog {
  cities: CityRow[];
  pricing: PricingRow[];
  vehicleClasses: VehicleClassRow[];
  /** When it was read, ms since the epoch. */
  loadedAt: number;
}

/** How old the catalog may grow before a request refreshes it (in the background). */
export const CATALOG_TTL_MS = 30_000;
/** A refresh that has not finished after this long may be tried again. */
const REFRESH_GIVE_UP_MS = 10_000;

let current: Catalog | undefined;
let refreshStartedAt = 0;
/** Bounding boxes of the cities' service areas: most points are refused without the polygon test. */
let boxes = new WeakMap<CityRow, { minLat: number; maxLat: number; minLng: number; maxLng: number }>();

async function load(db: Database): Promise<Catalog> {
  const [cityRows, pricingRows, classRows] = await Promise.all([
    db.select().from(cities).where(eq(cities.isActive, true)).orderBy(asc(cities.id)),
    db.select().from(pricing).where(eq(pricing.isActive, true)),
    db.select().from(vehicleClasses).orderBy(asc(vehicleClasses.sortOrder)),
  ]);
  return { cities: cityRows, pricing: pricingRows, vehicleClasses: classRows, loadedAt: Date.now() };
}

function install(next: Catalog): Catalog {
  if (!current || current.loadedAt <= next.loadedAt) {
    current = next;
    boxes = new WeakMap();
  }
  return current;
}

/**
 * The catalog, from memory when this isolate has one. A stale one is still
 * served while `waitUntil` keeps a refresh going after the response; only
 * an isolate's first request waits for the database.
 *
 * @example
 * const cat = await catalog(c.var.db, (p) => c.executionCtx.waitUntil(p));
 * const city = cityAt(cat, pickup);
 */
export async function catalog(db: () => Database, waitUntil: (work: Promise<unknown>) => void): Promise<Catalog> {
  const now = Date.now();
  if (!current) return install(await load(db()));
  if (now - current.loadedAt >= CATALOG_TTL_MS && now - refreshStartedAt >= REFRESH_GIVE_UP_MS) {
    refreshStartedAt = now;
    waitUntil(
      load(db()).then(install, (error: unknown) => {
        // Keep serving what we have: an estimate should not fail because Postgres blinked.
        log("warn", "catalog.refresh_failed", errorFields(error));
      }),
    );
  }
  return current;
}

/** Forgets the catalog, so the next request reads it afresh (after an admin changes cities or pricing). */
export function invalidateCatalog(): void {
  current = undefined;
  refreshStartedAt = 0;
}

/** The active city whose service area covers the point, if any. */
export function cityAt(cat: Catalog, point: LatLng): CityRow | undefined {
  return cat.cities.find((city) => {
    let box = boxes.get(city);
    if (!box) {
      const outer = city.serviceArea[0] ?? [];
      box = {
        minLat: Math.min(...outer.map((p) => p.lat)),
        maxLat: Math.max(...outer.map((p) => p.lat)),
        minLng: Math.min(...outer.map((p) => p.lng)),
        maxLng: Math.max(...outer.map((p) => p.lng)),
      };
      boxes.set(city, box);
    }
    const inBox =
      point.lat >= box.minLat && point.lat <= box.maxLat && point.lng >= box.minLng && point.lng <= box.maxLng;
    return inBox && pointInPolygon(point, city.serviceArea);
  });
}

/**
 * Views derived from a catalog (its tariff lists, its classes by id), built
 * once per catalog: a refresh replaces the catalog, never changes it, so a
 * view is exactly as fresh as the catalog it was built from.
 */
const views = new WeakMap<Catalog, Map<string, unknown>>();

function derived<T>(cat: Catalog, key: string, make: () => T): T {
  let byKey = views.get(cat);
  if (!byKey) {
    byKey = new Map();
    views.set(cat, byKey);
  }
  let view = byKey.get(key) as T | undefined;
  if (view === undefined) {
    view = make();
    byKey.set(key, view);
  }
  return view;
}

/** The active tariffs of a city for a service, in the vehicle classes' order (one class when given). */
export function tariffsOf(cat: Catalog, cityId: string, service: string, vehicleClass?: string): readonly PricingRow[] {
  return derived(cat, `tariffs\u0000${cityId}\u0000${service}\u0000${vehicleClass ?? ""}`, () => {
    const order = new Map(cat.vehicleClasses.map((v, i) => [v.id, i]));
    return cat.pricing
      .filter(
        (p) =>
          p.cityId === cityId &&
          p.service === service &&
          (vehicleClass === undefined || p.vehicleClassId === vehicleClass),
      )
      .sort((a, b) => (order.get(a.vehicleClassId) ?? 0) - (order.get(b.vehicleClassId) ?? 0));
  });
}

/** The catalog's vehicle classes by id. */
export function classesById(cat: Catalog): ReadonlyMap<string, VehicleClassRow> {
  return derived(cat, "classes", () => new Map(cat.vehicleClasses.map((v) => [v.id, v])));
}
