/**
 * The ride websocket's messages, server → client (the ride's rider, its
 * driver, admins), zod-checked like the driver protocol: the RideActor sends
 * them, tests and the simulator parse them. Clients send nothing on this
 * socket; a frame from them is answered with `error`.
 */
import { z } from "zod";
import { RIDE_STATUSES } from "../domain/ride-lifecycle.ts";
import { STOP_STATUSES } from "../domain/ride-stops.ts";
import { Instant, Lat, Lng, Money } from "./wire.ts";

const FareLine = z.object({ code: z.string(), label: z.string(), amount: z.number().int() });

const Vehicle = z.object({
  id: z.string(),
  vehicle_class: z.string(),
  plate: z.string().nullable(),
  model: z.string().nullable(),
  color: z.string().nullable(),
});

/** A driver's position as riders see it. */
const DriverLocation = z.object({
  lat: Lat,
  lng: Lng,
  heading: z.number().min(0).max(360).nullable(),
  ts: Instant,
});

/** A ride's payment: the method and what is held, captured and refunded (domain/ride.ts, `paymentOnWire`). */
const Payment = z.object({
  id: z.uuid().nullable(),
  method: z.enum(["cash", "card", "wallet", "upi"]),
  status: z.string(),
  authorized: Money,
  captured: Money,
  refunded: Money,
});

/** server → client */
export const RideServerMessage = z.discriminatedUnion("type", [
  /** The whole ride, as GET /v1/rides/{id} shows it (domain/ride.ts, `rideView`). */
  z
    .object({
      type: z.literal("ride.status"),
      id: z.uuid(),
      /** `CB-AMD-000123`; null for rides opened before order numbers. */
      order_number: z.string().nullable().optional(),
      status: z.enum(RIDE_STATUSES),
      rider_id: z.uuid(),
      timestamps: z.record(z.string(), Instant),
    })
    .loose(),
  z.object({
    type: z.literal("driver.assigned"),
    driver: z.object({
      id: z.uuid(),
      name: z.string(),
      rating: z.number(),
      /** Extension: how many ratings the average is of; absent when Postgres could not say. */
      rating_count: z.number().int().nonnegative().optional(),
    }),
    vehicle: Vehicle,
    eta_s: z.number().int().nonnegative(),
  }),
  DriverLocation.extend({ type: z.literal("driver.location") }),
  z.object({
    type: z.literal("ride.completed"),
    fare: z.object({ lines: z.array(FareLine), total: Money }),
    payment: Payment,
  }),
  /** The payment moved (captured at completion, a fee, a refund): the whole payment as it now stands. */
  z.object({ type: z.literal("ride.payment"), payment: Payment }),
  z.object({ type: z.literal("ride.cancelled"), by: z.string(), reason: z.string().nullable() }),
  /** A stop of a multi-stop ride moved (0 is the first stop); `reason` when it failed. */
  z.object({
    type: z.literal("ride.stop"),
    index: z.number().int().nonnegative(),
    status: z.enum(STOP_STATUSES),
    reason: z.string().nullable(),
  }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type RideServerMessage = z.infer<typeof RideServerMessage>;
