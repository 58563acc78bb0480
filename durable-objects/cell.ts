/**
 * CellActor: one per H3 cell at CELL_RES. Owns the online drivers of its
 * cell — position, heading, status (`available`, `offered`, `on_ride`,
 * `break`), vehicle class, rating, last-seen time — in a DriverIndex, and
 * their hibernating websocket sessions (partyserver). See DESIGN.md, "Shape".
 *
 * It trusts only what the Worker forwards (TRUSTED headers): the token, role
 * and verification were checked before the upgrade. Positions stay in memory
 * and in each socket's attachment; driver records (status, offer, ride) are
 * written to storage when they change, and positions are flushed on the
 * periodic tick, never once per update. A restarted cell rebuilds from both.
 *
 * Ride actors call it over RPC: `nearest`, `reserve` (an offer, atomically:
 * a driver holds at most one), `withdraw`, `rideUpdate`, `rideEnded`,
 * `demand`/`supply`, and `adopt` when a driver crosses into this cell.
 */
import { type Connection, type ConnectionContext, Server, type WSMessage } from "partyserver";
import { cellOf } from "../src/domain/cells.ts";
import {
  DriverIndex,
  type DriverStatus,
  type FoundDriver,
  type IndexedDriver,
  type NearestQuery,
} from "../src/domain/driver-index.ts";
import type { LatLng } from "../src/domain/geo.ts";
import type { DriverPosition } from "../src/domain/ride.ts";
import { type CellSupply, summarizeSupply } from "../src/domain/supply.ts";
import { SURGE_CEILING, surgeMultiplier } from "../src/domain/surge.ts";
import { timeScaleOf, wallSpan } from "../src/domain/time-scale.ts";
import type { Env } from "../src/env.ts";
import { errorFields, log } from "../src/log.ts";
import { CLOSE, TRUSTED } from "../src/protocol/close-codes.ts";
import { type DriverClientMessage, type DriverServerMessage, parseDriverMessage } from "../src/protocol/driver.ts";

export interface ActorPing {
  ok: true;
  actor: "CellActor" | "RideActor";
  name: string;
}

/** What a driver's connection remembers across hibernation. */
interface DriverSession {
  driverId: string;
  vehicleId: string;
  vehicleClass: string;
  /** Access-token expiry, seconds since the epoch. */
  tokenExp: number;
  /** The latest position, kept in the socket's attachment (no storage write). */
  lat: number;
  lng: number;
  heading?: number | undefined;
  lastSeen: number;
}

type OfferMessage = Extract<DriverServerMessage, { type: "offer" }>;
type RideMessage = Extract<DriverServerMessage, { type: "ride.status" }>;

/** A driver as the cell keeps it in storage. */
export interface DriverRecord extends IndexedDriver {
  vehicleId: string;
  offer: { rideId: string; expiresAt: number; message: OfferMessage } | null;
  ride: RideMessage | null;
}

// OFFLINE_AFTER_MS, TICK_MS and DEMAND_TTL_MS are on the city's clock: the cell waits wall(…),
// that is …/TIME_SCALE (domain/time-scale.ts).
/** Silence after which a driver is taken offline. */
export const OFFLINE_AFTER_MS = 60_000;
const TICK_MS = 10_000;
/** How long an open request counts towards demand without being renewed. */
const DEMAND_TTL_MS = 5 * 60_000;
/** How long a supply summary is handed out again before it is taken afresh. */
const SUPPLY_REUSE_MS = 250;
/** How often the surge's moving average takes a new reading. */
const SURGE_STEP_MS = 1_000;

/** The driver's ride frames and the ride actor's actions they ask for. */
const RIDE_ACTIONS = { "ride.arrived": "arrive", "ride.started": "start", "ride.completed": "complete" } as const;

/** The position a location frame reports, as the ride keeps and shows it. */
function positionOf(message: Extract<DriverClientMessage, { type: "location" }>): DriverPosition {
  return { lat: message.lat, lng: message.lng, heading: message.heading ?? null, ts: message.ts };
}

