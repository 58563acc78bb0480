/**
 * RideActor: one per ride, from request to settlement — the state machine
 * (domain/ride-lifecycle.ts), the dispatch loop, the one and only driver,
 * the rider's websocket sessions and the live position fan-out, the fare on
 * completion, cancellation. See DESIGN.md, "Shape".
 *
 * Its truth is its own storage: the ride record, the dispatch state and an
 * outbox written together in one put, so a restart loses nothing and every
 * state change becomes an event (unique id, per-ride seq) that is drained to
 * the EVENTS queue until it is sent.
 *
 * Dispatch: candidates from every cell the search circle touches, nearest
 * first (domain/matching.ts); one offer at a time with a deadline on the
 * alarm; decline or expiry → the next candidate; the radius widens through
 * SEARCH_RADII_M; after the dispatch window the ride ends as `no_driver`.
 * The offer is recorded before the cell delivers it, and an accept is
 * decided without yielding, so a ride never gets two drivers.
 */
import { eq } from "drizzle-orm";
import { type Connection, type ConnectionContext, Server } from "partyserver";
import { createDb } from "../src/db/client.ts";
import { users, vehicles } from "../src/db/schema/index.ts";
import { type CellId, cellOf, cellsTouchingCircle } from "../src/domain/cells.ts";
import type { EventEnvelope } from "../src/domain/events.ts";
import { haversineMeters, type LatLng } from "../src/domain/geo.ts";
import { type Candidate, nearestFirst, SEARCH_RADII_M } from "../src/domain/matching.ts";
import { quote } from "../src/domain/pricing.ts";
import {
  type AssignedDriver,
  type DriverPosition,
  openRide,
  type RideOpening,
  type RideRecord,
  type RideView,
  rideSnapshot,
  rideView,
  trackStep,
} from "../src/domain/ride.ts";
import { type RideCommand, type RideEventType, TERMINAL, transition } from "../src/domain/ride-lifecycle.ts";
import { citySpan, timeScaleOf, wallSpan } from "../src/domain/time-scale.ts";
import type { Env } from "../src/env.ts";
import { errorFields, log } from "../src/log.ts";
import { CLOSE, TRUSTED } from "../src/protocol/close-codes.ts";
import type { DriverServerMessage } from "../src/protocol/driver.ts";
import type { RideServerMessage } from "../src/protocol/ride.ts";
import type { ActorPing } from "./cell.ts";

type RideMessage = Extract<DriverServerMessage, { type: "ride.status" }>;

/** What the Worker hands the actor to open a ride. */
export type RideInit = RideOpening & { detourFactor: number; avgSpeedKmh: number };

interface DispatchState {
  pickupCell: CellId;
  radiusIndex: number;
  candidates: (Candidate & { cell: string })[];
  /** Drivers already offered this ride (declined or let it expire). */
  tried: string[];
  offer: { driverId: string; cell: string; expiresAt: number } | null;
  /** When the search gives up, ms since the epoch. */
  deadline: number;
  retryAt: number | null;
  /** Searches in a row that found nobody; each waits longer before the next (absent in older records). */
  emptyRounds?: number;
  /** The assigned driver's current cell (it follows handoffs). */
  driverCell: string | null;
  detourFactor: number;
  avgSpeedKmh: number;
}

export interface Viewer {
  userId: string;
  role: string;
}

export type DriverResult = { ok: true; ride: RideMessage } | { ok: false; code: string; message: string };

// Dispatch timers are on the city's clock (divided by TIME_SCALE, see wall()); the outbox's retry
// guards the platform's own plumbing and keeps the wall clock.
const RETRY_MS = 3_000;
/** The longest wait between searches that keep finding nobody. */
const RETRY_MAX_MS = 10_000;
const OUTBOX_RETRY_MS = 5_000;

export class RideActor extends Server<Env> {
  static override options = { hibernate: true };

  private record: RideRecord | null = null;
  private dispatch: DispatchState | null = null;
  private dispatching = false;
  private dispatchAgain = false;
  private loaded = false;

  /** Liveness probe used by /health. */
  ping(): ActorPing {
    return { ok: true, actor: "RideActor", name: this.name };
  }

