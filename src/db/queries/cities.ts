/** Reads of cities, their service areas, vehicle classes and pricing. */
import { and, asc, eq, gt } from "drizzle-orm";
import type { Database } from "../client.ts";
import { cities, pricing, vehicleClasses } from "../schema/index.ts";

export type CityRow = typeof cities.$inferSelect;
export type PricingRow = typeof pricing.$inferSelect;
export type VehicleClassRow = typeof vehicleClasses.$inferSelect;

/**
 * Active cities ordered by id, after the city `afterId` (a decoded cursor,
 * see http/cursor.ts); one more than `limit` tells there is a next page.
 */
export function listCities(db: Database, limit: number, afterId?: string): Promise<CityRow[]> {
  return db
    .select()
    .from(cities)
    .where(and(eq(cities.isActive, true), afterId !== undefined ? gt(cities.id, afterId) : undefined))
    .orderBy(asc(cities.id))
    .limit(limit + 1);
}

export async function getCity(db: Database, id: string): Promise<CityRow | undefined> {
  const [row] = await db
    .select()
    .from(cities)
    .where(and(eq(cities.id, id), eq(cities.isActive, true)));
  return row;
}

export function cityPricing(db: Database, cityId: string): Promise<PricingRow[]> {
  return db
    .select()
    .from(pricing)
    .innerJoin(vehicleClasses, eq(vehicleClasses.id, pricing.vehicleClassId))
    .where(and(eq(pricing.cityId, cityId), eq(pricing.isActive, true)))
    .orderBy(asc(vehicleClasses.sortOrder), asc(pricing.service))
    .then((rows) => rows.map((r) => r.pricing));
}