function send(connection: Connection, message: DriverServerMessage): void {
  try {
    connection.send(JSON.stringify(message));
  } catch {
    // The socket closed under us; the driver gets the state again on reconnect.
  }
}

export class CellActor extends Server<Env> {
  static override options = { hibernate: true };

  private readonly index = new DriverIndex();
  private readonly records = new Map<string, DriverRecord>();
  private readonly dirty = new Set<string>();
  private readonly openRequests = new Map<string, number>();
  private lastSurge = 1;
  private lastSurgeAt = 0;
  private lastSupply: CellSupply | undefined;
  private loaded = false;
  /** Location messages handled since this instance started (a metric, not state). */
  private locationUpdates = 0;
  /**
   * Each driver's frames are handled one after another: a handler that awaits
   * a ride actor must not let the driver's next frame (a second accept,
   * `ride.started` right after `ride.arrived`) overtake it.
   */
  private readonly driverQueues = new Map<string, Promise<void>>();
  /**
   * Drivers this cell handed off while on a ride, by when. Positions the app
   * sent before the `handoff` reached it still arrive here; they go on to
   * the rider rather than being lost.
   */
  private readonly handedOff = new Map<string, { rideId: string; at: number }>();

  /** Liveness probe used by /health. */
  ping(): ActorPing {
    return { ok: true, actor: "CellActor", name: this.name };
  }

  /** A span of the city's clock as whole wall-clock milliseconds, at TIME_SCALE. */
  private wall(cityMs: number): number {
    return Math.round(wallSpan(cityMs, timeScaleOf(this.env)));
  }

  /** Rebuilds the index from stored records, then from the sockets' fresher positions. */
  override async onStart(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const stored = await this.ctx.storage.list<DriverRecord>({ prefix: "driver:" });
    for (const record of stored.values()) this.track(record);
    for (const connection of this.getConnections<DriverSession>()) {
      const s = connection.state;
      const record = s && this.records.get(s.driverId);
      if (s && record && s.lastSeen > record.lastSeen) {
        this.track({ ...record, lat: s.lat, lng: s.lng, heading: s.heading, lastSeen: s.lastSeen });
      }
    }
    if (this.records.size > 0) await this.scheduleTick();
  }

  override getConnectionTags(_connection: Connection, ctx: ConnectionContext): string[] {
    const driverId = ctx.request.headers.get(TRUSTED.userId);
    return driverId ? [driverId] : [];
  }

  // ---- sockets -------------------------------------------------------------

