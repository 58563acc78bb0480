/**
 * A driver's status in their cell, as one pure transition:
 * (record, command, now) → { record, messages, effects }.
 *
 *   available ──reserve──► offered ──accepted──► on_ride ──completed / ended──► available
 *       ▲  │                 │ decline, withdraw,                 │
 *       │  └─status─► break  │ expiry, close                      └── close keeps the ride
 *       └────────────────────┘
 *
 * Every path in the CellActor — the driver's frames, the ride actors' calls,
 * the alarm, a socket closing, the calls of an app on HTTP without a socket
 * (`channel: "http"`) — goes through `step`. The actor stores the
 * record, carries out the effects (calls to the ride actor, a handoff) and
 * sends the messages; it decides nothing itself. Invariants, checked by a
 * randomised test: `offer` is set exactly when the status is `offered`,
 * `ride` exactly when it is `on_ride`; a disconnected driver is never
 * offered a ride.
 */
import type { DriverServerMessage, OfferMessage, DriverRideMessage as RideMessage } from "../protocol/driver.ts";
import type { DriverStatus, IndexedDriver } from "./driver-index.ts";
import type { DriverPosition } from "./ride.ts";
import type { StopStep } from "./ride-stops.ts";

export type { DriverStatus };

/** A ride step the assigned driver takes (socket frame or HTTP route). */
export type RideStep = "arrive" | "start" | "complete";
/** Why a ride takes back its offer. */
export type WithdrawReason = "expired" | "cancelled";

/** A driver as the cell keeps it (in memory, in storage, and across a handoff). */
export interface DriverRecord extends IndexedDriver {
  vehicleId: string;
  /**
   * False from a socket's close until a reconnect (or the end of the grace
   * window): the driver is not offered rides and not shown on maps, but
   * keeps a ride in progress. Absent in older records: connected.
   */
  connected?: boolean;
  offer: { rideId: string; expiresAt: number; message: OfferMessage } | null;
  ride: RideMessage | null;
  /** The ride actor's seq of the last ride update applied; older updates are ignored. */
  rideSeq?: number;
  /**
   * The driver's last ride that ended (completed or cancelled). A late update
   * of it — two updates of one ride can overtake each other on their way to
   * the cell — is not a ride to take up again. Absent in older records.
   */
  endedRideId?: string;
  /**
   * How the app reaches the cell: a websocket, or plain HTTP calls (an app
   * that cannot hold a socket). Absent in older records: a socket.
   */
  channel?: DriverChannel;
}

/** A websocket, or HTTP calls only (PUT /v1/drivers/me/online-status). */
export type DriverChannel = "socket" | "http";

/** Who connects: what the Worker vouched for at the upgrade. */
export interface DriverSession {
  driverId: string;
  vehicleId: string;
  vehicleClass: string;
  rating: number;
  lat: number;
  lng: number;
  /** Absent: a socket. */
  channel?: DriverChannel;
}

export type DriverCommand =
  // The driver's socket.
  | { type: "connect"; session: DriverSession }
  | {
      type: "location";
      lat: number;
      lng: number;
      heading?: number | undefined;
      speed?: number | undefined;
      /** Milliseconds since the epoch when the position was taken. */
      ts: number;
      /** The cell the position is in, and the cell deciding. */
      cell: string;
      here: string;
    }
  | { type: "status"; status: "available" | "break" }
  | { type: "accept"; rideId: string }
  | { type: "decline"; rideId: string }
  | { type: "ride_step"; rideId: string; step: RideStep }
  | { type: "ride_cancel"; rideId: string; reason: string | null }
  | { type: "ride_stop"; rideId: string; stop: StopStep }
  | { type: "close" }
  // An app without a socket going offline (PUT /v1/drivers/me/online-status).
  | { type: "offline" }
  // The ride actor's answers and calls.
  | { type: "accepted"; rideId: string; ride: RideMessage }
  | { type: "accept_failed"; rideId: string }
  | { type: "reserve"; offer: OfferMessage }
  | { type: "withdraw"; rideId: string; reason: WithdrawReason }
  | { type: "ride_update"; ride: RideMessage; seq: number }
  | { type: "ride_ended"; rideId: string }
  // The cell's alarm.
  | { type: "tick"; offerGraceMs: number; offlineAfterMs: number };

/** What the actor must do for a transition, in order, before sending the messages. */
export type DriverEffect =
  | { type: "accept"; rideId: string }
  | { type: "decline"; rideId: string }
  | { type: "ride_step"; rideId: string; step: RideStep }
  | { type: "ride_cancel"; rideId: string; reason: string | null }
  | { type: "ride_stop"; rideId: string; stop: StopStep }
  | { type: "forward_location"; rideId: string; position: DriverPosition }
  /** The driver crossed into `cell`: it adopts `record`, then this cell forgets the driver. */
  | { type: "hand_off"; cell: string; record: DriverRecord };

