/** Who may read a spot's access instructions: its owner, admins, and a renter whose booking is confirmed or running. */
import { and, eq, inArray } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import type { SpotRow } from "../db/queries/spots.ts";
import { bookings } from "../db/schema/index.ts";

export async function canSeeAccess(
  db: Database,
  spot: SpotRow,
  me: { userId: string; role: string },
): Promise<boolean> {
  if (spot.ownerId === me.userId || me.role === "admin") return true;
  const rows = await db
    .select({ id: bookings.id })
    .from(bookings)
    .where(
      and(
        eq(bookings.spotId, spot.id),
        eq(bookings.renterId, me.userId),
        inArray(bookings.status, ["confirmed", "in_progress"]),
      ),
    )
    .limit(1);
  return rows.length > 0;
}