  // Upgrade forwarded by the Worker with TRUSTED headers and ?lat=&lng=.
  override async onConnect(connection: Connection<DriverSession>, ctx: ConnectionContext): Promise<void> {
    try {
      const h = ctx.request.headers;
      const url = new URL(ctx.request.url);
      const now = Date.now();
      const session: DriverSession = {
        driverId: h.get(TRUSTED.userId) ?? "",
        vehicleId: h.get(TRUSTED.vehicleId) ?? "",
        vehicleClass: h.get(TRUSTED.vehicleClass) ?? "",
        tokenExp: Number(h.get(TRUSTED.tokenExp)),
        lat: Number(url.searchParams.get("lat")),
        lng: Number(url.searchParams.get("lng")),
        lastSeen: now,
      };
      if (!session.driverId || h.get(TRUSTED.role) !== "driver" || !Number.isFinite(session.tokenExp)) {
        connection.close(CLOSE.unauthenticated, "unauthenticated");
        return;
      }
      connection.setState(session);
      if (this.expired(session)) return this.closeExpired(connection);
      // One socket per driver: a new one replaces the old.
      for (const other of this.getConnections(session.driverId)) {
        if (other.id !== connection.id) other.close(CLOSE.replaced, "replaced");
      }
      // A driver whose app reconnects from another cell (it died mid-ride, the car moved on)
      // brings their offer or ride along: the previous cell hands the record over.
      let existing = this.records.get(session.driverId);
      const previousCell = h.get(TRUSTED.previousCell);
      if (!existing && previousCell && previousCell !== this.name) {
        const moved = await this.env.CELL.getByName(previousCell).release(session.driverId);
        if (moved) {
          existing = moved;
          const rideId = moved.offer?.rideId ?? moved.ride?.ride_id;
          if (rideId) await this.env.RIDE.getByName(rideId).driverMoved(session.driverId, this.name);
        }
      }
      const record: DriverRecord = existing
        ? {
            ...existing,
            vehicleId: session.vehicleId,
            vehicleClass: session.vehicleClass,
            lat: session.lat,
            lng: session.lng,
            lastSeen: now,
          }
        : {
            driverId: session.driverId,
            vehicleId: session.vehicleId,
            vehicleClass: session.vehicleClass,
            status: "available",
            rating: Number(h.get(TRUSTED.rating)) || 5,
            lat: session.lat,
            lng: session.lng,
            lastSeen: now,
            offer: null,
            ride: null,
          };
      if (record.offer && record.offer.expiresAt <= now) {
        record.offer = null;
        if (record.status === "offered") record.status = "available";
      }
      this.handedOff.delete(session.driverId);
      this.track(record);
      await this.persist(record);
      // First the current state, so a reconnecting app resumes where it was.
      send(connection, { type: "driver.status", status: record.status });
      if (record.offer) send(connection, record.offer.message);
      if (record.ride) send(connection, record.ride);
      await this.scheduleTick();
    } catch (error) {
      log("error", "CellActor.onConnect", { cell: this.name, ...errorFields(error) });
      connection.close(1011, "internal_error");
    }
  }

  // Any driver → server frame: see protocol/driver.ts, DriverClientMessage.
  override async onMessage(connection: Connection<DriverSession>, frame: WSMessage): Promise<void> {
    try {
      const session = connection.state;
      if (!session) return connection.close(CLOSE.unauthenticated, "unauthenticated");
      if (this.expired(session)) return this.closeExpired(connection);
      const parsed = parseDriverMessage(typeof frame === "string" ? frame : new ArrayBuffer(0));
      if (!parsed.ok) return send(connection, { type: "error", code: parsed.code, message: parsed.message });
      const message = parsed.message;
      const previous = this.driverQueues.get(session.driverId) ?? Promise.resolve();
      const turn = previous.then(() => this.handleInTurn(connection, session.driverId, message));
      this.driverQueues.set(session.driverId, turn);
      await turn;
      if (this.driverQueues.get(session.driverId) === turn) this.driverQueues.delete(session.driverId);
    } catch (error) {
      log("error", "CellActor.onMessage", { cell: this.name, ...errorFields(error) });
    }
  }

  private async handleInTurn(
    connection: Connection<DriverSession>,
    driverId: string,
    message: DriverClientMessage,
  ): Promise<void> {
    try {
      const session = connection.state;
      const record = this.records.get(driverId);
      if (!session) return;
      if (!record) {
        // Handed off to another cell: keep pointing the driver there, and pass on what the rider is owed.
        const handed = this.handedOff.get(driverId);
        if (handed) await this.relay(connection, driverId, handed.rideId, message);
        return send(connection, { type: "handoff", lat: session.lat, lng: session.lng });
      }
      const now = Date.now();
      record.lastSeen = now;
      connection.setState({ ...session, lastSeen: now });
      await this.handle(connection, session, record, message);
    } catch (error) {
      log("error", "CellActor.handle", { cell: this.name, type: message.type, ...errorFields(error) });
      send(connection, { type: "error", code: "internal_error", message: "That did not work; try again." });
    }
  }

  override async onClose(connection: Connection<DriverSession>): Promise<void> {
    const session = connection.state;
    const record = session && this.records.get(session.driverId);
    if (record) record.lastSeen = Date.now();
  }

