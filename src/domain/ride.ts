/**
 * A ride as its RideActor keeps it, and as clients see it. Pure data: the
 * actor persists `RideRecord`, routes and sockets send `rideView(record)`,
 * and every event carries `rideSnapshot(record)` for the Postgres projection.
 */

import { haversineMeters, type LatLng } from "./geo.ts";
import type { Quote, Tariff, Tax } from "./pricing.ts";
import { type ProofPhoto, withoutCodes } from "./proofs.ts";
import { shownAverage } from "./ratings.ts";
import { newRide, type RideCommand, type RideState, type RideStatus } from "./ride-lifecycle.ts";
import { type RideCoupon, rideQuote } from "./ride-quote.ts";
import { type RideStop, type RideStopInput, stopOnWire, stopStatuses } from "./ride-stops.ts";
import { etaSeconds } from "./routing.ts";
import { bookedFare } from "./schedule.ts";
import { citySpan, wallSpan } from "./time-scale.ts";

export type Service = "passenger" | "goods";

export type { RideStop, RideStopInput };

export interface PackageInput {
  description: string;
  weight_kg?: number | undefined;
  /** Length, width and height in centimetres. */
  dimensions_cm?: { length: number; width: number; height: number } | undefined;
  fragile?: boolean | undefined;
  goods_type?: string | undefined;
  load_assist?: boolean | undefined;
}

export interface AssignedDriver {
  id: string;
  name: string;
  /** The average, two decimals (5 until rated). */
  rating: number;
  /** Extension: how many ratings the average is of; absent until the driver's details arrive. */
  rating_count?: number;
  vehicle: { id: string; vehicle_class: string; plate: string | null; model: string | null; color: string | null };
}

export interface DriverPosition extends LatLng {
  heading: number | null;
  ts: number;
}

export interface RideRecord {
  id: string;
  /** `CB-AMD-000123` (domain/order-number.ts), given when the ride is written; absent in records opened before. */
  orderNumber?: string;
  riderId: string;
  cityId: string;
  service: Service;
  vehicleClass: string;
  pickup: LatLng & { address?: string | undefined };
  dropoff: LatLng & { address?: string | undefined };
  /** The drops on the way, in order, each with its status (domain/ride-stops.ts). */
  stops: RideStop[];
  /** Proof of delivery: the photos taken at the pickup and the drops (domain/proofs.ts); absent when none. */
  photos?: ProofPhoto[];
  package: PackageInput | null;
  scheduledAt: string | null;
  paymentMethod: "cash" | "card" | "wallet" | "upi";
  tariff: Tariff;
  taxes: Tax[];
  surge: number;
  estimate: Quote;
  estimatedDistanceM: number;
  estimatedDurationS: number;
  cancellationGraceS: number;
  cancellationFee: number;
  /** The platform's commission on the fare before tax, basis points, as priced at request (absent in older records). */
  commissionBps?: number;
  /** The city's card hold buffer, basis points, for a booked card ride held when dispatch starts (domain/schedule.ts). */
  cardHoldBufferBps?: number;
  /** The rider's rating when they asked (shown in the driver's offer); absent in older records. */
  riderRating?: { average: number; count: number };
  /** The coupon the rider applied (domain/coupons.ts): the fare at completion is discounted by it. */
  coupon?: RideCoupon;
  /** How the ride is paid, as the payment stands (absent in older records). */
  payment?: RidePayment;
  state: RideState;
  driver: AssignedDriver | null;
  driverPosition: DriverPosition | null;
  /** Metres in a straight line from the driver to the pickup when assigned (absent in older records). */
  pickupDistanceM?: number;
  /** Distance driven while in progress, jitter-filtered, and the last point it counted from. */
  drivenM: number;
  trackAnchor: DriverPosition | null;
  fare: Quote | null;
  /**
   * Seconds from start to completion on the city's clock (the wall clock × TIME_SCALE),
   * as the fare charged them; absent before completion and in older records.
   */
  durationS?: number;
  /** Number of events emitted; the last event's seq. */
  seq: number;
}

