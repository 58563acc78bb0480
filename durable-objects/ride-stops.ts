/**
 * The stops of a multi-stop ride, for the RideActor: the assigned driver's
 * step at a stop (over their socket or HTTP) by the rules of
 * domain/ride-stops.ts, written with its event, then told to the riders
 * (`ride.stop`) and to the driver's cell (`rideUpdate`, whose `ride.status`
 * carries the stops); and the gate that keeps the ride's `completed` step
 * until every stop is completed or failed. A drop completes with its proof
 * (domain/proofs.ts): its code, or a photo after five wrong codes.
 */

import { completeDrop } from "../src/domain/proofs.ts";
import { driverRideView, type RideRecord } from "../src/domain/ride.ts";
import { openStop, type StopAction, type StopStep, stopStep } from "../src/domain/ride-stops.ts";
import { type DriverResult, type Refusal, refused } from "../src/protocol/actors.ts";
import type { CancelScope } from "./ride-cancel.ts";
import { hasDropPhoto } from "./ride-proofs.ts";

/** The event of each stop step (kept in ride_events like the ride's own). */
export type StopEventType = "ride.stop_arrived" | "ride.stop_completed" | "ride.stop_failed";

const EVENT: Record<StopAction, StopEventType> = {
  arrive: "ride.stop_arrived",
  complete: "ride.stop_completed",
  fail: "ride.stop_failed",
};

/** What a stop step works on: what a cancel does (ride-cancel.ts), its events being the stops'. */
export type StopScope = Omit<CancelScope, "commit"> & {
  /** Writes the ride and the dispatch state with the event (ride-store.ts). */
  commit(type: StopEventType): Promise<void>;
  /** Writes the ride without an event (a wrong code counted). */
  save(): Promise<void>;
};

/** The assigned driver's step at a stop: only while the ride is in progress, stops in order. */
export async function takeStopStep(scope: StopScope, driverId: string, step: StopStep): Promise<DriverResult> {
  const r = scope.ride;
  if (r.state.driverId !== driverId) return refused("not_your_ride", "This is not your ride.");
  if (r.state.status !== "in_progress") {
    return refused("invalid_state", `The ride is ${r.state.status}: stops are taken after the pickup.`);
  }
  const now = new Date().toISOString();
  // A drop completes with its proof: the recipient's code, or a photo once the code is locked.
  const result =
    step.action === "complete"
      ? completeDrop(r.stops, step, hasDropPhoto(r, step.index), now)
      : stopStep(r.stops, step, now);
  if (!result.ok) {
    if ("stops" in result && result.stops) {
      // A wrong code counts (and the fifth flags the drop): kept, though the step is refused.
      r.stops = result.stops;
      await scope.save();
    }
    return refused(result.code, result.message);
  }
  r.stops = result.stops;
  await scope.commit(EVENT[step.action]);
  scope.tellRiders({ type: "ride.stop", ...result.stop });
  const ride = driverRideView(r);
  scope.cells.rideUpdate(scope.dispatcher.driverCell(driverId), driverId, ride, r.seq);
  return { ok: true, ride };
}

/**
 * Why the assigned driver cannot complete the ride yet: a stop is still
 * open. Null when it may (or when the step is refused for another reason,
 * which the ride's state machine gives).
 */
export function stopsPending(r: RideRecord, driverId: string): Refusal | null {
  if (r.state.driverId !== driverId || r.state.status !== "in_progress") return null;
  const open = openStop(r.stops);
  if (open === null) return null;
  return refused(
    "stops_pending",
    `Stop ${open} is ${r.stops[open]?.status ?? "pending"}: the ride completes after its last stop.`,
  );
}
