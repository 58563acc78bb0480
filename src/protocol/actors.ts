/**
 * The contracts between the Worker and the actors, and between the actors
 * (RPC arguments and results). Plain data: what crosses a Durable Object
 * boundary is structured-cloned, so nothing here carries methods.
 */
import type { DriverRecord, DriverSession } from "../domain/driver-status.ts";
import type { LatLng } from "../domain/geo.ts";
import type { RideRecord } from "../domain/ride.ts";
import type { DriverClientMessage, DriverRideMessage, DriverServerMessage } from "./driver.ts";

export type { RideStep, WithdrawReason } from "../domain/driver-status.ts";
export type { StopStep } from "../domain/ride-stops.ts";
export type { DriverRideMessage, OfferMessage } from "./driver.ts";

/** Liveness answer of every actor (GET /health). */
export interface ActorPing {
  ok: true;
  actor: "CellActor" | "RideActor";
  name: string;
}

/** Who asks a RideActor for a ride: the rider, a driver, an admin. */
export interface Viewer {
  userId: string;
  role: string;
}

/**
 * What the Worker hands a RideActor to open a ride: the record it built once
 * (`openRide`, with the request's time) and what the actor needs for the ETA.
 */
export interface RideInit {
  ride: RideRecord;
  detourFactor: number;
  avgSpeedKmh: number;
}

/** What a cell tells a RideActor about the driver accepting. */
export interface AcceptInfo {
  vehicleId: string;
  vehicleClass: string;
  rating: number;
  position: LatLng;
  cell: string;
}

export type Refusal = { ok: false; code: string; message: string };

export function refused(code: string, message: string): Refusal {
  return { ok: false, code, message };
}

/** A RideActor's answer to a driver's step: the driver's view of the ride, or why not. */
export type DriverResult = { ok: true; ride: DriverRideMessage } | Refusal;

/**
 * A driver's call over HTTP, for apps that cannot hold a socket
 * (dispatch/driver-http.ts → CellActor.http): going online with what the
 * Worker checked, going offline, reading the jobs, or a frame as a socket
 * would send it.
 */
export type HttpDriverCall =
  | { type: "online"; session: DriverSession; previousCell: string | null }
  | { type: "offline" }
  | { type: "jobs" }
  | { type: "frame"; message: Extract<DriverClientMessage, { type: "location" | "offer.accept" | "offer.decline" }> };

/** The cell's answer: the driver's record before and after the call (null: not held here), and what a socket would have been sent. */
export interface HttpDriverAnswer {
  before: DriverRecord | null;
  after: DriverRecord | null;
  messages: DriverServerMessage[];
}
