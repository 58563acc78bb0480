/**
 * The driver websocket's messages (DESIGN.md, "The realtime contract"), as
 * one zod-checked discriminated union per direction. Shared by the
 * CellActor, the tests and the simulator; every inbound frame is parsed here
 * before use.
 */
import { z } from "zod";
import type { DriverCommand } from "../domain/driver-status.ts";
import { MAX_STOPS, STOP_STATUSES } from "../domain/ride-stops.ts";
import { Lat, Lng, Money, Point } from "./wire.ts";

const RideId = z.uuid();
/** A stop of the ride, 0 for the first (domain/ride-stops.ts). */
const StopIndex = z
  .number()
  .int()
  .min(0)
  .max(MAX_STOPS - 1);
/** A drop's proof-of-delivery code, as its recipient gives it to the driver (domain/proofs.ts). */
export const DropCode = z.string().regex(/^\d{4}$/, "the drop's 4-digit code");
/** Why a drop failed: what the sender is told. */
export const StopFailReason = z.string().trim().min(1).max(500);

/**
 * An inbound time: ISO 8601 with an offset (`2026-11-30T09:15:02.120Z`, as
 * DESIGN.md's conventions have it) or milliseconds since the epoch (what
 * earlier apps send). Either way the server holds epoch milliseconds.
 */
const InstantIn = z.union([
  z.number().int().nonnegative().max(8.64e15),
  z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso)),
]);

/** A position as the driver's app reports it (the socket's `location` frame, and PUT /v1/drivers/me/location). */
export const LocationFrame = z.object({
  type: z.literal("location"),
  lat: Lat,
  lng: Lng,
  heading: z.number().min(0).max(360).optional(),
  speed: z.number().min(0).max(120).optional(),
  /** When the position was taken: ISO 8601, or milliseconds since the epoch. */
  ts: InstantIn,
});

/** driver → server */
export const DriverClientMessage = z.discriminatedUnion("type", [
  LocationFrame,
  z.object({ type: z.literal("status"), status: z.enum(["available", "break"]) }),
  z.object({ type: z.literal("offer.accept"), ride_id: RideId }),
  z.object({ type: z.literal("offer.decline"), ride_id: RideId }),
  z.object({ type: z.literal("ride.arrived"), ride_id: RideId }),
  z.object({ type: z.literal("ride.started"), ride_id: RideId }),
  z.object({ type: z.literal("ride.completed"), ride_id: RideId }),
  /** Extension: a driver gives back an accepted ride (it returns to dispatch without them). */
  z.object({ type: z.literal("ride.cancel"), ride_id: RideId, reason: z.string().max(500).optional() }),
  /** Extension: the driver is at stop `index` of a multi-stop ride. */
  z.object({ type: z.literal("ride.stop.arrived"), ride_id: RideId, index: StopIndex }),
  /** Extension: stop `index` is done (after arriving there). */
  z.object({ type: z.literal("ride.stop.completed"), ride_id: RideId, index: StopIndex, code: DropCode.optional() }),
  /** Extension: stop `index` could not be done, and why. */
  z.object({ type: z.literal("ride.stop.failed"), ride_id: RideId, index: StopIndex, reason: StopFailReason }),
]);
export type DriverClientMessage = z.output<typeof DriverClientMessage>;

