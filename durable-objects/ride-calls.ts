/**
 * What a driver's status step asks of a ride actor (domain/driver-status.ts
 * effects), carried out for the CellActor: an accept, a decline, a ride step
 * (or a stop's step) or a driver's cancel, and positions passed on. Returns what the driver is
 * told, and for an accept the command its answer makes.
 */
import type { DriverCommand, DriverEffect, DriverRecord } from "../src/domain/driver-status.ts";
import { errorFields, log } from "../src/log.ts";
import type { AcceptInfo } from "../src/protocol/actors.ts";
import type { DriverServerMessage } from "../src/protocol/driver.ts";

export type RideEffect = Exclude<DriverEffect, { type: "hand_off" }>;

export interface RideCallOutcome {
  messages: DriverServerMessage[];
  /** The command the ride's answer makes (after an accept). */
  then?: DriverCommand;
}

/** What the ride actor learns of a driver who accepts, from their record in `cell`. */
export function acceptInfo(record: DriverRecord, cell: string): AcceptInfo {
  const position = { lat: record.lat, lng: record.lng };
  return { vehicleId: record.vehicleId, vehicleClass: record.vehicleClass, rating: record.rating, position, cell };
}

/** Carries out `effect` for the driver; `held` is their record after the step, and the cell that holds it. */
export async function callRide(
  env: Env,
  waitUntil: (work: Promise<unknown>) => void,
  driverId: string,
  effect: RideEffect,
  held: { record: DriverRecord | null; cell: string },
): Promise<RideCallOutcome> {
  const ride = env.RIDE.getByName(effect.rideId);
  switch (effect.type) {
    case "forward_location":
      // The hot path: not awaited.
      waitUntil(
        ride
          .driverLocation(driverId, effect.position)
          .catch((error: unknown) => log("warn", "CellActor.forwardLocation", { ...errorFields(error) })),
      );
      return { messages: [] };
    case "accept": {
      if (!held.record) return { messages: [] };
      const answer = await ride.accept(driverId, acceptInfo(held.record, held.cell));
      const then: DriverCommand = answer.ok
        ? { type: "accepted", rideId: effect.rideId, ride: answer.ride }
        : { type: "accept_failed", rideId: effect.rideId };
      return { messages: [], then };
    }
    case "decline":
      await ride.decline(driverId);
      return { messages: [] };
    // The ride actor takes the step and tells the driver's cell (rideUpdate / rideEnded): one path
    // for the socket and HTTP. Only a refusal is answered here.
    case "ride_step":
    case "ride_stop":
    case "ride_cancel": {
      const answer =
        effect.type === "ride_step"
          ? await ride.driverAction(driverId, effect.step)
          : effect.type === "ride_stop"
            ? await ride.driverStop(driverId, effect.stop)
            : await ride.driverCancel(driverId, effect.reason);
      return { messages: answer.ok ? [] : [{ type: "error", code: answer.code, message: answer.message }] };
    }
  }
}
