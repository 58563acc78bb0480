/** Reads and writes of parking spots, and the search by place and time. */
import { and, eq, sql } from "drizzle-orm";
import type { LatLng } from "../../domain/geo.ts";
import type { Database } from "../client.ts";
import { bookings, spots } from "../schema/index.ts";
import { HOLDING } from "./bookings.ts";
import { afterCursor, keysetOrder } from "./cursor.ts";

export type SpotRow = typeof spots.$inferSelect;
export type NewSpot = typeof spots.$inferInsert;

export async function spotById(db: Database, id: string): Promise<SpotRow | undefined> {
  const [row] = await db.select().from(spots).where(eq(spots.id, id));
  return row;
}

export async function insertSpot(db: Database, row: NewSpot): Promise<SpotRow> {
  const [inserted] = await db.insert(spots).values(row).returning();
  return inserted as SpotRow;
}

export async function updateSpot(db: Database, id: string, fields: Partial<NewSpot>): Promise<SpotRow> {
  const [row] = await db
    .update(spots)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(spots.id, id))
    .returning();
  return row as SpotRow;
}

export async function deleteSpot(db: Database, id: string): Promise<void> {
  await db.delete(spots).where(eq(spots.id, id));
}

/** Whether any booking that holds the spot ends after `now` (a spot with one is deactivated, not deleted). */
export async function hasFutureBookings(db: Database, spotId: string, now: Date): Promise<boolean> {
  const rows = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.spotId, spotId),
        sql`${bookings.status} in ${HOLDING}`,
        sql`${bookings.endsAt} > ${now.toISOString()}::timestamptz`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function hasAnyBooking(db: Database, spotId: string): Promise<boolean> {
  const rows = await db.select({ id: bookings.id }).from(bookings).where(eq(bookings.spotId, spotId)).limit(1);
  return rows.length > 0;
}

export async function spotsOfOwner(
  db: Database,
  ownerId: string,
  limit: number,
  after?: { createdAt: Date; id: string },
) {
  return db
    .select()
    .from(spots)
    .where(and(eq(spots.ownerId, ownerId), after ? afterCursor(spots.createdAt, spots.id, after, "desc") : undefined))
    .orderBy(...keysetOrder(spots.createdAt, spots.id, "desc"))
    .limit(limit + 1);
}

export type SpotSort = "distance" | "price" | "rating";

export interface SpotSearch {
  near: LatLng;
  radiusM: number;
  window: { startsAt: Date; endsAt: Date } | null;
  spotType?: string | undefined;
  vehicleSize?: string | undefined;
  maxHourlyRate?: number | undefined;
  /** Columns that must be true (`has_ev_charging`, …). */
  amenities: (keyof SpotRow)[];
  sort: SpotSort;
  after?: { value: number; id: string } | undefined;
  limit: number;
}

/** The sort key of a row under each order, as the cursor carries it (rating descending: its negative). */
export function sortValue(sort: SpotSort, row: { distanceM: number; hourlyRate: number; ratingAvg: number }): number {
  return sort === "distance" ? row.distanceM : sort === "price" ? row.hourlyRate : -row.ratingAvg;
}

/**
 * Active spots within the radius (ST_DWithin on the GiST index), with their
 * distance, matching the filters and, for a window, held by no booking in
 * any part of it (the same ranges the exclusion constraint compares:
 * `[)`, so a booking that only touches the window does not hold it).
 * Ordered by the sort with the id as tie-break, after the cursor.
 */
export async function searchSpots(db: Database, q: SpotSearch): Promise<(SpotRow & { distanceM: number })[]> {
  const point = sql`ST_SetSRID(ST_MakePoint(${q.near.lng}, ${q.near.lat}), 4326)::geography`;
  const distance = sql`ST_Distance(${spots.location}, ${point})`;
  const key =
    q.sort === "distance" ? distance : q.sort === "price" ? sql`${spots.hourlyRate}::float8` : sql`-${spots.ratingAvg}`;
  const conditions = [
    eq(spots.isActive, true),
    sql`ST_DWithin(${spots.location}, ${point}, ${q.radiusM})`,
    q.spotType ? sql`${spots.spotType} = ${q.spotType}` : undefined,
    q.vehicleSize ? sql`${spots.vehicleSize} = ${q.vehicleSize}` : undefined,
    q.maxHourlyRate !== undefined ? sql`${spots.hourlyRate} <= ${q.maxHourlyRate}` : undefined,
    ...q.amenities.map((column) => eq(spots[column] as typeof spots.isCovered, true)),
    q.window
      ? sql`not exists (select 1 from ${bookings} b where b.spot_id = ${spots.id} and b.status in ${HOLDING}
          and tstzrange(b.starts_at, b.ends_at, '[)') && tstzrange(${q.window.startsAt.toISOString()}::timestamptz, ${q.window.endsAt.toISOString()}::timestamptz, '[)'))`
      : undefined,
    q.after ? sql`(${key}, ${spots.id}) > (${q.after.value}::float8, ${q.after.id}::uuid)` : undefined,
  ];
  const rows = await db
    .select({ spot: spots, distanceM: sql<number>`${distance}`.mapWith(Number) })
    .from(spots)
    .where(and(...conditions))
    .orderBy(key, spots.id)
    .limit(q.limit);
  return rows.map((r) => ({ ...r.spot, distanceM: r.distanceM }));
}