/** server → driver */
export const DriverServerMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("offer"),
    ride_id: RideId,
    service: z.enum(["passenger", "goods"]),
    pickup: Point,
    dropoff: Point,
    fare: Money,
    expires_at: z.string(),
    /** Extension: the ride's order number (`CB-AMD-000123`); absent for rides opened before order numbers. */
    order_number: z.string().optional(),
    /** Extension: the rider's rating (average, two decimals; 5 until rated) and how many ratings it is of. */
    rider_rating: z.object({ average: z.number(), count: z.number().int().nonnegative() }).optional(),
  }),
  z.object({ type: z.literal("offer.expired"), ride_id: RideId }),
  z.object({ type: z.literal("ride.cancelled"), ride_id: RideId }),
  z.object({ type: z.literal("handoff"), lat: Lat, lng: Lng }),
  /** Extension: the driver's current ride (after an accept, on every change, and on connect). */
  z.object({
    type: z.literal("ride.status"),
    ride_id: RideId,
    status: z.string(),
    pickup: Point,
    dropoff: Point,
    rider_id: z.uuid(),
    /** Extension: the ride's order number; absent for rides opened before order numbers. */
    order_number: z.string().optional(),
    /** Extension: each stop's status, for a ride with stops. */
    stops: z.array(z.object({ index: StopIndex, status: z.enum(STOP_STATUSES) })).optional(),
  }),
  /** Extension: the driver's own status in the cell (on connect and when it changes). */
  z.object({ type: z.literal("driver.status"), status: z.enum(["available", "offered", "on_ride", "break"]) }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type DriverServerMessage = z.infer<typeof DriverServerMessage>;
/** An offer as the cell delivers it. */
export type OfferMessage = Extract<DriverServerMessage, { type: "offer" }>;
/** The driver's ride as their app shows it. */
export type DriverRideMessage = Extract<DriverServerMessage, { type: "ride.status" }>;

/** The largest frame a client may send; anything bigger is refused unread. */
export const MAX_FRAME_BYTES = 4096;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; code: string; message: string };

/** Parses one inbound frame: JSON, within size, and one of the known messages. */
export function parseDriverMessage(frame: string | ArrayBuffer): ParseResult<DriverClientMessage> {
  if (typeof frame !== "string") return { ok: false, code: "binary_not_supported", message: "Send JSON text frames." };
  if (frame.length > MAX_FRAME_BYTES) {
    return { ok: false, code: "frame_too_large", message: `Frames are at most ${MAX_FRAME_BYTES} bytes.` };
  }
  if (frame.includes("\\u0000") || frame.includes("\0")) {
    return { ok: false, code: "invalid_characters", message: "Frames may not contain NUL characters." };
  }
  let data: unknown;
  try {
    data = JSON.parse(frame);
  } catch {
    return { ok: false, code: "malformed_json", message: "The frame is not JSON." };
  }
  const parsed = DriverClientMessage.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    return { ok: false, code: "invalid_message", message: issues };
  }
  return { ok: true, message: parsed.data };
}

/** A parsed frame as a command of the driver's status machine (domain/driver-status.ts). */
export function commandOf(message: DriverClientMessage, where: { cell: string; here: string }): DriverCommand {
  switch (message.type) {
    case "location":
      return { ...message, ...where };
    case "status":
      return { type: "status", status: message.status };
    case "offer.accept":
      return { type: "accept", rideId: message.ride_id };
    case "offer.decline":
      return { type: "decline", rideId: message.ride_id };
    case "ride.arrived":
      return { type: "ride_step", rideId: message.ride_id, step: "arrive" };
    case "ride.started":
      return { type: "ride_step", rideId: message.ride_id, step: "start" };
    case "ride.completed":
      return { type: "ride_step", rideId: message.ride_id, step: "complete" };
    case "ride.cancel":
      return { type: "ride_cancel", rideId: message.ride_id, reason: message.reason ?? null };
    case "ride.stop.arrived":
      return { type: "ride_stop", rideId: message.ride_id, stop: { index: message.index, action: "arrive" } };
    case "ride.stop.completed":
      return {
        type: "ride_stop",
        rideId: message.ride_id,
        stop: {
          index: message.index,
          action: "complete",
          ...(message.code === undefined ? {} : { code: message.code }),
        },
      };
    case "ride.stop.failed": {
      const stop = { index: message.index, action: "fail" as const, reason: message.reason };
      return { type: "ride_stop", rideId: message.ride_id, stop };
    }
  }
}