  private async handle(
    connection: Connection<DriverSession>,
    session: DriverSession,
    record: DriverRecord,
    message: DriverClientMessage,
  ): Promise<void> {
    switch (message.type) {
      // location {lat, lng, heading?, speed?, ts}
      case "location": {
        const moved: DriverRecord = {
          ...record,
          lat: message.lat,
          lng: message.lng,
          heading: message.heading,
          speed: message.speed,
        };
        connection.setState({
          ...session,
          lat: message.lat,
          lng: message.lng,
          heading: message.heading,
          lastSeen: record.lastSeen,
        });
        this.locationUpdates++;
        // The rider sees every position, the one that crosses into the next cell too.
        if (moved.ride && moved.status === "on_ride") {
          this.forwardToRide(moved.ride.ride_id, moved.driverId, positionOf(message));
        }
        const cell = cellOf(message, Number(this.env.CELL_RES) || 6);
        if (cell !== this.name) return this.handOff(connection, moved, cell);
        this.track(moved);
        this.dirty.add(record.driverId);
        return;
      }
      // status {status: available | break}
      case "status": {
        if (record.status === "offered" || record.status === "on_ride") {
          return send(connection, {
            type: "error",
            code: "status_locked",
            message: `You are ${record.status}; finish that first.`,
          });
        }
        await this.update({ ...record, status: message.status });
        return send(connection, { type: "driver.status", status: message.status });
      }
      // offer.accept {ride_id}
      case "offer.accept": {
        if (!record.offer || record.offer.rideId !== message.ride_id || record.offer.expiresAt < Date.now()) {
          return send(connection, { type: "offer.expired", ride_id: message.ride_id });
        }
        const result = await this.env.RIDE.getByName(message.ride_id).accept(record.driverId, {
          vehicleId: record.vehicleId,
          vehicleClass: record.vehicleClass,
          rating: record.rating,
          position: { lat: record.lat, lng: record.lng },
          cell: this.name,
        });
        const current = this.records.get(record.driverId);
        if (!current) return; // handed off meanwhile; the next cell has the driver
        if (!result.ok) {
          if (current.offer?.rideId === message.ride_id) {
            await this.update({ ...current, status: "available", offer: null });
            send(connection, { type: "driver.status", status: "available" });
          }
          return send(connection, { type: "offer.expired", ride_id: message.ride_id });
        }
        await this.update({ ...current, status: "on_ride", offer: null, ride: result.ride });
        send(connection, result.ride);
        return send(connection, { type: "driver.status", status: "on_ride" });
      }
      // offer.decline {ride_id}
      case "offer.decline": {
        if (record.offer?.rideId === message.ride_id) {
          await this.update({ ...record, status: "available", offer: null });
          await this.env.RIDE.getByName(message.ride_id).decline(record.driverId);
          send(connection, { type: "driver.status", status: "available" });
        }
        return;
      }
      // ride.arrived | ride.started | ride.completed {ride_id}
      case "ride.arrived":
      case "ride.started":
      case "ride.completed": {
        const action = RIDE_ACTIONS[message.type];
        const result = await this.env.RIDE.getByName(message.ride_id).driverAction(record.driverId, action);
        if (!result.ok) return send(connection, { type: "error", code: result.code, message: result.message });
        const current = this.records.get(record.driverId) ?? record;
        if (action === "complete") {
          await this.update({ ...current, status: "available", ride: null });
          send(connection, result.ride);
          return send(connection, { type: "driver.status", status: "available" });
        }
        await this.update({ ...current, ride: result.ride });
        return send(connection, result.ride);
      }
      // ride.cancel {ride_id, reason?}: give an accepted ride back
      case "ride.cancel": {
        const result = await this.env.RIDE.getByName(message.ride_id).driverCancel(
          record.driverId,
          message.reason ?? null,
        );
        if (!result.ok) return send(connection, { type: "error", code: result.code, message: result.message });
        const current = this.records.get(record.driverId) ?? record;
        await this.update({ ...current, status: "available", ride: null });
        send(connection, { type: "ride.cancelled", ride_id: message.ride_id });
        return send(connection, { type: "driver.status", status: "available" });
      }
    }
  }

