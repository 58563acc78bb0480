/**
 * The stops of a multi-stop ride (a delivery with up to five drops): each
 * stop's status and the order they go in, as pure rules over the ride's own
 * `stops` (kept in the ride's record and its `stops` jsonb, so no table of
 * their own). The RideActor (durable-objects/ride-stops.ts) takes each step
 * through `stopStep`, and refuses the ride's `completed` step while
 * `openStop` names a stop.
 *
 *   pending ──arrive──► arrived ──complete──► completed
 *      │                   │
 *      └──────fail─────────┴──────────────► failed {reason}
 *
 * Stops go in order: a stop moves only once every stop before it is
 * completed or failed. A drop the driver cannot reach may fail without
 * arriving (a closed road); a completed drop needs its arrival.
 */
import type { LatLng } from "./geo.ts";

/** Every status a stop can have, in order. */
export const STOP_STATUSES = ["pending", "arrived", "completed", "failed"] as const;
export type StopStatus = (typeof STOP_STATUSES)[number];

/** The most drops a ride can have (POST /v1/rides refuses more). */
export const MAX_STOPS = 5;

/** A stop as the rider asks for it. */
export interface RideStopInput extends LatLng {
  address?: string | undefined;
  contact_name?: string | undefined;
  contact_phone?: string | undefined;
}

/**
 * A stop as the ride keeps it: what was asked, and how far it got. Absent
 * `status`: pending (and every stop of a ride opened before stop statuses).
 */
export interface RideStop extends RideStopInput {
  status?: StopStatus;
  reason?: string | null;
  arrived_at?: string;
  completed_at?: string;
  failed_at?: string;
  /** Proof of delivery (domain/proofs.ts): the drop's 4-digit code, never on a driver's wire. */
  code?: string;
  /** Wrong codes the driver sent for this drop. */
  code_tries?: number;
  /** When the drop was flagged for an admin (after the last wrong code it may take). */
  flagged_at?: string;
  /** How the completion was proved: the recipient's code, or a drop photo once the code is locked. */
  proof?: "code" | "photo";
}

/** What the driver does at a stop (`ride.stop.arrived|completed|failed`, or the matching HTTP route). */
export type StopAction = "arrive" | "complete" | "fail";

/** A driver's step at stop `index` (0 is the first stop); `reason` for `fail`. */
export interface StopStep {
  index: number;
  action: StopAction;
  reason?: string | null | undefined;
  /** For `complete`: the drop's code, as the recipient gave it (domain/proofs.ts). */
  code?: string | undefined;
}

/** Why a stop step is refused; each a stable `code` on the wire. */
export type StopRefusalCode = "stop_not_found" | "stop_out_of_order" | "stop_not_arrived" | "invalid_stop_state";

export type StopStepResult =
  | { ok: true; stops: RideStop[]; stop: { index: number; status: StopStatus; reason: string | null } }
  | { ok: false; code: StopRefusalCode; message: string };

const FINISHED: readonly StopStatus[] = ["completed", "failed"];

export function statusOf(stop: RideStop): StopStatus {
  return stop.status ?? "pending";
}

/** The first stop not yet completed or failed, or null when every stop is (or there are none). */
export function openStop(stops: readonly RideStop[]): number | null {
  const index = stops.findIndex((s) => !FINISHED.includes(statusOf(s)));
  return index === -1 ? null : index;
}

const NEXT: Record<StopAction, { from: readonly StopStatus[]; to: StopStatus; stamp: keyof RideStop }> = {
  arrive: { from: ["pending"], to: "arrived", stamp: "arrived_at" },
  complete: { from: ["arrived"], to: "completed", stamp: "completed_at" },
  fail: { from: ["pending", "arrived"], to: "failed", stamp: "failed_at" },
};

/**
 * Takes a step at a stop: the stops afterwards (a new array; the input is
 * not changed) and the stop's new status, or why not. The caller checks
 * that the ride is in progress and the driver is its own.
 *
 * @example
 * stopStep(ride.stops, { index: 1, action: "fail", reason: "nobody home" }, new Date().toISOString())
 */
export function stopStep(stops: readonly RideStop[], step: StopStep, nowIso: string): StopStepResult {
  const stop = stops[step.index];
  const name = `Stop ${step.index}`;
  if (!stop) return { ok: false, code: "stop_not_found", message: `The ride has no stop ${step.index}.` };
  const first = openStop(stops);
  if (first !== null && first < step.index) {
    return {
      ok: false,
      code: "stop_out_of_order",
      message: `Stop ${first} comes first: it is ${statusOf(stops[first] as RideStop)}.`,
    };
  }
  const status = statusOf(stop);
  const rule = NEXT[step.action];
  if (!rule.from.includes(status)) {
    if (step.action === "complete" && status === "pending") {
      return { ok: false, code: "stop_not_arrived", message: `${name} is completed after arriving there.` };
    }
    return { ok: false, code: "invalid_stop_state", message: `${name} is ${status}.` };
  }
  const reason = step.action === "fail" ? (step.reason ?? null) : null;
  const next: RideStop = {
    ...stop,
    status: rule.to,
    [rule.stamp]: nowIso,
    ...(step.action === "fail" ? { reason } : {}),
  };
  return {
    ok: true,
    stops: stops.map((s, i) => (i === step.index ? next : s)),
    stop: { index: step.index, status: rule.to, reason },
  };
}

/** A stop on the wire (GET /v1/rides/{id}, the ride socket's `ride.status`): its place, contact and progress. */
export function stopOnWire(stop: RideStop, index: number) {
  return {
    index,
    lat: stop.lat,
    lng: stop.lng,
    ...(stop.address === undefined ? {} : { address: stop.address }),
    contact_name: stop.contact_name ?? null,
    contact_phone: stop.contact_phone ?? null,
    status: statusOf(stop),
    reason: stop.reason ?? null,
    arrived_at: stop.arrived_at ?? null,
    completed_at: stop.completed_at ?? null,
    failed_at: stop.failed_at ?? null,
    // Extension: five wrong codes; the drop needs a photo and an admin's look (domain/proofs.ts).
    flagged: stop.flagged_at !== undefined,
  };
}

/** The stops' statuses for the driver's app (`ride.status` extension): where to go next. */
export function stopStatuses(stops: readonly RideStop[]): { index: number; status: StopStatus }[] {
  return stops.map((stop, index) => ({ index, status: statusOf(stop) }));
}

/**
 * The per-stop charge until the pricing table has a column for it (demo
 * values, minor units, by currency and vehicle class): ₹10 a stop by bike,
 * ₹15 by auto, ₹20 by car, ₹30 by mini truck; $1–$3 in New York. A class
 * or currency not listed charges nothing.
 */
const STOP_FEES: Record<string, Record<string, number>> = {
  INR: { bike: 1000, auto: 1500, car: 2000, mini_truck: 3000 },
  USD: { bike: 100, auto: 150, car: 200, mini_truck: 300 },
};

/** The charge for each stop of a ride of this class, in the currency's minor units. */
export function stopFee(currency: string, vehicleClass: string): number {
  return STOP_FEES[currency]?.[vehicleClass] ?? 0;
}
