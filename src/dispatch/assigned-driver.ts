/**
 * The assigned driver's name and vehicle for the rider's screen, from
 * Postgres. Null when Postgres cannot say right now: the ride goes on, and
 * the rider sees the driver without a name until the next look.
 */
import { createDb } from "../db/client.ts";
import { assignedDriverDetails } from "../db/queries/drivers.ts";
import { errorFields, log } from "../log.ts";

export type DriverDetails = NonNullable<Awaited<ReturnType<typeof assignedDriverDetails>>>;

export async function driverDetails(
  env: Env,
  rideId: string,
  driverId: string,
  vehicleId: string,
): Promise<DriverDetails | null> {
  const { db, close } = createDb(env);
  try {
    return (await assignedDriverDetails(db, driverId, vehicleId)) ?? null;
  } catch (error) {
    log("warn", "RideActor.driverDetails", { ride: rideId, ...errorFields(error) });
    return null;
  } finally {
    await close().catch(() => {});
  }
}