  /**
   * A frame from a driver this cell handed off mid-ride, sent before the
   * `handoff` reached the app: the position still goes to the rider, and a
   * step of the ride (arrived, started, completed) still happens — the ride
   * actor tells the driver's new cell.
   */
  private async relay(
    connection: Connection<DriverSession>,
    driverId: string,
    rideId: string,
    message: DriverClientMessage,
  ): Promise<void> {
    if (message.type === "location") return this.forwardToRide(rideId, driverId, positionOf(message));
    if (message.type !== "ride.arrived" && message.type !== "ride.started" && message.type !== "ride.completed") return;
    if (message.ride_id !== rideId) return;
    const action = RIDE_ACTIONS[message.type];
    const result = await this.env.RIDE.getByName(rideId).driverAction(driverId, action, true);
    if (!result.ok) return send(connection, { type: "error", code: result.code, message: result.message });
    if (action === "complete") this.handedOff.delete(driverId);
    send(connection, result.ride);
  }

  /** Passes an on-ride driver's position to the ride, which tells the rider (not awaited: the hot path). */
  private forwardToRide(rideId: string, driverId: string, position: DriverPosition): void {
    this.ctx.waitUntil(
      this.env.RIDE.getByName(rideId)
        .driverLocation(driverId, position)
        .catch((error: unknown) => log("warn", "CellActor.forwardLocation", { ...errorFields(error) })),
    );
  }

  /** The driver left this cell: the next cell adopts the record, the ride learns where, the app reconnects. */
  private async handOff(connection: Connection<DriverSession>, record: DriverRecord, cell: string): Promise<void> {
    await this.env.CELL.getByName(cell).adopt(record);
    const rideId = record.offer?.rideId ?? record.ride?.ride_id;
    if (rideId) await this.env.RIDE.getByName(rideId).driverMoved(record.driverId, cell);
    this.forget(record.driverId);
    if (record.ride && record.status === "on_ride") {
      this.handedOff.set(record.driverId, { rideId: record.ride.ride_id, at: Date.now() });
    }
    await this.ctx.storage.delete(`driver:${record.driverId}`);
    send(connection, { type: "handoff", lat: record.lat, lng: record.lng });
  }

  // ---- RPC for ride actors and the Worker ------------------------------------

  /** The k nearest drivers (available, by default) within the radius, from memory. */
  async nearest(query: NearestQuery): Promise<FoundDriver[]> {
    await this.onStart();
    return this.index.nearest(query, Date.now() + 50);
  }

  /**
   * Reserves an available, connected driver for one offer and delivers it.
   * False when the driver is not available (already offered, on a ride, on
   * a break, gone): a driver never holds two open offers.
   */
  async reserve(driverId: string, offer: OfferMessage): Promise<boolean> {
    await this.onStart();
    const record = this.records.get(driverId);
    const connected = [...this.getConnections(driverId)];
    if (record?.status !== "available" || connected.length === 0) return false;
    const expiresAt = Date.parse(offer.expires_at);
    await this.update({ ...record, status: "offered", offer: { rideId: offer.ride_id, expiresAt, message: offer } });
    for (const c of connected) send(c, offer);
    return true;
  }

  /** Takes back an open offer (expired, or the ride was cancelled or taken). */
  async withdraw(driverId: string, rideId: string, reason: "expired" | "cancelled"): Promise<void> {
    await this.onStart();
    const record = this.records.get(driverId);
    if (!record || record.offer?.rideId !== rideId) return;
    await this.update({ ...record, status: "available", offer: null });
    for (const c of this.getConnections(driverId)) {
      send(
        c,
        reason === "cancelled"
          ? { type: "ride.cancelled", ride_id: rideId }
          : { type: "offer.expired", ride_id: rideId },
      );
      send(c, { type: "driver.status", status: "available" });
    }
  }

