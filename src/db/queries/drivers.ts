/** Driver profiles, vehicles and documents; every read by a driver is scoped to that driver. */
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { documents, driverProfiles, users, vehicleClasses, vehicles } from "../schema/index.ts";
import { afterCursor, type Cursor, keysetOrder } from "./cursor.ts";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

/** Serializes a driver's vehicle changes (concurrent ones would collide on the one-active index). */
async function lockDriver(tx: Tx, driverId: string): Promise<void> {
  await tx.select({ id: users.id }).from(users).where(eq(users.id, driverId)).for("update");
}

/** Thrown inside a transaction to roll it back when its insert found the plate taken. */
class PlateTaken extends Error {}

export type VehicleRow = typeof vehicles.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type DriverProfileRow = typeof driverProfiles.$inferSelect;

export async function driverProfile(db: Database, userId: string): Promise<DriverProfileRow | undefined> {
  const [row] = await db.select().from(driverProfiles).where(eq(driverProfiles.userId, userId));
  return row;
}

/** What the driver websocket needs to know at the handshake. */
export async function driverReadiness(
  db: Database,
  userId: string,
): Promise<{
  status: DriverProfileRow["status"] | null;
  rating: number;
  vehicle: { id: string; vehicleClassId: string } | null;
}> {
  const [row] = await db
    .select({
      status: driverProfiles.status,
      rating: driverProfiles.ratingAvg,
      vehicleId: vehicles.id,
      vehicleClassId: vehicles.vehicleClassId,
    })
    .from(driverProfiles)
    .leftJoin(vehicles, and(eq(vehicles.driverId, driverProfiles.userId), eq(vehicles.isActive, true)))
    .where(eq(driverProfiles.userId, userId));
  if (!row) return { status: null, rating: 0, vehicle: null };
  return {
    status: row.status,
    rating: row.rating,
    vehicle: row.vehicleId && row.vehicleClassId ? { id: row.vehicleId, vehicleClassId: row.vehicleClassId } : null,
  };
}

export function listVehicles(db: Database, driverId: string): Promise<VehicleRow[]> {
  return db.select().from(vehicles).where(eq(vehicles.driverId, driverId)).orderBy(desc(vehicles.createdAt));
}

export async function getVehicle(db: Database, driverId: string, id: string): Promise<VehicleRow | undefined> {
  const [row] = await db
    .select()
    .from(vehicles)
    .where(and(eq(vehicles.id, id), eq(vehicles.driverId, driverId)));
  return row;
}

export async function vehicleClassExists(db: Database, id: string): Promise<boolean> {
  const [row] = await db.select({ id: vehicleClasses.id }).from(vehicleClasses).where(eq(vehicleClasses.id, id));
  return row !== undefined;
}

/**
 * Adds a vehicle; the first one, or one added with `isActive`, becomes the
 * active vehicle (the previous one is deactivated in the same transaction).
 * Null when the plate is already registered (and then nothing changed).
 */
export function addVehicle(
  db: Database,
  driverId: string,
  input: {
    vehicleClassId: string;
    plate: string;
    make?: string | undefined;
    model: string;
    color?: string | undefined;
    seats?: number | undefined;
    maxWeightKg?: number | undefined;
    isActive?: boolean | undefined;
  },
): Promise<VehicleRow | null> {
  return db
    .transaction(async (tx) => {
      await lockDriver(tx, driverId);
      const [{ n } = { n: 0 }] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(vehicles)
        .where(eq(vehicles.driverId, driverId));
      const active = input.isActive ?? n === 0;
      if (active) await tx.update(vehicles).set({ isActive: false }).where(eq(vehicles.driverId, driverId));
      const [row] = await tx
        .insert(vehicles)
        .values({
          driverId,
          vehicleClassId: input.vehicleClassId,
          plate: input.plate.toUpperCase(),
          make: input.make ?? null,
          model: input.model,
          color: input.color ?? null,
          seats: input.seats ?? null,
          maxWeightKg: input.maxWeightKg ?? null,
          isActive: active,
        })
        .onConflictDoNothing({ target: vehicles.plate })
        .returning();
      if (!row) throw new PlateTaken();
      return row;
    })
    .catch((error: unknown) => {
      if (error instanceof PlateTaken) return null;
      throw error;
    });
}

