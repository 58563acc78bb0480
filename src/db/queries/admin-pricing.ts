/**
 * Tariffs for admins (GET and PUT /v1/admin/pricing). A change never edits
 * a tariff row: the active one is retired (`is_active = false`) and its
 * successor inserted, in one transaction, so the row id is the tariff's
 * version and the history stays (the audit log says who and why).
 */
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { cities, pricing, vehicleClasses } from "../schema/index.ts";
import type { PricingRow } from "./cities.ts";

export type NewTariff = Pick<
  PricingRow,
  "baseFare" | "perKm" | "perMinute" | "minimumFare" | "cancellationFee" | "loadAssistFee" | "commissionBps"
>;

export interface TariffKey {
  cityId: string;
  vehicleClassId: string;
  service: PricingRow["service"];
}

/** The order of the list and its cursor: city, class, service (as text). */
const KEY = sql`(${pricing.cityId}, ${pricing.vehicleClassId}, ${pricing.service}::text)`;

/** Active tariffs in (city, class, service) order, after the cursor's key. */
export function listTariffs(
  db: Database,
  filter: { cityId?: string | undefined; service?: PricingRow["service"] | undefined },
  limit: number,
  after?: TariffKey,
) {
  const cursor: SQL | undefined = after
    ? sql`${KEY} > (${after.cityId}, ${after.vehicleClassId}, ${after.service}::text)`
    : undefined;
  return db
    .select()
    .from(pricing)
    .where(
      and(
        eq(pricing.isActive, true),
        filter.cityId !== undefined ? eq(pricing.cityId, filter.cityId) : undefined,
        filter.service !== undefined ? eq(pricing.service, filter.service) : undefined,
        cursor,
      ),
    )
    .orderBy(pricing.cityId, pricing.vehicleClassId, sql`${pricing.service}::text`)
    .limit(limit + 1);
}

/** The city's currency and whether the class carries the service; undefined for an unknown city or class. */
export async function tariffTarget(db: Database, key: TariffKey) {
  const [row] = await db
    .select({ currency: cities.currency, services: vehicleClasses.services })
    .from(cities)
    .innerJoin(vehicleClasses, eq(vehicleClasses.id, key.vehicleClassId))
    .where(eq(cities.id, key.cityId));
  return row && { currency: row.currency, offersService: row.services.includes(key.service) };
}

/** The active tariff, locked for the rest of the transaction. */
export async function lockActiveTariff(db: Database, key: TariffKey): Promise<PricingRow | undefined> {
  const [row] = await db
    .select()
    .from(pricing)
    .where(
      and(
        eq(pricing.cityId, key.cityId),
        eq(pricing.vehicleClassId, key.vehicleClassId),
        eq(pricing.service, key.service),
        eq(pricing.isActive, true),
      ),
    )
    .for("update");
  return row;
}

/** Retires `current` (if any) and inserts the new version. */
export async function replaceTariff(
  db: Database,
  key: TariffKey,
  currency: string,
  current: PricingRow | undefined,
  next: NewTariff,
): Promise<PricingRow> {
  if (current) await db.update(pricing).set({ isActive: false }).where(eq(pricing.id, current.id));
  const [row] = await db
    .insert(pricing)
    .values({ ...key, currency, ...next, isActive: true })
    .returning();
  if (!row) throw new Error("tariff insert returned nothing");
  return row;
}
