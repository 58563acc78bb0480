/**
 * What a driver's status step asks of a ride actor (domain/driver-status.ts
 * effects), carried out for the CellActor: an accept, a decline, a ride step
 * or a driver's cancel, and positions passed on. Returns what the driver is
 * told, and for an accept the command its answer makes.
 */
import type { DriverCommand, DriverEffect } from "../src/domain/driver-status.ts";
import { errorFields, log } from "../src/log.ts";
import type { AcceptInfo } from "../src/protocol/actors.ts";
import type { DriverServerMessage } from "../src/protocol/driver.ts";

export type RideEffect = Exclude<DriverEffect, { type: "hand_off" }>;

export interface RideCallOutcome {
  messages: DriverServerMessage[];
  /** The command the ride's answer makes (after an accept). */
  then?: DriverCommand;
}

export async function callRide(
  env: Env,
  waitUntil: (work: Promise<unknown>) => void,
  driverId: string,
  effect: RideEffect,
  acceptInfo: () => AcceptInfo | null,
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
      const info = acceptInfo();
      if (!info) return { messages: [] };
      const answer = await ride.accept(driverId, info);
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
    case "ride_cancel": {
      const answer =
        effect.type === "ride_step"
          ? await ride.driverAction(driverId, effect.step)
          : await ride.driverCancel(driverId, effect.reason);
      return { messages: answer.ok ? [] : [{ type: "error", code: answer.code, message: answer.message }] };
    }
  }
}
