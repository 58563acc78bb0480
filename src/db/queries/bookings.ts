/** Reads and writes of parking bookings. */
import { and, eq, sql } from "drizzle-orm";
import { HOLDING_STATES } from "../../domain/booking-lifecycle.ts";
import type { Database } from "../client.ts";
import { bookings, spots, users } from "../schema/index.ts";
import { afterCursor, type Cursor, keysetOrder } from "./cursor.ts";

export type BookingRow = typeof bookings.$inferSelect;
export type NewBooking = typeof bookings.$inferInsert;

/** The statuses that hold a spot, as SQL (the exclusion constraint's list). */
export const HOLDING = HOLDING_STATES;

export async function bookingById(db: Database, id: string): Promise<BookingRow | undefined> {
  const [row] = await db.select().from(bookings).where(eq(bookings.id, id));
  return row;
}

export async function bookingByKey(db: Database, renterId: string, key: string): Promise<BookingRow | undefined> {
  const [row] = await db
    .select()
    .from(bookings)
    .where(and(eq(bookings.renterId, renterId), eq(bookings.idempotencyKey, key)));
  return row;
}

export async function insertBooking(db: Database, row: NewBooking): Promise<BookingRow> {
  const [inserted] = await db.insert(bookings).values(row).returning();
  return inserted as BookingRow;
}

export async function updateBooking(db: Database, id: string, fields: Partial<NewBooking>): Promise<BookingRow> {
  const [row] = await db
    .update(bookings)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(bookings.id, id))
    .returning();
  return row as BookingRow;
}

/** The holding bookings of a spot that touch [from, to), oldest first. */
export async function holdsOf(db: Database, spotId: string, from: Date, to: Date): Promise<BookingRow[]> {
  return db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.spotId, spotId),
        sql`${bookings.status} in ${HOLDING}`,
        sql`tstzrange(${bookings.startsAt}, ${bookings.endsAt}, '[)') && tstzrange(${from.toISOString()}::timestamptz, ${to.toISOString()}::timestamptz, '[)')`,
      ),
    )
    .orderBy(bookings.startsAt);
}

/** The renter's bookings, newest first. */
export async function bookingsOfRenter(db: Database, renterId: string, limit: number, after?: Cursor) {
  return db
    .select()
    .from(bookings)
    .where(
      and(
        eq(bookings.renterId, renterId),
        after ? afterCursor(bookings.createdAt, bookings.id, after, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(bookings.createdAt, bookings.id, "desc"))
    .limit(limit + 1);
}

/** The bookings of an owner's spots (one spot's, and within a window, when given), newest first, with the renter's name. */
export async function bookingsOfOwner(
  db: Database,
  ownerId: string,
  filter: { spotId?: string | undefined; from?: Date | undefined; to?: Date | undefined },
  limit: number,
  after?: Cursor,
) {
  return db
    .select({ booking: bookings, renterName: users.name })
    .from(bookings)
    .innerJoin(spots, eq(spots.id, bookings.spotId))
    .innerJoin(users, eq(users.id, bookings.renterId))
    .where(
      and(
        eq(spots.ownerId, ownerId),
        filter.spotId ? eq(bookings.spotId, filter.spotId) : undefined,
        filter.from ? sql`${bookings.endsAt} > ${filter.from.toISOString()}::timestamptz` : undefined,
        filter.to ? sql`${bookings.startsAt} < ${filter.to.toISOString()}::timestamptz` : undefined,
        after ? afterCursor(bookings.createdAt, bookings.id, after, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(bookings.createdAt, bookings.id, "desc"))
    .limit(limit + 1);
}
