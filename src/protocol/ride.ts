/**
 * The ride websocket's messages, server → client (the ride's rider, its
 * driver, admins), zod-checked like the driver protocol: the RideActor sends
 * them, tests and the simulator parse them. Clients send nothing on this
 * socket; a frame from them is answered with `error`.
 */
import { z } from "zod";

const Lat = z.number().min(-90).max(90);
const Lng = z.number().min(-180).max(180);
const Money = z.object({ amount: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) });
const FareLine = z.object({ code: z.string(), label: z.string(), amount: z.number().int() });
/** Times on the wire are ISO 8601 UTC (DESIGN.md, "Conventions"). */
const Instant = z.iso.datetime();

const Vehicle = z.object({
  id: z.string(),
  vehicle_class: z.string(),
  plate: z.string().nullable(),
  model: z.string().nullable(),
  color: z.string().nullable(),
});

/** A driver's position as riders see it. */
export const DriverLocation = z.object({
  lat: Lat,
  lng: Lng,
  heading: z.number().min(0).max(360).nullable(),
  ts: Instant,
});

/** server → client */
export const RideServerMessage = z.discriminatedUnion("type", [
  /** The whole ride, as GET /v1/rides/{id} shows it (domain/ride.ts, `rideView`). */
  z
    .object({
      type: z.literal("ride.status"),
      id: z.uuid(),
      status: z.string(),
      rider_id: z.uuid(),
      timestamps: z.record(z.string(), Instant),
    })
    .loose(),
  z.object({
    type: z.literal("driver.assigned"),
    driver: z.object({ id: z.uuid(), name: z.string(), rating: z.number() }),
    vehicle: Vehicle,
    eta_s: z.number().int().nonnegative(),
  }),
  DriverLocation.extend({ type: z.literal("driver.location") }),
  z.object({ type: z.literal("ride.completed"), fare: z.object({ lines: z.array(FareLine), total: Money }) }),
  z.object({ type: z.literal("ride.cancelled"), by: z.string(), reason: z.string().nullable() }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type RideServerMessage = z.infer<typeof RideServerMessage>;
export type DriverLocation = z.infer<typeof DriverLocation>;

/** A position as it goes on the wire: the instant as ISO 8601. */
export function locationOut(position: {
  lat: number;
  lng: number;
  heading: number | null;
  ts: number;
}): DriverLocation {
  return { lat: position.lat, lng: position.lng, heading: position.heading, ts: new Date(position.ts).toISOString() };
}