/**
 * A ride's payment as riders see it: the method, the state of its money
 * (`pending`, `authorized`, `succeeded`, …, as the payments table), what is
 * held, captured and refunded. `updated_at` orders updates.
 */
export interface RidePayment {
  /** The ride's payment's id (for refunds and receipts). */
  id: string | null;
  method: "cash" | "card" | "wallet" | "upi";
  status: string;
  authorized: number;
  captured: number;
  refunded: number;
  currency: string;
  updated_at: string;
}

/** What a ride is opened with: everything but its live state. */
export type RideOpening = Omit<
  RideRecord,
  "state" | "driver" | "driverPosition" | "drivenM" | "trackAnchor" | "fare" | "durationS" | "seq"
>;

/** A ride just requested, before any event. */
export function openRide(fields: RideOpening, nowIso: string): RideRecord {
  return {
    ...fields,
    state: newRide(nowIso),
    driver: null,
    driverPosition: null,
    drivenM: 0,
    trackAnchor: null,
    fare: null,
    seq: 0,
  };
}

const STAMP: Record<RideStatus, string> = {
  requested: "requested_at",
  // When it was booked for later; the time it is booked for is the ride's `scheduled_at`.
  scheduled: "booked_at",
  searching: "searching_at",
  driver_assigned: "assigned_at",
  driver_arrived: "arrived_at",
  in_progress: "started_at",
  completed: "completed_at",
  cancelled: "cancelled_at",
  no_driver: "no_driver_at",
};

/** A driver's position as riders see it: the instant as ISO 8601 (DESIGN.md, "Conventions"). */
export function positionOnWire(p: DriverPosition) {
  return { lat: p.lat, lng: p.lng, heading: p.heading, ts: new Date(p.ts).toISOString() };
}

/** The ride on the wire (GET /v1/rides/{id}, `ride.status`). */
export function rideView(r: RideRecord) {
  const timestamps: Record<string, string> = {};
  for (const [status, at] of Object.entries(r.state.timestamps)) timestamps[STAMP[status as RideStatus]] = at;
  return {
    id: r.id,
    order_number: r.orderNumber ?? null,
    status: r.state.status,
    service: r.service,
    vehicle_class: r.vehicleClass,
    city_id: r.cityId,
    rider_id: r.riderId,
    pickup: r.pickup,
    dropoff: r.dropoff,
    stops: r.stops.map(stopOnWire),
    package: r.package,
    scheduled_at: r.scheduledAt,
    payment_method: r.paymentMethod,
    surge: r.surge,
    estimate: { lines: r.estimate.lines, total: r.estimate.total },
    estimated_distance_m: r.estimatedDistanceM,
    estimated_duration_s: r.estimatedDurationS,
    driver: r.driver,
    // Times on the wire are ISO 8601 (DESIGN.md, "Conventions").
    driver_location: r.driverPosition ? positionOnWire(r.driverPosition) : null,
    fare: r.fare ? { lines: r.fare.lines, total: r.fare.total } : null,
    payment: paymentOnWire(r),
    driven_m: Math.round(r.drivenM),
    cancellation: r.state.cancelledBy
      ? {
          by: r.state.cancelledBy,
          reason: r.state.cancellationReason,
          fee: { amount: r.state.cancellationFee, currency: r.tariff.currency },
        }
      : null,
    timestamps,
  };
}

export type RideView = ReturnType<typeof rideView>;

/** The ride's payment on the wire: `{method, status, authorized, captured, refunded}` in money objects. */
export function paymentOnWire(r: RideRecord) {
  const p = r.payment;
  const currency = p?.currency ?? r.tariff.currency;
  return {
    id: p?.id ?? null,
    method: r.paymentMethod,
    status: p?.status ?? "pending",
    authorized: { amount: p?.authorized ?? 0, currency },
    captured: { amount: p?.captured ?? 0, currency },
    refunded: { amount: p?.refunded ?? 0, currency },
  };
}