/** Makes one of the driver's vehicles the active one (or deactivates it). */
export function setVehicleActive(
  db: Database,
  driverId: string,
  id: string,
  isActive: boolean,
): Promise<VehicleRow | undefined> {
  return db.transaction(async (tx) => {
    await lockDriver(tx, driverId);
    // The target first: an unknown or foreign id must change nothing.
    const [target] = await tx
      .select({ id: vehicles.id })
      .from(vehicles)
      .where(and(eq(vehicles.id, id), eq(vehicles.driverId, driverId)));
    if (!target) return undefined;
    if (isActive) {
      await tx
        .update(vehicles)
        .set({ isActive: false })
        .where(and(eq(vehicles.driverId, driverId), sql`${vehicles.id} <> ${id}`));
    }
    const [row] = await tx
      .update(vehicles)
      .set({ isActive })
      .where(and(eq(vehicles.id, id), eq(vehicles.driverId, driverId)))
      .returning();
    return row;
  });
}

export function listDocuments(db: Database, ownerId: string): Promise<DocumentRow[]> {
  return db.select().from(documents).where(eq(documents.ownerId, ownerId)).orderBy(desc(documents.createdAt));
}

export async function getDocument(db: Database, ownerId: string, id: string): Promise<DocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.ownerId, ownerId)));
  return row;
}

/** The cell the driver last went online in (a socket's upgrade or HTTP), if any. */
export async function driverCell(db: Database, driverId: string): Promise<string | null> {
  const [row] = await db
    .select({ cell: driverProfiles.currentCell })
    .from(driverProfiles)
    .where(eq(driverProfiles.userId, driverId));
  return row?.cell ?? null;
}

/**
 * Records the cell a driver's socket connects to and returns the one before,
 * so the new cell can take over the driver's record (offer, ride) from it.
 */
export async function moveDriverToCell(db: Database, driverId: string, cell: string): Promise<string | null> {
  // The old value comes from a locked read in FROM, evaluated before the update
  // (a CTE read of the same row is not reliable here).
  const result = await db.execute<{ previous: string | null }>(sql`
    update driver_profiles d set current_cell = ${cell}, updated_at = now()
    from (select user_id, current_cell as previous from driver_profiles where user_id = ${driverId} for update) p
    where d.user_id = p.user_id
    returning p.previous`);
  return result.rows[0]?.previous ?? null;
}

/** Drivers for the admin queue, oldest first (first come, first reviewed), cursor-paginated by (created_at, id). */
export function listDriversForReview(db: Database, status: DriverProfileRow["status"], limit: number, cursor?: Cursor) {
  return db
    .select({ profile: driverProfiles, user: users })
    .from(driverProfiles)
    .innerJoin(users, eq(users.id, driverProfiles.userId))
    .where(
      and(
        eq(driverProfiles.status, status),
        cursor ? afterCursor(driverProfiles.createdAt, driverProfiles.userId, cursor, "asc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(driverProfiles.createdAt, driverProfiles.userId, "asc"))
    .limit(limit + 1);
}

/** Sets a driver's verification; null when there is no such driver. */
/** An admin's decision on a driver. */
export type ReviewDecision = { status: "verified" } | { status: "rejected"; reason: string };

export async function reviewDriver(
  db: Database,
  driverId: string,
  decision: ReviewDecision,
  adminId: string,
): Promise<DriverProfileRow | undefined> {
  const now = new Date();
  const [row] = await db
    .update(driverProfiles)
    .set(
      decision.status === "verified"
        ? { status: "verified", verifiedAt: now, verifiedBy: adminId, rejectionReason: null, updatedAt: now }
        : {
            status: "rejected",
            rejectionReason: decision.reason,
            verifiedAt: null,
            verifiedBy: adminId,
            updatedAt: now,
          },
    )
    .where(eq(driverProfiles.userId, driverId))
    .returning();
  return row;
}

/** The assigned driver's name and vehicle, for the rider's screen. */
export async function assignedDriverDetails(db: Database, driverId: string, vehicleId: string) {
  const [row] = await db
    .select({
      name: users.name,
      plate: vehicles.plate,
      model: vehicles.model,
      color: vehicles.color,
      vehicleClass: vehicles.vehicleClassId,
      rating: driverProfiles.ratingAvg,
      ratingCount: driverProfiles.ratingCount,
    })
    .from(users)
    .leftJoin(vehicles, eq(vehicles.id, vehicleId))
    .leftJoin(driverProfiles, eq(driverProfiles.userId, users.id))
    .where(eq(users.id, driverId));
  return row;
}