  /** Loads the ride once per instance (partyserver calls this for sockets; RPC methods through ready()). */
  override async onStart(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const stored = await this.ctx.storage.get<RideRecord | DispatchState>(["ride", "dispatch"]);
    this.record = (stored.get("ride") as RideRecord | undefined) ?? null;
    this.dispatch = (stored.get("dispatch") as DispatchState | undefined) ?? null;
  }

  private get offerTimeoutMs(): number {
    return this.wall((Number(this.env.OFFER_TIMEOUT_S) || 15) * 1000);
  }

  private get dispatchWindowMs(): number {
    return this.wall((Number(this.env.DISPATCH_WINDOW_S) || 120) * 1000);
  }

  /** TIME_SCALE (domain/time-scale.ts): the city's clock against the wall clock. */
  private get timeScale(): number {
    return timeScaleOf(this.env);
  }

  /** A span of the city's clock as whole wall-clock milliseconds (alarms and deadlines). */
  private wall(cityMs: number): number {
    return Math.round(wallSpan(cityMs, this.timeScale));
  }

  // ---- opening and reading ---------------------------------------------------

  /** Opens the ride and starts dispatch; calling it again returns the same ride. */
  async init(input: RideInit): Promise<RideView> {
    await this.ready();
    if (this.record) return rideView(this.record);
    const { detourFactor, avgSpeedKmh, ...fields } = input;
    const now = new Date();
    const record = openRide(fields, now.toISOString());
    const dispatch: DispatchState = {
      pickupCell: cellOf(input.pickup, Number(this.env.CELL_RES) || 6),
      radiusIndex: 0,
      candidates: [],
      tried: [],
      offer: null,
      deadline: now.getTime() + this.dispatchWindowMs,
      // Armed from the start: if the dispatch run below is lost, the alarm starts it.
      retryAt: now.getTime() + this.wall(RETRY_MS),
      driverCell: null,
      detourFactor,
      avgSpeedKmh,
    };
    this.record = record;
    this.dispatch = dispatch;
    await this.commit("ride.requested");
    const searching = transition(record.state, { type: "start_search" }, now);
    if (searching.ok) {
      record.state = searching.state;
      await this.commit(searching.event);
    }
    this.ctx.waitUntil(this.notifyCell(() => this.env.CELL.getByName(dispatch.pickupCell).demand(record.id, true)));
    this.ctx.waitUntil(this.runDispatch());
    return rideView(this.record);
  }

  /** The ride for someone allowed to see it: its rider, its driver (or one it was offered to), an admin. */
  async view(viewer: Viewer): Promise<RideView | null> {
    await this.ready();
    return this.record && this.allowed(viewer) ? rideView(this.record) : null;
  }

  /** For the cron reconcile: the projection's view of the ride. */
  async snapshot(): Promise<ReturnType<typeof rideSnapshot> | null> {
    await this.ready();
    if (this.record) this.ctx.waitUntil(this.drainOutbox());
    return this.record ? rideSnapshot(this.record) : null;
  }

  private allowed(viewer: Viewer): boolean {
    const r = this.record;
    if (!r) return false;
    if (viewer.role === "admin" || viewer.userId === r.riderId) return true;
    // A driver sees the ride while it is offered to them or assigned to them, not after declining it.
    return (
      viewer.role === "driver" && (r.driver?.id === viewer.userId || this.dispatch?.offer?.driverId === viewer.userId)
    );
  }

  // ---- the rider's socket ----------------------------------------------------

  // Upgrade forwarded by the Worker (TRUSTED user id and role) after it asked canWatch().
  override async onConnect(connection: Connection, ctx: ConnectionContext): Promise<void> {
    try {
      await this.ready();
      const viewer = {
        userId: ctx.request.headers.get(TRUSTED.userId) ?? "",
        role: ctx.request.headers.get(TRUSTED.role) ?? "",
      };
      if (!this.record || !this.allowed(viewer)) {
        connection.close(CLOSE.notFound, "ride_not_found");
        return;
      }
      // First the current state: a reconnecting client resumes where it was.
      this.sendTo(connection, { type: "ride.status", ...rideView(this.record) });
      if (this.record.driverPosition)
        this.sendTo(connection, { type: "driver.location", ...this.record.driverPosition });
    } catch (error) {
      log("error", "RideActor.onConnect", { ride: this.name, ...errorFields(error) });
      connection.close(1011, "internal_error");
    }
  }