export interface DriverStep {
  /** The record afterwards; null when the cell forgets the driver (offline, handed off). */
  record: DriverRecord | null;
  messages: DriverServerMessage[];
  effects: DriverEffect[];
  /** For `reserve`: whether the offer was delivered. */
  reserved?: boolean;
}

const free = (record: DriverRecord): DriverRecord => ({ ...record, status: "available", offer: null, ride: null });
const statusMessage = (status: DriverStatus): DriverServerMessage => ({ type: "driver.status", status });
const nothing = (record: DriverRecord | null): DriverStep => ({ record, messages: [], effects: [] });

/** A new driver record from a session (first connection, or none left to resume). */
export function newDriver(session: DriverSession, now: number): DriverRecord {
  return {
    driverId: session.driverId,
    vehicleId: session.vehicleId,
    vehicleClass: session.vehicleClass,
    rating: session.rating,
    lat: session.lat,
    lng: session.lng,
    lastSeen: now,
    status: "available",
    connected: true,
    offer: null,
    ride: null,
    channel: session.channel ?? "socket",
  };
}

/** Whether the driver may be offered a ride right now. */
export function offerable(record: DriverRecord): boolean {
  return record.status === "available" && record.connected !== false;
}

/** One transition of a driver's status. `record` is null for a driver the cell does not know. */
export function step(record: DriverRecord | null, command: DriverCommand, now: number): DriverStep {
  if (command.type === "connect") return connect(record, command.session, now);
  if (!record) return nothing(null);
  switch (command.type) {
    case "location": {
      const position: DriverPosition = {
        lat: command.lat,
        lng: command.lng,
        heading: command.heading ?? null,
        ts: command.ts,
      };
      const moved: DriverRecord = {
        ...record,
        lat: command.lat,
        lng: command.lng,
        heading: command.heading,
        speed: command.speed,
        lastSeen: now,
      };
      const effects: DriverEffect[] = [];
      // The rider sees every position, the one that crosses into the next cell too.
      if (moved.status === "on_ride" && moved.ride) {
        effects.push({ type: "forward_location", rideId: moved.ride.ride_id, position });
      }
      if (command.cell === command.here) return { record: moved, messages: [], effects };
      // The next cell keeps the record until the app reconnects there (not offerable until then).
      effects.push({ type: "hand_off", cell: command.cell, record: { ...moved, connected: false } });
      return { record: null, messages: [{ type: "handoff", lat: moved.lat, lng: moved.lng }], effects };
    }
    case "status": {
      if (record.status === "offered" || record.status === "on_ride") {
        return {
          record,
          messages: [{ type: "error", code: "status_locked", message: `You are ${record.status}; finish that first.` }],
          effects: [],
        };
      }
      return { record: { ...record, status: command.status }, messages: [statusMessage(command.status)], effects: [] };
    }
    case "accept": {
      if (record.offer?.rideId !== command.rideId || record.offer.expiresAt < now) {
        return { record, messages: [{ type: "offer.expired", ride_id: command.rideId }], effects: [] };
      }
      return { record, messages: [], effects: [{ type: "accept", rideId: command.rideId }] };
    }
    case "accepted": {
      // The ride actor decided: this driver has the ride. A driver never holds two.
      if (record.ride && record.ride.ride_id !== command.rideId) return nothing(record);
      // The seq of the driver's previous ride says nothing about this one: kept, it hid this ride's updates.
      // Nor is a ride the ride actor has just given them one that ended.
      const { rideSeq, endedRideId, ...rest } = record;
      const sameRide = record.ride?.ride_id === command.rideId && rideSeq !== undefined;
      const ended = endedRideId !== undefined && endedRideId !== command.rideId ? { endedRideId } : {};
      return {
        record: {
          ...rest,
          ...(sameRide ? { rideSeq } : {}),
          ...ended,
          status: "on_ride",
          offer: null,
          ride: command.ride,
        },
        messages: [command.ride, statusMessage("on_ride")],
        effects: [],
      };
    }
    case "accept_failed": {
      if (record.offer?.rideId !== command.rideId) {
        return { record, messages: [{ type: "offer.expired", ride_id: command.rideId }], effects: [] };
      }
      return {
        record: free(record),
        messages: [statusMessage("available"), { type: "offer.expired", ride_id: command.rideId }],
        effects: [],
      };
    }
    case "decline": {
      if (record.offer?.rideId !== command.rideId) return nothing(record);
      return {
        record: free(record),
        messages: [statusMessage("available")],
        effects: [{ type: "decline", rideId: command.rideId }],
      };
    }
    case "ride_step":
      return { record, messages: [], effects: [{ type: "ride_step", rideId: command.rideId, step: command.step }] };
    case "ride_cancel":
      return {
        record,
        messages: [],
        effects: [{ type: "ride_cancel", rideId: command.rideId, reason: command.reason }],
      };
    case "ride_stop":
      return { record, messages: [], effects: [{ type: "ride_stop", rideId: command.rideId, stop: command.stop }] };
    case "close": {
      // An app on HTTP holds no socket: a socket of theirs closing (replaced by HTTP) says nothing.
      if (record.channel === "http") return nothing(record);
      // Not offerable from now on; a ride in progress stays theirs while the app reconnects.
      const closed: DriverRecord = { ...record, connected: false };
      if (record.status !== "offered" || !record.offer) return nothing(closed);
      return {
        record: free(closed),
        messages: [],
        effects: [{ type: "decline", rideId: record.offer.rideId }],
      };
    }
    case "offline":
      return offline(record);
    case "reserve": {
      if (!offerable(record)) return { ...nothing(record), reserved: false };
      const offer = {
        rideId: command.offer.ride_id,
        expiresAt: Date.parse(command.offer.expires_at),
        message: command.offer,
      };
      return {
        record: { ...record, status: "offered", offer },
        messages: [command.offer],
        effects: [],
        reserved: true,
      };
    }
    case "withdraw": {
      if (record.offer?.rideId !== command.rideId) return nothing(record);
      const notice: DriverServerMessage =
        command.reason === "cancelled"
          ? { type: "ride.cancelled", ride_id: command.rideId }
          : { type: "offer.expired", ride_id: command.rideId };
      return { record: free(record), messages: [notice, statusMessage("available")], effects: [] };
    }
    case "ride_update":
      return rideUpdate(record, command.ride, command.seq);
    case "ride_ended": {
      const ended = record.ride?.ride_id === command.rideId || record.offer?.rideId === command.rideId;
      if (!ended) return nothing(record);
      return {
        record: { ...free(record), endedRideId: command.rideId },
        messages: [{ type: "ride.cancelled", ride_id: command.rideId }, statusMessage("available")],
        effects: [],
      };
    }
    case "tick":
      return tick(record, command, now);
  }
}

