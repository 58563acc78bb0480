/**
 * The assigned driver's steps of a ride (arrive, start, complete), for the
 * RideActor, from their socket or over HTTP: the step by the ride's rules
 * (domain/ride-lifecycle.ts), the driven track anchored at the start and the
 * fare taken at completion (domain/ride.ts), written with its event, then
 * told to the riders and to the driver's cell. A ride with stops completes
 * only after its last one (ride-stops.ts).
 */

import { driverRideView, fareAtCompletion, paymentOnWire, rideView } from "../src/domain/ride.ts";
import { transition } from "../src/domain/ride-lifecycle.ts";
import { type DriverResult, type RideStep, refused } from "../src/protocol/actors.ts";
import type { CancelScope } from "./ride-cancel.ts";
import { stopsPending } from "./ride-stops.ts";

export async function takeRideStep(
  scope: CancelScope,
  driverId: string,
  action: RideStep,
  timeScale: number,
): Promise<DriverResult> {
  const r = scope.ride;
  const pending = action === "complete" ? stopsPending(r, driverId) : null;
  if (pending) return pending;
  const now = Date.now();
  const result = transition(r.state, { type: action, driverId }, new Date(now));
  if (!result.ok) {
    return result.reason === "not_your_ride"
      ? refused("not_your_ride", "This is not your ride.")
      : refused("invalid_state", `The ride is ${r.state.status}.`);
  }
  r.state = result.state;
  if (action === "start") r.trackAnchor = r.driverPosition;
  if (action === "complete") Object.assign(r, fareAtCompletion(r, now, timeScale));
  await scope.commit(result.event);
  scope.tellRiders({ type: "ride.status", ...rideView(r) });
  if (action === "complete" && r.fare) {
    scope.tellRiders({
      type: "ride.completed",
      fare: { lines: r.fare.lines, total: r.fare.total },
      payment: paymentOnWire(r),
    });
  }
  const ride = driverRideView(r);
  scope.cells.rideUpdate(scope.dispatcher.driverCell(driverId), driverId, ride, r.seq);
  return { ok: true, ride };
}