  override onMessage(connection: Connection): void {
    this.sendTo(connection, { type: "error", code: "read_only", message: "This socket only receives ride updates." });
  }

  async canWatch(viewer: Viewer): Promise<boolean> {
    await this.ready();
    return this.allowed(viewer);
  }

  private sendTo(connection: Connection, message: RideServerMessage): void {
    try {
      connection.send(JSON.stringify(message));
    } catch {
      // Gone; it gets the state on reconnect.
    }
  }

  private broadcastMessage(message: RideServerMessage): void {
    this.broadcast(JSON.stringify(message));
  }

  // ---- driver side (called by CellActors) -------------------------------------

  /** A driver accepts their open offer. Exactly one driver is ever assigned. */
  async accept(
    driverId: string,
    info: { vehicleId: string; vehicleClass: string; rating: number; position: LatLng; cell: string },
  ): Promise<{ ok: true; ride: RideMessage } | { ok: false; code: string }> {
    await this.ready();
    const r = this.record;
    const d = this.dispatch;
    if (!r || !d) return { ok: false, code: "ride_not_found" };
    // The same driver accepting twice (a double tap) gets the same answer.
    if (r.state.status === "driver_assigned" && r.driver?.id === driverId)
      return { ok: true, ride: this.rideMessage() };
    if (r.state.status !== "searching" || d.offer?.driverId !== driverId) {
      return { ok: false, code: "offer_unavailable" };
    }
    if (Date.now() > d.offer.expiresAt) return { ok: false, code: "offer_expired" };
    // Decided here, without yielding: no second accept can slip in between.
    const result = transition(r.state, { type: "assign", driverId }, new Date());
    if (!result.ok) return { ok: false, code: result.reason };
    r.state = result.state;
    r.driver = {
      id: driverId,
      name: "",
      rating: info.rating,
      vehicle: { id: info.vehicleId, vehicle_class: info.vehicleClass, plate: null, model: null, color: null },
    };
    r.driverPosition = { ...info.position, heading: null, ts: Date.now() };
    d.offer = null;
    d.candidates = [];
    d.retryAt = null;
    d.driverCell = info.cell;
    await this.commit(result.event);
    this.ctx.waitUntil(this.notifyCell(() => this.env.CELL.getByName(d.pickupCell).demand(r.id, false)));
    this.broadcastMessage({ type: "ride.status", ...rideView(r) });
    // The driver's name and vehicle come from Postgres after the answer, so nothing can slip in before it.
    this.ctx.waitUntil(this.announceDriver(driverId, info));
    return { ok: true, ride: this.rideMessage() };
  }

  /** Tells the rider's sockets who is coming, once the driver's details are known. */
  private async announceDriver(
    driverId: string,
    info: { vehicleId: string; rating: number; position: LatLng },
  ): Promise<void> {
    const details = await this.driverDetails(driverId, info.vehicleId);
    const r = this.record;
    if (!r || r.driver?.id !== driverId || TERMINAL.includes(r.state.status)) return;
    if (details) {
      r.driver = { ...details, rating: info.rating };
      await this.save();
    }
    const { vehicle, ...driver } = r.driver;
    this.broadcastMessage({ type: "driver.assigned", driver, vehicle, eta_s: this.etaS(info.position) });
  }

