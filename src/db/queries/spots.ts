/** Reads and writes of parking spots, and the search by place and time. */
import { and, eq, sql } from "drizzle-orm";
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
