/**
 * The assigned driver's name, rating and vehicle for the rider's screen,
 * from Postgres. Null when Postgres cannot say right now: the ride goes on,
 * and the rider sees the driver without a name until the next look.
 */
import { createDb } from "../db/client.ts";
import { assignedDriverDetails } from "../db/queries/drivers.ts";
import { type AssignedDriver, driverRating } from "../domain/ride.ts";
import { errorFields, log } from "../log.ts";

export interface DriverDetails {
  /** What the rider sees of the driver: their name and rating (average and count). */
  driver: Pick<AssignedDriver, "name"> & Partial<Pick<AssignedDriver, "rating" | "rating_count">>;
  vehicle: { vehicleClass: string | null; plate: string | null; model: string | null; color: string | null };
}

export async function driverDetails(
  env: Env,
  rideId: string,
  driverId: string,
  vehicleId: string,
): Promise<DriverDetails | null> {
  const { db, close } = createDb(env);
  try {
    const row = await assignedDriverDetails(db, driverId, vehicleId);
    if (!row) return null;
    const { name, rating, ratingCount, ...vehicle } = row;
    return { driver: { name, ...driverRating(rating, ratingCount) }, vehicle };
  } catch (error) {
    log("warn", "RideActor.driverDetails", { ride: rideId, ...errorFields(error) });
    return null;
  } finally {
    await close().catch(() => {});
  }
}