function connect(existing: DriverRecord | null, session: DriverSession, now: number): DriverStep {
  let record: DriverRecord = existing
    ? {
        ...existing,
        vehicleId: session.vehicleId,
        vehicleClass: session.vehicleClass,
        lat: session.lat,
        lng: session.lng,
        lastSeen: now,
        connected: true,
        channel: session.channel ?? "socket",
      }
    : newDriver(session, now);
  if (record.offer && record.offer.expiresAt <= now) record = free(record);
  // First the current state, so a reconnecting app resumes where it was.
  const messages: DriverServerMessage[] = [statusMessage(record.status)];
  if (record.offer) messages.push(record.offer.message);
  if (record.ride) messages.push(record.ride);
  return { record, messages, effects: [] };
}

function rideUpdate(record: DriverRecord, ride: RideMessage, seq: number): DriverStep {
  if (record.endedRideId === ride.ride_id) return nothing(record);
  if (record.rideSeq !== undefined && record.ride?.ride_id === ride.ride_id && seq <= record.rideSeq) {
    return nothing(record);
  }
  // Only the driver's own ride, or one just assigned to them from their open offer.
  const theirs =
    record.ride?.ride_id === ride.ride_id ||
    (record.ride === null && (record.offer === null || record.offer.rideId === ride.ride_id));
  if (!theirs) return nothing(record);
  if (ride.status === "completed") {
    return {
      record: { ...free(record), rideSeq: seq, endedRideId: ride.ride_id },
      messages: [ride, statusMessage("available")],
      effects: [],
    };
  }
  const wasOnRide = record.status === "on_ride";
  return {
    record: { ...record, status: "on_ride", offer: null, ride, rideSeq: seq },
    messages: wasOnRide ? [ride] : [ride, statusMessage("on_ride")],
    effects: [],
  };
}

function tick(
  record: DriverRecord,
  command: { offerGraceMs: number; offlineAfterMs: number },
  now: number,
): DriverStep {
  // An offer the ride actor never withdrew (it failed, or is gone) must not pin the driver.
  if (record.status === "offered" && record.offer && record.offer.expiresAt + command.offerGraceMs < now) {
    const rideId = record.offer.rideId;
    return {
      record: free(record),
      messages: [{ type: "offer.expired", ride_id: rideId }, statusMessage("available")],
      effects: [],
    };
  }
  // Disconnected and silent for the grace window: offline. A driver on a ride stays known while
  // their app reconnects.
  const silent = now - record.lastSeen > command.offlineAfterMs;
  // An app on HTTP is there while it calls: the same silence takes it offline, its offer back to the ride.
  if (silent && record.channel === "http" && record.status !== "on_ride") return offline(record);
  if (silent && record.connected === false && record.status !== "on_ride") return nothing(null);
  return nothing(record);
}

/** Going offline on purpose: an open offer goes back to its ride; a ride in progress must be finished first. */
function offline(record: DriverRecord): DriverStep {
  if (record.status === "on_ride") {
    const message = "You are on a ride; finish it before going offline.";
    return { record, messages: [{ type: "error", code: "status_locked", message }], effects: [] };
  }
  const effects: DriverEffect[] = record.offer ? [{ type: "decline", rideId: record.offer.rideId }] : [];
  return { record: null, messages: [], effects };
}
