/**
 * Cancelling a ride, for the RideActor. By its rider, or an admin on their
 * behalf: free until assignment and within the grace period after
 * (domain/ride-lifecycle.ts); the search stops, an open offer is taken back
 * and an assigned driver is freed. By its assigned driver: the ride goes back
 * to dispatch without them. Each writes the change with its event, then tells
 * the cells and the riders.
 */
import { driverRideView, type RideRecord, type RideView, riderCancel, rideView } from "../src/domain/ride.ts";
import { type RideEventType, transition } from "../src/domain/ride-lifecycle.ts";
import { type DriverResult, type Refusal, refused, type Viewer } from "../src/protocol/actors.ts";
import type { RideServerMessage } from "../src/protocol/ride.ts";
import type { Dispatcher } from "./dispatcher.ts";
import type { RideCells } from "./ride-cells.ts";

/** What a cancel works on: the actor's ride (opened: its dispatch has a state), and whom it tells. */
export interface CancelScope {
  ride: RideRecord;
  dispatcher: Dispatcher;
  cells: RideCells;
  /** Writes the ride and the dispatch state with the event (ride-store.ts). */
  commit(type: RideEventType): Promise<void>;
  tellRiders(...messages: RideServerMessage[]): void;
}

/** The assigned driver gives the ride back: it returns to dispatch without them. */
export async function giveBack(scope: CancelScope, driverId: string, reason: string | null): Promise<DriverResult> {
  const { ride: r, dispatcher } = scope;
  const result = transition(r.state, { type: "driver_cancel", driverId, ...(reason ? { reason } : {}) }, new Date());
  if (!result.ok) return refused(result.reason, `The ride is ${r.state.status}.`);
  scope.cells.rideEnded(dispatcher.driverCell(driverId), driverId);
  r.state = result.state;
  r.driver = null;
  r.driverPosition = null;
  dispatcher.searchAgain(driverId);
  await scope.commit(result.event);
  dispatcher.demand(true);
  scope.tellRiders({ type: "ride.status", ...rideView(r) });
  dispatcher.resume();
  return { ok: true, ride: driverRideView(r) };
}

/**
 * Cancels for someone allowed to see the ride: its rider or an admin (the
 * ride's grace and fee at this TIME_SCALE); its driver gives it back.
 */
export async function cancelFor(
  scope: CancelScope,
  viewer: Viewer,
  reason: string | null,
  timeScale: number,
): Promise<{ ok: true; ride: RideView } | Refusal> {
  const { ride: r, dispatcher } = scope;
  if (viewer.role === "driver") {
    const result = await giveBack(scope, viewer.userId, reason);
    return result.ok ? { ok: true, ride: rideView(r) } : result;
  }
  const command = riderCancel(r, viewer.role === "admin" ? "admin" : "rider", reason, timeScale);
  const wasSearching = r.state.status === "searching" || r.state.status === "requested";
  const result = transition(r.state, command, new Date());
  if (!result.ok) return refused("invalid_state", `A ride that is ${r.state.status} cannot be cancelled.`);
  r.state = result.state;
  const driverId = r.driver?.id;
  const offered = dispatcher.stop();
  await scope.commit(result.event);
  if (wasSearching) dispatcher.demand(false);
  if (offered) scope.cells.withdraw(offered, "cancelled");
  if (driverId) scope.cells.rideEnded(dispatcher.driverCell(driverId), driverId);
  scope.tellRiders(
    { type: "ride.cancelled", by: r.state.cancelledBy ?? "rider", reason: r.state.cancellationReason },
    { type: "ride.status", ...rideView(r) },
  );
  return { ok: true, ride: rideView(r) };
}