  /** The driver's ride moved on through another path (the HTTP routes): keep the record and the app in step. */
  async rideUpdate(driverId: string, ride: RideMessage): Promise<void> {
    await this.onStart();
    const record = this.records.get(driverId);
    if (!record) return;
    const done = ride.status === "completed";
    await this.update({ ...record, status: done ? "available" : "on_ride", ride: done ? null : ride });
    for (const c of this.getConnections(driverId)) {
      send(c, ride);
      if (done) send(c, { type: "driver.status", status: "available" });
    }
  }

  /** The ride changed on the ride's side (rider cancelled, admin): tell the driver. */
  async rideEnded(driverId: string, rideId: string): Promise<void> {
    await this.onStart();
    const record = this.records.get(driverId);
    if (!record) return;
    const wasThisRide = record.ride?.ride_id === rideId || record.offer?.rideId === rideId;
    if (!wasThisRide) return;
    await this.update({ ...record, status: "available", ride: null, offer: null });
    for (const c of this.getConnections(driverId)) {
      send(c, { type: "ride.cancelled", ride_id: rideId });
      send(c, { type: "driver.status", status: "available" });
    }
  }

  /**
   * The driver's app connected to another cell: give up the record (status,
   * offer, ride) for that cell to adopt, and close any socket left here.
   */
  async release(driverId: string): Promise<DriverRecord | null> {
    await this.onStart();
    const record = this.records.get(driverId);
    for (const c of this.getConnections(driverId)) c.close(CLOSE.replaced, "replaced");
    if (!record) return null;
    this.forget(driverId);
    await this.ctx.storage.delete(`driver:${driverId}`);
    return record;
  }

  /** A driver crossing into this cell: keep their status, offer and ride for when they reconnect here. */
  async adopt(record: DriverRecord): Promise<void> {
    await this.onStart();
    const adopted = { ...record, lastSeen: Date.now() };
    this.track(adopted);
    await this.persist(adopted);
    await this.scheduleTick();
  }

  /** Counts an open request in this cell (or stops counting it). */
  async demand(rideId: string, open: boolean): Promise<void> {
    await this.onStart();
    if (open) this.openRequests.set(rideId, Date.now() + this.wall(DEMAND_TTL_MS));
    else this.openRequests.delete(rideId);
  }

  /**
   * What the cell offers to readers outside dispatch (the rider's map, the
   * estimate's ETAs and surge): its available drivers without their ids, and
   * its surge. Kept for SUPPLY_REUSE_MS so many isolates asking at once cost
   * one pass over the drivers.
   */
  async supply(): Promise<CellSupply> {
    await this.onStart();
    const now = Date.now();
    if (this.lastSupply && now - this.lastSupply.at < SUPPLY_REUSE_MS) return this.lastSupply;
    const surge = this.surgeAt(now);
    this.lastSupply = summarizeSupply(this.name, this.index.byBucket("available"), {
      surge,
      openRequests: this.openRequests.size,
      at: now,
    });
    return this.lastSupply;
  }

  /**
   * The cell's surge multiplier from open requests against available drivers,
   * smoothed once per SURGE_STEP_MS whatever the number of readers (smoothing
   * per read would let a burst of estimates move the price). Each city caps
   * it for its own prices (`capSurge`).
   */
  private surgeAt(now: number): number {
    if (now - this.lastSurgeAt < SURGE_STEP_MS) return this.lastSurge;
    for (const [id, until] of this.openRequests) if (until < now) this.openRequests.delete(id);
    this.lastSurge = surgeMultiplier({
      openRequests: this.openRequests.size,
      availableDrivers: this.index.counts().available,
      previous: this.lastSurge,
      cap: SURGE_CEILING,
    });
    this.lastSurgeAt = now;
    return this.lastSurge;
  }

  /** Drivers by status (tests, admin and the benchmark). */
  async stats(): Promise<Record<DriverStatus, number> & { open_requests: number; location_updates: number }> {
    await this.onStart();
    return { ...this.index.counts(), open_requests: this.openRequests.size, location_updates: this.locationUpdates };
  }