/** Takes a payment update unless an older one arrives after a newer. */
export function withPayment(r: RideRecord, payment: RidePayment): boolean {
  if (r.payment && r.payment.updated_at > payment.updated_at) return false;
  r.payment = payment;
  return true;
}

/** What the Postgres projection needs from every event. */
export function rideSnapshot(r: RideRecord) {
  return {
    id: r.id,
    order_number: r.orderNumber ?? null,
    rider_id: r.riderId,
    driver_id: r.driver?.id ?? null,
    vehicle_id: r.driver?.vehicle.id ?? null,
    city_id: r.cityId,
    service: r.service,
    vehicle_class: r.vehicleClass,
    status: r.state.status,
    pickup: { lat: r.pickup.lat, lng: r.pickup.lng },
    pickup_address: r.pickup.address ?? null,
    dropoff: { lat: r.dropoff.lat, lng: r.dropoff.lng },
    dropoff_address: r.dropoff.address ?? null,
    // The drops' codes stay in the actor: the projection is read by the driver's side too.
    stops: r.stops.map(withoutCodes),
    package: r.package,
    scheduled_at: r.scheduledAt,
    currency: r.tariff.currency,
    estimate_lines: r.estimate.lines,
    estimate_amount: r.estimate.total.amount,
    fare_lines: r.fare?.lines ?? null,
    fare_amount: r.fare?.total.amount ?? null,
    payment_method: r.paymentMethod,
    distance_m: r.fare ? Math.round(r.drivenM) : null,
    duration_s:
      r.durationS ??
      (r.state.timestamps.in_progress && r.state.timestamps.completed
        ? Math.round((Date.parse(r.state.timestamps.completed) - Date.parse(r.state.timestamps.in_progress)) / 1000)
        : null),
    cancelled_by: r.state.cancelledBy,
    cancellation_reason: r.state.cancellationReason,
    cancellation_fee_amount: r.state.cancellationFee,
    commission_bps: r.commissionBps ?? null,
    pickup_distance_m: r.pickupDistanceM ?? null,
    timestamps: r.state.timestamps,
    seq: r.seq,
  };
}

export type RideSnapshot = ReturnType<typeof rideSnapshot>;

/**
 * Jitter filter for the driven track: ignore sub-10 m wobble and jumps faster
 * than 50 m/s. Positions carry wall-clock `ts`; at a TIME_SCALE of N a car
 * covers N times the road per wall second, so speed is judged on the city's clock.
 */
export function trackStep(
  previous: DriverPosition | null,
  next: DriverPosition,
  distanceM: number,
  timeScale = 1,
): number {
  if (!previous) return 0;
  const dt = Math.max(0.001, ((next.ts - previous.ts) / 1000) * timeScale);
  if (distanceM < 10 || distanceM / dt > 50) return 0;
  return distanceM;
}

/**
 * The fare when the driver completes the ride: the driven track and the time
 * since the start. Measured on the wall clock, charged on the city's
 * (× TIME_SCALE, domain/time-scale.ts). A scheduled ride is charged its
 * quote (domain/schedule.ts).
 */
export function fareAtCompletion(r: RideRecord, now: number, timeScale: number): { durationS: number; fare: Quote } {
  const startedAt = Date.parse(r.state.timestamps.in_progress ?? new Date(now).toISOString());
  const durationS = Math.max(0, Math.round(citySpan(now - startedAt, timeScale) / 1000));
  return { durationS, fare: bookedFare(r, rideQuote(r, r.drivenM, durationS)) };
}

/**
 * How often, at most, a ride writes its driver's position on its own: twice
 * as long as a cell waits to write its drivers' (cell-timers.ts). On the
 * wall clock, like every timer that guards the platform rather than models
 * the city (time-scale.ts): it bounds what a restart may lose and the
 * disk's load. A step is written at once, with the position of then.
 */
export const POSITION_WRITE_EVERY_MS = 20_000;

