/**
 * The ride state machine, shared by passenger rides and goods deliveries:
 *
 *   requested ───────→ searching → driver_assigned → driver_arrived → in_progress → completed
 *       │               ↑ │  ↑              │               │
 *       └→ scheduled ───┘ │  └── driver cancels ────────────┘   (back to dispatch, without that driver)
 *            (its alarm)  ↓
 *                     no_driver      cancelled (by the rider, until the trip starts; by the system
 *                                    when a scheduled ride's payment fails as dispatch starts)
 *
 * `transition(ride, command, now)` validates a command against the state and
 * returns the new state and the events it produced, or why it is refused.
 */

/** Every status a ride can have, in lifecycle order (also the Postgres enum `ride_status`). */
export const RIDE_STATUSES = [
  "requested",
  /** Booked for later (`scheduledAt`): dispatch starts on the actor's alarm (domain/schedule.ts). */
  "scheduled",
  "searching",
  "driver_assigned",
  "driver_arrived",
  "in_progress",
  "completed",
  "cancelled",
  "no_driver",
] as const;

export type RideStatus = (typeof RIDE_STATUSES)[number];

export const TERMINAL: readonly RideStatus[] = ["completed", "cancelled", "no_driver"];

export interface RideState {
  status: RideStatus;
  driverId: string | null;
  /** Drivers that declined, let the offer expire or cancelled: never offered this ride again. */
  excludedDrivers: string[];
  timestamps: Partial<Record<RideStatus, string>>;
  cancelledBy: "rider" | "driver" | "admin" | "system" | null;
  cancellationReason: string | null;
  cancellationFee: number;
}

export type RideCommand =
  /** A ride booked for later waits, scheduled, until its dispatch time. */
  | { type: "schedule" }
  | { type: "start_search" }
  | { type: "assign"; driverId: string }
  | { type: "arrive"; driverId: string }
  | { type: "start"; driverId: string }
  | { type: "complete"; driverId: string }
  /** By the rider, or an admin on their behalf (the same fee rules). */
  | { type: "rider_cancel"; reason?: string; graceS: number; fee: number; by?: "rider" | "admin" }
  | { type: "driver_cancel"; driverId: string; reason?: string }
  | { type: "give_up" }
  /** The platform ends a ride that never started dispatch (a scheduled ride's payment failed). */
  | { type: "system_cancel"; reason: string };

export type RideEventType =
  | "ride.scheduled"
  | "ride.searching"
  | "ride.assigned"
  | "ride.driver_arrived"
  | "ride.started"
  | "ride.completed"
  | "ride.cancelled"
  | "ride.driver_cancelled"
  | "ride.no_driver";

export type TransitionResult =
  | { ok: true; state: RideState; event: RideEventType }
  | { ok: false; reason: "invalid_state" | "not_your_ride" };

export function newRide(nowIso: string): RideState {
  return {
    status: "requested",
    driverId: null,
    excludedDrivers: [],
    timestamps: { requested: nowIso },
    cancelledBy: null,
    cancellationReason: null,
    cancellationFee: 0,
  };
}

function move(state: RideState, status: RideStatus, nowIso: string, patch: Partial<RideState> = {}): RideState {
  return { ...state, ...patch, status, timestamps: { ...state.timestamps, [status]: nowIso } };
}

/** The rider's cancellation fee: free before assignment and within the grace period after it. */
export function cancellationFee(state: RideState, now: Date, graceS: number, fee: number): number {
  if (state.status !== "driver_assigned" && state.status !== "driver_arrived") return 0;
  const assignedAt = state.timestamps.driver_assigned;
  if (!assignedAt) return 0;
  return now.getTime() - new Date(assignedAt).getTime() > graceS * 1000 ? fee : 0;
}

export function transition(state: RideState, command: RideCommand, now: Date): TransitionResult {
  const at = now.toISOString();
  const refuse = (reason: "invalid_state" | "not_your_ride" = "invalid_state"): TransitionResult => ({
    ok: false,
    reason,
  });
  const ownDriver = (driverId: string) => state.driverId === driverId;
  switch (command.type) {
    case "schedule":
      if (state.status !== "requested") return refuse();
      return { ok: true, state: move(state, "scheduled", at), event: "ride.scheduled" };
    case "start_search":
      if (state.status !== "requested" && state.status !== "scheduled") return refuse();
      return { ok: true, state: move(state, "searching", at), event: "ride.searching" };
    case "assign":
      if (state.status !== "searching") return refuse();
      if (state.excludedDrivers.includes(command.driverId)) return refuse("not_your_ride");
      return {
        ok: true,
        state: move(state, "driver_assigned", at, { driverId: command.driverId }),
        event: "ride.assigned",
      };
    case "arrive":
      if (!ownDriver(command.driverId)) return refuse("not_your_ride");
      if (state.status !== "driver_assigned") return refuse();
      return { ok: true, state: move(state, "driver_arrived", at), event: "ride.driver_arrived" };
    case "start":
      if (!ownDriver(command.driverId)) return refuse("not_your_ride");
      if (state.status !== "driver_arrived") return refuse();
      return { ok: true, state: move(state, "in_progress", at), event: "ride.started" };
    case "complete":
      if (!ownDriver(command.driverId)) return refuse("not_your_ride");
      if (state.status !== "in_progress") return refuse();
      return { ok: true, state: move(state, "completed", at), event: "ride.completed" };
    case "rider_cancel": {
      if (!["requested", "scheduled", "searching", "driver_assigned", "driver_arrived"].includes(state.status)) {
        return refuse();
      }
      const fee = cancellationFee(state, now, command.graceS, command.fee);
      return {
        ok: true,
        state: move(state, "cancelled", at, {
          cancelledBy: command.by ?? "rider",
          cancellationReason: command.reason ?? null,
          cancellationFee: fee,
        }),
        event: "ride.cancelled",
      };
    }
    case "driver_cancel":
      if (!ownDriver(command.driverId)) return refuse("not_your_ride");
      if (state.status !== "driver_assigned" && state.status !== "driver_arrived") return refuse();
      // Back to dispatch, never to this driver again.
      return {
        ok: true,
        state: move(state, "searching", at, {
          driverId: null,
          excludedDrivers: [...state.excludedDrivers, command.driverId],
        }),
        event: "ride.driver_cancelled",
      };
    case "give_up":
      if (state.status !== "searching") return refuse();
      return { ok: true, state: move(state, "no_driver", at), event: "ride.no_driver" };
    case "system_cancel":
      if (state.status !== "scheduled") return refuse();
      return {
        ok: true,
        state: move(state, "cancelled", at, { cancelledBy: "system", cancellationReason: command.reason }),
        event: "ride.cancelled",
      };
  }
}