  // ---- housekeeping ----------------------------------------------------------

  /** Every TICK_MS while drivers are here: flush positions, take silent drivers offline, close expired tokens. */
  override async onAlarm(): Promise<void> {
    try {
      await this.onStart();
      const now = Date.now();
      const offlineAfterMs = this.wall(OFFLINE_AFTER_MS);
      const tickMs = this.wall(TICK_MS);
      for (const [driverId, handed] of this.handedOff) {
        if (now - handed.at > offlineAfterMs) this.handedOff.delete(driverId);
      }
      // One pass over the sockets: asking per driver would cost the cell O(drivers²) every tick.
      const connected = new Set<string>();
      for (const connection of this.getConnections<DriverSession>()) {
        const s = connection.state;
        if (!s) continue;
        connected.add(s.driverId);
        if (this.expired(s)) this.closeExpired(connection);
        else if (now - s.lastSeen > offlineAfterMs) connection.close(CLOSE.idleTimeout, "idle_timeout");
      }
      for (const record of [...this.records.values()]) {
        // An offer the ride actor never withdrew (it failed, or is gone) must not pin the driver.
        if (record.status === "offered" && record.offer && record.offer.expiresAt + tickMs < now) {
          const rideId = record.offer.rideId;
          await this.update({ ...record, status: "available", offer: null });
          for (const c of this.getConnections(record.driverId)) {
            send(c, { type: "offer.expired", ride_id: rideId });
            send(c, { type: "driver.status", status: "available" });
          }
        }
        const silent = now - record.lastSeen > offlineAfterMs;
        // A driver on a ride stays known to the cell even while their app reconnects.
        if (silent && !connected.has(record.driverId) && record.status !== "on_ride") {
          this.forget(record.driverId);
          await this.ctx.storage.delete(`driver:${record.driverId}`);
        }
      }
      // Storage takes at most 128 entries per put.
      const dirty = [...this.dirty];
      this.dirty.clear();
      for (let i = 0; i < dirty.length; i += 128) {
        const flush: Record<string, DriverRecord> = {};
        for (const id of dirty.slice(i, i + 128)) {
          const record = this.records.get(id);
          if (record) flush[`driver:${id}`] = record;
        }
        if (Object.keys(flush).length > 0) await this.ctx.storage.put(flush);
      }
      if (this.records.size > 0) await this.ctx.storage.setAlarm(now + tickMs);
    } catch (error) {
      log("error", "CellActor.onAlarm", { cell: this.name, ...errorFields(error) });
    }
  }

  private track(record: DriverRecord): void {
    this.records.set(record.driverId, record);
    this.index.upsert(record);
  }

  private forget(driverId: string): void {
    this.records.delete(driverId);
    this.index.remove(driverId);
    this.dirty.delete(driverId);
  }

  private async persist(record: DriverRecord): Promise<void> {
    this.dirty.delete(record.driverId);
    await this.ctx.storage.put(`driver:${record.driverId}`, record);
  }

  /** A status, offer or ride change: memory and storage together. */
  private async update(record: DriverRecord): Promise<void> {
    this.track(record);
    await this.persist(record);
  }

  private async scheduleTick(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + this.wall(TICK_MS));
  }

  private expired(session: DriverSession): boolean {
    return session.tokenExp * 1000 <= Date.now();
  }

  private closeExpired(connection: Connection): void {
    send(connection, {
      type: "error",
      code: "token_expired",
      message: "The access token has expired; reconnect with a fresh one.",
    });
    connection.close(CLOSE.tokenExpired, "token_expired");
  }

  /** Position of a driver, for tests and admin views. */
  async driver(driverId: string): Promise<(LatLng & { status: DriverStatus }) | null> {
    await this.onStart();
    const r = this.records.get(driverId);
    return r ? { lat: r.lat, lng: r.lng, status: r.status } : null;
  }
}