  /** A call to a cell that must not fail the caller; logged if it does. */
  private async notifyCell(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      log("warn", "RideActor.notifyCell", { ride: this.name, ...errorFields(error) });
    }
  }

  /** A driver declines their open offer: on to the next candidate. */
  async decline(driverId: string): Promise<void> {
    await this.ready();
    const d = this.dispatch;
    if (!d || d.offer?.driverId !== driverId) return;
    d.offer = null;
    d.tried.push(driverId);
    d.retryAt = Date.now() + this.wall(RETRY_MS);
    await this.save();
    this.ctx.waitUntil(this.runDispatch());
  }

  /**
   * arrive / start / complete, by the assigned driver. From the driver's
   * socket the cell updates itself; from HTTP (`notifyCell`) the actor tells it.
   */
  async driverAction(
    driverId: string,
    action: "arrive" | "start" | "complete",
    notifyCell = false,
  ): Promise<DriverResult> {
    await this.ready();
    const r = this.record;
    if (!r) return { ok: false, code: "ride_not_found", message: "No such ride." };
    const now = new Date();
    const result = transition(r.state, { type: action, driverId }, now);
    if (!result.ok) {
      return {
        ok: false,
        code: result.reason === "not_your_ride" ? "not_your_ride" : "invalid_state",
        message: result.reason === "not_your_ride" ? "This is not your ride." : `The ride is ${r.state.status}.`,
      };
    }
    r.state = result.state;
    if (action === "start") r.trackAnchor = r.driverPosition;
    if (action === "complete") {
      const startedAt = Date.parse(r.state.timestamps.in_progress ?? now.toISOString());
      // Measured on the wall clock, charged on the city's.
      r.durationS = Math.max(0, Math.round(citySpan(now.getTime() - startedAt, this.timeScale) / 1000));
      r.fare = quote({
        tariff: r.tariff,
        taxes: r.taxes,
        distanceM: r.drivenM,
        durationS: r.durationS,
        surge: r.surge,
      });
    }
    await this.commit(result.event);
    this.broadcastMessage({ type: "ride.status", ...rideView(r) });
    if (action === "complete" && r.fare)
      this.broadcastMessage({ type: "ride.completed", fare: { lines: r.fare.lines, total: r.fare.total } });
    const cell = this.dispatch?.driverCell;
    if (notifyCell && cell) {
      const message = this.rideMessage();
      await this.notifyCell(() => this.env.CELL.getByName(cell).rideUpdate(driverId, message));
    }
    return { ok: true, ride: this.rideMessage() };
  }

  /** The assigned driver gives the ride back: it returns to dispatch without them. */
  async driverCancel(driverId: string, reason: string | null): Promise<DriverResult> {
    await this.ready();
    const r = this.record;
    const d = this.dispatch;
    if (!r || !d) return { ok: false, code: "ride_not_found", message: "No such ride." };
    const result = transition(r.state, { type: "driver_cancel", driverId, ...(reason ? { reason } : {}) }, new Date());
    if (!result.ok) return { ok: false, code: result.reason, message: `The ride is ${r.state.status}.` };
    r.state = result.state;
    r.driver = null;
    r.driverPosition = null;
    d.driverCell = null;
    d.tried.push(driverId);
    d.radiusIndex = 0;
    d.candidates = [];
    d.deadline = Date.now() + this.dispatchWindowMs;
    d.retryAt = Date.now() + this.wall(RETRY_MS);
    await this.commit(result.event);
    this.ctx.waitUntil(this.notifyCell(() => this.env.CELL.getByName(d.pickupCell).demand(r.id, true)));
    this.broadcastMessage({ type: "ride.status", ...rideView(r) });
    this.ctx.waitUntil(this.runDispatch());
    return { ok: true, ride: this.rideMessage() };
  }

  /** A position of the assigned driver: fanned out to the ride's sockets; counted towards the fare while in progress. */
  async driverLocation(driverId: string, position: DriverPosition): Promise<void> {
    await this.ready();
    const r = this.record;
    if (!r || r.driver?.id !== driverId || TERMINAL.includes(r.state.status)) return;
    if (r.state.status === "in_progress") {
      const anchor = r.trackAnchor;
      const step = anchor ? trackStep(anchor, position, haversineMeters(anchor, position), this.timeScale) : 0;
      if (!anchor || step > 0) {
        r.drivenM += step;
        r.trackAnchor = position;
      }
    }
    r.driverPosition = position;
    // The hot path: one write, no alarm bookkeeping (positions never move an alarm).
    await this.ctx.storage.put("ride", r);
    this.broadcastMessage({ type: "driver.location", ...position });
  }

  /** The driver with this ride's offer or assignment moved to another cell. */
  async driverMoved(driverId: string, cell: string): Promise<void> {
    await this.ready();
    const d = this.dispatch;
    if (!d) return;
    if (d.offer?.driverId === driverId) d.offer.cell = cell;
    if (this.record?.driver?.id === driverId) d.driverCell = cell;
    await this.save();
  }

  // ---- rider and admin -------------------------------------------------------

  /** Cancels for the rider (or an admin). Free until assignment and within the grace period after. */
  async cancel(
    viewer: Viewer,
    reason: string | null,
  ): Promise<{ ok: true; ride: RideView } | { ok: false; code: string; message: string }> {
    await this.ready();
    const r = this.record;
    const d = this.dispatch;
    if (!r || !d || !this.allowed(viewer)) return { ok: false, code: "ride_not_found", message: "No such ride." };
    if (viewer.role === "driver") {
      const cell = d.driverCell;
      const result = await this.driverCancel(viewer.userId, reason);
      if (result.ok && cell) await this.notifyCell(() => this.env.CELL.getByName(cell).rideEnded(viewer.userId, r.id));
      return result.ok ? { ok: true, ride: rideView(r) } : result;
    }
    const command: RideCommand = {
      type: "rider_cancel",
      graceS: wallSpan(r.cancellationGraceS, this.timeScale),
      fee: r.cancellationFee,
      ...(reason ? { reason } : {}),
    };
    const wasSearching = r.state.status === "searching" || r.state.status === "requested";
    const result = transition(r.state, command, new Date());
    if (!result.ok)
      return { ok: false, code: "invalid_state", message: `A ride that is ${r.state.status} cannot be cancelled.` };
    r.state = viewer.role === "admin" ? { ...result.state, cancelledBy: "admin" } : result.state;
    const offered = d.offer;
    const driverId = r.driver?.id;
    d.offer = null;
    d.candidates = [];
    d.retryAt = null;
    await this.commit(result.event);
    if (wasSearching) this.ctx.waitUntil(this.env.CELL.getByName(d.pickupCell).demand(r.id, false));
    const driverCell = d.driverCell;
    if (offered)
      await this.notifyCell(() => this.env.CELL.getByName(offered.cell).withdraw(offered.driverId, r.id, "cancelled"));
    if (driverId && driverCell)
      await this.notifyCell(() => this.env.CELL.getByName(driverCell).rideEnded(driverId, r.id));
    this.broadcastMessage({
      type: "ride.cancelled",
      by: r.state.cancelledBy ?? "rider",
      reason: r.state.cancellationReason,
    });
    this.broadcastMessage({ type: "ride.status", ...rideView(r) });
    return { ok: true, ride: rideView(r) };
  }

  // ---- dispatch --------------------------------------------------------------

  /** Runs the dispatch loop once at a time; a request during a run makes it run again. */
  private async runDispatch(): Promise<void> {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.dispatchAgain = false;
        await this.dispatchStep();
      } while (this.dispatchAgain);
    } catch (error) {
      log("error", "RideActor.dispatch", { ride: this.name, ...errorFields(error) });
      const d = this.dispatch;
      if (d && this.record?.state.status === "searching") {
        d.retryAt = Date.now() + this.wall(RETRY_MS);
        await this.save();
      }
    } finally {
      this.dispatching = false;
    }
  }

  private async dispatchStep(): Promise<void> {
    for (;;) {
      const r = this.record;
      const d = this.dispatch;
      if (!r || !d || r.state.status !== "searching" || d.offer) return;
      if (d.candidates.length === 0) {
        if (d.radiusIndex >= SEARCH_RADII_M.length) {
          const now = Date.now();
          if (now >= d.deadline) return this.giveUp();
          // Nobody yet: look again in a while, in the widest circle only, waiting longer each time
          // (3, 6, then 10 s). The smaller circles were just empty and candidates are offered
          // nearest first anyway; asking every circle again every 3 s cost each waiting ride about
          // 35 cell calls, which an undersupplied city with a hundred rides waiting could not afford.
          d.radiusIndex = SEARCH_RADII_M.length - 1;
          d.emptyRounds = (d.emptyRounds ?? 0) + 1;
          const wait = this.wall(Math.min(RETRY_MAX_MS, RETRY_MS * 2 ** (d.emptyRounds - 1)));
          d.retryAt = now + Math.min(wait, Math.max(0, d.deadline - now));
          await this.save();
          return;
        }
        const radiusM = SEARCH_RADII_M[d.radiusIndex] ?? SEARCH_RADII_M[0];
        d.radiusIndex++;
        d.candidates = await this.findCandidates(radiusM);
        continue;
      }
      const candidate = d.candidates.shift();
      if (!candidate) continue;
      d.emptyRounds = 0;
      const expiresAt = Date.now() + this.offerTimeoutMs;
      // Recorded before the cell delivers it: a quick accept finds it here.
      d.offer = { driverId: candidate.driverId, cell: candidate.cell, expiresAt };
      d.retryAt = null;
      await this.save();
      const reserved = await this.env.CELL.getByName(candidate.cell).reserve(candidate.driverId, {
        type: "offer",
        ride_id: r.id,
        service: r.service,
        pickup: { lat: r.pickup.lat, lng: r.pickup.lng },
        dropoff: { lat: r.dropoff.lat, lng: r.dropoff.lng },
        fare: r.estimate.total,
        expires_at: new Date(expiresAt).toISOString(),
      });
      const now = this.dispatch;
      if (!reserved) {
        if (now?.offer?.driverId === candidate.driverId) now.offer = null;
        await this.save();
        continue;
      }
      // The ride may have been cancelled while the cell was delivering.
      if (this.record?.state.status !== "searching" || now?.offer?.driverId !== candidate.driverId) {
        if (this.record?.state.status !== "driver_assigned" || this.record.driver?.id !== candidate.driverId) {
          await this.env.CELL.getByName(candidate.cell).withdraw(candidate.driverId, r.id, "cancelled");
        }
      }
      return;
    }
  }

  private async findCandidates(radiusM: number): Promise<(Candidate & { cell: string })[]> {
    const r = this.record;
    const d = this.dispatch;
    if (!r || !d) return [];
    const res = Number(this.env.CELL_RES) || 6;
    const cells = cellsTouchingCircle(r.pickup, radiusM, res);
    const answers = await Promise.all(
      cells.map(async (cell) => {
        try {
          const found = await this.env.CELL.getByName(cell).nearest({
            lat: r.pickup.lat,
            lng: r.pickup.lng,
            radiusM,
            vehicleClass: r.vehicleClass,
            k: 10,
          });
          return found.map((c) => ({ ...c, cell }));
        } catch (error) {
          log("warn", "RideActor.nearest", { ride: r.id, cell, ...errorFields(error) });
          return [];
        }
      }),
    );
    const excluded = new Set([...d.tried, ...r.state.excludedDrivers]);
    const byId = new Map<string, Candidate & { cell: string }>();
    for (const c of answers.flat()) byId.set(c.driverId, c);
    return nearestFirst([...byId.values()], excluded).map((c) => byId.get(c.driverId) as Candidate & { cell: string });
  }

  private async giveUp(): Promise<void> {
    const r = this.record;
    const d = this.dispatch;
    if (!r || !d) return;
    const result = transition(r.state, { type: "give_up" }, new Date());
    if (!result.ok) return;
    r.state = result.state;
    d.retryAt = null;
    await this.commit(result.event);
    this.ctx.waitUntil(this.env.CELL.getByName(d.pickupCell).demand(r.id, false));
    this.broadcastMessage({ type: "ride.status", ...rideView(r) });
  }

  /** Offer deadlines, dispatch retries and outbox retries all come here. */
  override async onAlarm(): Promise<void> {
    try {
      await this.ready();
      const d = this.dispatch;
      const r = this.record;
      const now = Date.now();
      if (r && d?.offer && d.offer.expiresAt <= now && r.state.status === "searching") {
        const expired = d.offer;
        d.offer = null;
        d.tried.push(expired.driverId);
        d.retryAt = now + this.wall(RETRY_MS);
        await this.save();
        await this.notifyCell(() => this.env.CELL.getByName(expired.cell).withdraw(expired.driverId, r.id, "expired"));
      }
      if (d && d.retryAt !== null && d.retryAt <= now) d.retryAt = null;
      await this.runDispatch();
      await this.drainOutbox();
      await this.scheduleAlarm();
    } catch (error) {
      log("error", "RideActor.onAlarm", { ride: this.name, ...errorFields(error) });
    }
  }

  // ---- persistence and the outbox ----------------------------------------------

  private async ready(): Promise<void> {
    await this.onStart();
  }

  private async save(): Promise<void> {
    if (!this.record || !this.dispatch) return;
    await this.ctx.storage.put({ ride: this.record, dispatch: this.dispatch });
    await this.scheduleAlarm();
  }

  /** State, dispatch and the event for this change, in one storage write; then drain. */
  private async commit(type: RideEventType | "ride.requested"): Promise<void> {
    const r = this.record;
    if (!r || !this.dispatch) return;
    r.seq += 1;
    const event: EventEnvelope = {
      id: crypto.randomUUID(),
      type,
      subject_id: r.id,
      seq: r.seq,
      occurred_at: new Date().toISOString(),
      payload: { ride: rideSnapshot(r) },
    };
    await this.ctx.storage.put({
      ride: r,
      dispatch: this.dispatch,
      [`outbox:${String(r.seq).padStart(10, "0")}`]: event,
    });
    await this.scheduleAlarm();
    this.ctx.waitUntil(this.drainOutbox());
  }

  private async drainOutbox(): Promise<void> {
    const pending = await this.ctx.storage.list<EventEnvelope>({ prefix: "outbox:", limit: 100 });
    if (pending.size === 0) return;
    try {
      await this.env.EVENTS.sendBatch([...pending.values()].map((body) => ({ body })));
      await this.ctx.storage.delete([...pending.keys()]);
      await this.ctx.storage.delete("outboxRetryAt");
    } catch (error) {
      log("warn", "RideActor.outbox", { ride: this.name, pending: pending.size, ...errorFields(error) });
      await this.ctx.storage.put("outboxRetryAt", Date.now() + OUTBOX_RETRY_MS);
      await this.scheduleAlarm();
    }
  }

  private async scheduleAlarm(): Promise<void> {
    const d = this.dispatch;
    const times: number[] = [];
    if (d?.offer) times.push(d.offer.expiresAt);
    if (d?.retryAt) times.push(d.retryAt);
    const outboxRetryAt = await this.ctx.storage.get<number>("outboxRetryAt");
    if (outboxRetryAt) times.push(outboxRetryAt);
    if (times.length === 0) return;
    const at = Math.min(...times);
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at || current < Date.now()) await this.ctx.storage.setAlarm(at);
  }

  // ---- helpers -----------------------------------------------------------------

  /** The message the driver's app shows for this ride. */
  private rideMessage(): RideMessage {
    const r = this.record as RideRecord;
    return {
      type: "ride.status",
      ride_id: r.id,
      status: r.state.status,
      pickup: { lat: r.pickup.lat, lng: r.pickup.lng },
      dropoff: { lat: r.dropoff.lat, lng: r.dropoff.lng },
      rider_id: r.riderId,
    };
  }

  private etaS(from: LatLng): number {
    const r = this.record;
    const d = this.dispatch;
    if (!r || !d) return 0;
    const metres = haversineMeters(from, r.pickup) * d.detourFactor;
    return Math.round(metres / ((d.avgSpeedKmh * 1000) / 3600));
  }

  /** The driver's name and vehicle for the rider's screen; null if Postgres cannot say right now. */
  private async driverDetails(driverId: string, vehicleId: string): Promise<Omit<AssignedDriver, "rating"> | null> {
    const { db, close } = createDb(this.env);
    try {
      const [row] = await db
        .select({
          name: users.name,
          plate: vehicles.plate,
          model: vehicles.model,
          color: vehicles.color,
          vehicleClass: vehicles.vehicleClassId,
        })
        .from(users)
        .leftJoin(vehicles, eq(vehicles.id, vehicleId))
        .where(eq(users.id, driverId));
      if (!row) return null;
      return {
        id: driverId,
        name: row.name,
        vehicle: {
          id: vehicleId,
          vehicle_class: row.vehicleClass ?? this.record?.vehicleClass ?? "",
          plate: row.plate,
          model: row.model,
          color: row.color,
        },
      };
    } catch (error) {
      log("warn", "RideActor.driverDetails", { ride: this.name, ...errorFields(error) });
      return null;
    } finally {
      this.ctx.waitUntil(close().catch(() => {}));
    }
  }
}
