/**
 * What the SpotIndex actor loads: a city's spots with the windows their
 * bookings hold from now on, page by page at start-up, a few at a time
 * after a write, and the spots that changed since a moment (to catch
 * writes the actor was not told of).
 */
import { and, asc, eq, gt, inArray, type SQL, sql } from "drizzle-orm";
import type { IndexedSpot } from "../../domain/spot-index.ts";
import type { Database } from "../client.ts";
import { bookings, spots } from "../schema/index.ts";
import { HOLDING } from "./bookings.ts";
import type { SpotRow } from "./spots.ts";

const AMENITY_COLUMNS = ["isCovered", "hasEvCharging", "hasSecurity", "hasLighting", "isAccessible"] as const;

const epochMs = (column: SQL | typeof spots.updatedAt) => sql`floor(extract(epoch from ${column}) * 1000)::bigint`;

/** A spot as the index keeps it, and its whole row (for the card search shows). */
export interface IndexedRow {
  indexed: IndexedSpot;
  row: SpotRow;
}

/** The windows a spot's bookings hold from now on, as `start,end,start,end…` in epoch ms. */
const holdsColumn = sql<
  string | null
>`(select string_agg(${epochMs(sql`b.starts_at`)} || ',' || ${epochMs(sql`b.ends_at`)}, ',')
  from ${bookings} b where b.spot_id = spots.id and b.status in ${HOLDING} and b.ends_at > now())`;

const parseHolds = (holds: string | null) => (holds ? holds.split(",").map(Number) : []);

async function indexedWhere(db: Database, where: SQL | undefined, limit?: number): Promise<IndexedRow[]> {
  const query = db.select({ spot: spots, holds: holdsColumn }).from(spots).where(where).orderBy(asc(spots.id));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map(({ spot, holds }) => ({
    row: spot,
    indexed: {
      id: spot.id,
      lat: spot.location.lat,
      lng: spot.location.lng,
      active: spot.isActive,
      spotType: spot.spotType,
      vehicleSize: spot.vehicleSize,
      hourlyRate: spot.hourlyRate,
      dailyRate: spot.dailyRate,
      monthlyRate: spot.monthlyRate,
      currency: spot.currency,
      ratingAvg: spot.ratingAvg,
      amenities: AMENITY_COLUMNS.filter((column) => spot[column]),
      hours: spot.operatingHours ?? null,
      timezone: spot.timezone,
      holds: parseHolds(holds),
    },
  }));
}

/**
 * These spots' versions (`updated_at`, epoch ms) and held windows only: what
 * a change to their bookings alone needs, without reading whole rows.
 */
export async function spotHolds(
  db: Database,
  ids: readonly string[],
): Promise<{ id: string; version: number; holds: number[] }[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: spots.id, version: sql<string>`${epochMs(spots.updatedAt)}::text`, holds: holdsColumn })
    .from(spots)
    .where(inArray(spots.id, [...ids]));
  return rows.map((r) => ({ id: r.id, version: Number(r.version), holds: parseHolds(r.holds) }));
}

/** A page of a city's spots in id order, after `afterId`. */
export function indexedSpotsPage(db: Database, city: string, afterId: string | null, limit: number) {
  return indexedWhere(db, and(eq(spots.city, city), afterId ? gt(spots.id, afterId) : undefined), limit);
}

/** These spots as they are now (a deleted one is simply missing). */
export function indexedSpots(db: Database, ids: readonly string[]) {
  return ids.length === 0 ? Promise.resolve([]) : indexedWhere(db, inArray(spots.id, [...ids]));
}

/** The database's clock, now. */
export async function databaseNow(db: Database): Promise<Date> {
  const rows = await db.execute<{ now: string }>(sql`select ${epochMs(sql`now()`)}::text as now`);
  return new Date(Number(rows.rows[0]?.now ?? Date.now()));
}

/**
 * The city's spots whose row or any booking's row changed after `since`,
 * and the database's clock now (the next `since`, so no clock but the
 * database's is compared).
 */
export async function spotsChangedSince(
  db: Database,
  city: string,
  since: Date,
): Promise<{ ids: string[]; now: Date }> {
  const at = since.toISOString();
  const rows = await db.execute<{ id: string | null; now: string }>(sql`
    select changed.id, ${epochMs(sql`now()`)}::text as now from (
      select ${spots.id} as id from ${spots} where ${spots.city} = ${city} and ${spots.updatedAt} > ${at}::timestamptz
      union
      select b.spot_id from ${bookings} b join ${spots} s on s.id = b.spot_id
        where s.city = ${city} and b.updated_at > ${at}::timestamptz
    ) changed right join (select 1) one on true`);
  const now = new Date(Number(rows.rows[0]?.now ?? Date.now()));
  return { ids: rows.rows.flatMap((r) => (r.id ? [r.id] : [])), now };
}