/** The driven track after a position of the assigned driver: counted only while the ride is in progress. */
export function advanceTrack(
  r: Pick<RideRecord, "drivenM" | "trackAnchor" | "state">,
  position: DriverPosition,
  timeScale: number,
): { drivenM: number; trackAnchor: DriverPosition | null } {
  if (r.state.status !== "in_progress") return { drivenM: r.drivenM, trackAnchor: r.trackAnchor };
  const anchor = r.trackAnchor;
  if (!anchor) return { drivenM: r.drivenM, trackAnchor: position };
  const step = trackStep(anchor, position, haversineMeters(anchor, position), timeScale);
  return step > 0 ? { drivenM: r.drivenM + step, trackAnchor: position } : { drivenM: r.drivenM, trackAnchor: anchor };
}

/** The driver's rating from Postgres, as the ride shows it (unchanged when Postgres has none). */
export function driverRating(
  average: number | null,
  count: number | null,
): Partial<Pick<AssignedDriver, "rating" | "rating_count">> {
  return average === null || count === null ? {} : { rating: shownAverage(average), rating_count: count };
}

/** The driver who accepted, as the ride shows them until their name and vehicle arrive from Postgres. */
export function assignedDriver(
  driverId: string,
  info: { vehicleId: string; vehicleClass: string; rating: number; position: LatLng },
  now: number,
): Pick<RideRecord, "driver" | "driverPosition"> {
  const vehicle = { id: info.vehicleId, vehicle_class: info.vehicleClass, plate: null, model: null, color: null };
  return {
    driver: { id: driverId, name: "", rating: info.rating, vehicle },
    driverPosition: { ...info.position, heading: null, ts: now },
  };
}

/** How far the driver was from the pickup, in a straight line, as they were assigned (analytics). */
export function pickupDistance(r: Pick<RideRecord, "pickup">, driverAt: LatLng): Pick<RideRecord, "pickupDistanceM"> {
  return { pickupDistanceM: Math.round(haversineMeters(driverAt, r.pickup)) };
}

/**
 * Who may see a ride: its rider, an admin, and a driver while it is offered
 * to them or assigned to them (not after declining it).
 */
export function mayView(
  r: Pick<RideRecord, "riderId" | "driver">,
  offeredTo: string | null,
  viewer: { userId: string; role: string },
): boolean {
  if (viewer.role === "admin" || viewer.userId === r.riderId) return true;
  return viewer.role === "driver" && (r.driver?.id === viewer.userId || offeredTo === viewer.userId);
}

/** Seconds for a driver at `from` to reach the pickup, at the city's detour factor and speed. */
export function etaToPickup(
  r: Pick<RideRecord, "pickup">,
  from: LatLng,
  city: { detourFactor: number; avgSpeedKmh: number },
): number {
  return etaSeconds(haversineMeters(from, r.pickup), city);
}

/**
 * The command that cancels a ride for its rider, or for an admin on their
 * behalf: the ride's own grace period — on the wall clock at this TIME_SCALE,
 * as the assignment time it is measured from — and its fee.
 *
 * @example
 * transition(r.state, riderCancel(r, "rider", "changed my mind", timeScale), new Date())
 */
export function riderCancel(
  r: Pick<RideRecord, "cancellationGraceS" | "cancellationFee">,
  by: "rider" | "admin",
  reason: string | null,
  timeScale: number,
): RideCommand {
  const graceS = wallSpan(r.cancellationGraceS, timeScale);
  return { type: "rider_cancel", by, graceS, fee: r.cancellationFee, ...(reason ? { reason } : {}) };
}

/** The ride as the driver's app shows it (`ride.status` on the driver socket). */
export function driverRideView(r: RideRecord) {
  return {
    type: "ride.status" as const,
    ride_id: r.id,
    status: r.state.status,
    pickup: { lat: r.pickup.lat, lng: r.pickup.lng },
    dropoff: { lat: r.dropoff.lat, lng: r.dropoff.lng },
    rider_id: r.riderId,
    // Extension: absent for rides opened before order numbers.
    ...(r.orderNumber ? { order_number: r.orderNumber } : {}),
    // Extension: where the drops stand, for a ride with stops.
    ...(r.stops.length > 0 ? { stops: stopStatuses(r.stops) } : {}),
  };
}
