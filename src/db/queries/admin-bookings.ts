/** Parking bookings for admins, newest first (GET /v1/admin/bookings). */
import { and, eq, gte, lt } from "drizzle-orm";
import type { Database } from "../client.ts";
import { bookings, spots, users } from "../schema/index.ts";
import type { BookingRow } from "./bookings.ts";
import { afterCursor, type Cursor, keysetOrder } from "./cursor.ts";

export interface BookingSearch {
  status?: BookingRow["status"] | undefined;
  spotId?: string | undefined;
  renterId?: string | undefined;
  ownerId?: string | undefined;
  /** Bounds on when the booking was made. */
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Bookings with their renter's name, newest first. */
export function searchBookings(db: Database, s: BookingSearch, limit: number, cursor?: Cursor) {
  return db
    .select({ booking: bookings, renterName: users.name })
    .from(bookings)
    .innerJoin(spots, eq(spots.id, bookings.spotId))
    .innerJoin(users, eq(users.id, bookings.renterId))
    .where(
      and(
        s.status !== undefined ? eq(bookings.status, s.status) : undefined,
        s.spotId !== undefined ? eq(bookings.spotId, s.spotId) : undefined,
        s.renterId !== undefined ? eq(bookings.renterId, s.renterId) : undefined,
        s.ownerId !== undefined ? eq(spots.ownerId, s.ownerId) : undefined,
        s.from !== undefined ? gte(bookings.createdAt, s.from) : undefined,
        s.to !== undefined ? lt(bookings.createdAt, s.to) : undefined,
        cursor ? afterCursor(bookings.createdAt, bookings.id, cursor, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(bookings.createdAt, bookings.id, "desc"))
    .limit(limit + 1);
}
