/**
 * RideActor: one per ride, from request to settlement. See DESIGN.md, "Shape".
 *
 * A thin shell over the domain: the ride's state machine
 * (domain/ride-lifecycle.ts), the fare, track, ETA and who may see the ride
 * (domain/ride.ts). The search for a driver, and its state, are the
 * dispatcher's (dispatcher.ts, over domain/dispatch.ts). The actor keeps the
 * ride in its storage, holds the riders' sockets and tells the driver's
 * cell. Every ride step — over the driver's socket or over HTTP — comes
 * here, and the actor tells the cell (`rideUpdate`, `rideEnded`): one path,
 * whatever the source.
 *
 * Each change is written with its event in one storage put, and the outbox
 * (outbox.ts) drains events to the EVENTS queue until sent. An accept is
 * decided without yielding, so a ride never gets two drivers. Calls from a
 * cell are answered without awaiting a call back into that cell (turns.ts).
 */
import type { Connection, ConnectionContext } from "partyserver";
import { type Config, config } from "../src/config.ts";
import { driverDetails } from "../src/dispatch/assigned-driver.ts";
import { cellOf } from "../src/domain/cells.ts";
import type { ProofsView } from "../src/domain/proofs.ts";
import {
  advanceTrack,
  assignedDriver,
  type DriverPosition,
  driverRideView,
  etaToPickup,
  mayView,
  POSITION_WRITE_EVERY_MS,
  paymentOnWire,
  pickupDistance,
  positionOnWire,
  type RidePayment,
  type RideRecord,
  type RideView,
  rideSnapshot,
  rideView,
  withPayment,
} from "../src/domain/ride.ts";
import { type RideEventType, TERMINAL, transition } from "../src/domain/ride-lifecycle.ts";
import { errorFields, log } from "../src/log.ts";
import {
  type AcceptInfo,
  type ActorPing,
  type DriverResult,
  type Refusal,
  type RideInit,
  type RideStep,
  refused,
  type StopStep,
  type Viewer,
} from "../src/protocol/actors.ts";
import { CLOSE, TRUSTED } from "../src/protocol/close-codes.ts";
import type { RideServerMessage } from "../src/protocol/ride.ts";
import { Dispatcher } from "./dispatcher.ts";
import { type CancelScope, cancelFor, giveBack } from "./ride-cancel.ts";
import { RideCells } from "./ride-cells.ts";
import { type PhotoInput, type PhotoResult, proofsFor, recordPhoto, viewFor } from "./ride-proofs.ts";
import { book, startIfDue } from "./ride-schedule.ts";
import { takeRideStep } from "./ride-steps.ts";
import { type StopEventType, type StopScope, takeStopStep } from "./ride-stops.ts";
import { RideStore } from "./ride-store.ts";
import { UserSockets } from "./user-sockets.ts";

export type { RideInit, Viewer };

const notFound = () => refused("ride_not_found", "No such ride.");

export class RideActor extends UserSockets {
  static override options = { hibernate: true };

  private record: RideRecord | null = null;
  private readonly dispatcher: Dispatcher;
  private readonly store: RideStore;
  private readonly cells: RideCells;
  private started: Promise<void> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const rideId = ctx.id.name ?? ctx.id.toString();
    this.store = new RideStore(ctx.storage, env.EVENTS, rideId, POSITION_WRITE_EVERY_MS);
    this.cells = new RideCells(env, rideId, (work) => ctx.waitUntil(work));
    this.dispatcher = new Dispatcher({
      env,
      rideId,
      cells: this.cells,
      ride: () => this.record,
      save: () => this.save(),
      giveUp: () => this.giveUp(),
      waitUntil: (work) => ctx.waitUntil(work),
    });
    // RPC calls do not pass through partyserver's start-up; nothing runs before this has.
    void ctx.blockConcurrencyWhile(() => this.onStart());
  }

  /** The one start-up path: the ride and its dispatch state from storage. */
  override onStart(): Promise<void> {
    this.started ??= this.store.load().then(({ record, dispatch }) => {
      this.record = record;
      this.dispatcher.restore(dispatch);
    });
    return this.started;
  }

  ping(): ActorPing {
    return { ok: true, actor: "RideActor", name: this.name };
  }

  private get settings(): Config {
    return config(this.env);
  }

  // ---- opening and reading -----------------------------------------------------------

  /** Opens the ride the Worker built and starts dispatch; calling it again returns the same ride. */
  async init({ ride, detourFactor, avgSpeedKmh }: RideInit): Promise<RideView> {
    if (this.record) return rideView(this.record);
    const now = Date.now();
    const pickupCell = cellOf(ride.pickup, this.settings.cellRes);
    this.record = ride;
    this.dispatcher.open(pickupCell, { detourFactor, avgSpeedKmh }, now);
    // Booked for later: it waits for its alarm (ride-schedule.ts).
    if (ride.state.status === "scheduled") return book(this.cancelScope(ride));
    await this.commit("ride.requested");
    const searching = transition(ride.state, { type: "start_search" }, new Date(now));
    if (searching.ok) {
      ride.state = searching.state;
      await this.commit(searching.event);
    }
    this.dispatcher.demand(true);
    this.dispatcher.resume();
    return rideView(ride);
  }

  /** The ride for someone allowed to see it: its rider, its driver (or one it is offered to), an admin. */
  async view(viewer: Viewer): Promise<RideView | null> {
    return this.record ? viewFor(this.record, this.dispatcher.state?.offer?.driverId ?? null, viewer) : null;
  }

  /** Proof of delivery (ride-proofs.ts): the photos and each drop's code, for the sender and admins. */
  async proofs(viewer: Viewer): Promise<ProofsView | null> {
    return this.record ? proofsFor(this.record, viewer) : null;
  }

  async canWatch(viewer: Viewer): Promise<boolean> {
    return this.allowed(viewer);
  }

  /** For the cron reconcile: the projection's view of the ride (and a nudge to the outbox). */
  async snapshot(): Promise<ReturnType<typeof rideSnapshot> | null> {
    if (this.record) this.ctx.waitUntil(this.store.drain(this.dispatcher.state));
    return this.record ? rideSnapshot(this.record) : null;
  }

  private allowed(viewer: Viewer): boolean {
    return this.record !== null && mayView(this.record, this.dispatcher.state?.offer?.driverId ?? null, viewer);
  }

  // ---- the riders' sockets ---------------------------------------------------------------

  // Upgrade forwarded by the Worker (TRUSTED user id and role) after it asked canWatch().
  override async onConnect(connection: Connection, ctx: ConnectionContext): Promise<void> {
    const viewer = {
      userId: ctx.request.headers.get(TRUSTED.userId) ?? "",
      role: ctx.request.headers.get(TRUSTED.role) ?? "",
    };
    if (!this.record || !this.allowed(viewer)) return connection.close(CLOSE.notFound, "ride_not_found");
    // First the current state: a reconnecting client resumes where it was.
    this.sendTo(connection, { type: "ride.status", ...rideView(this.record) });
    const position = this.record.driverPosition;
    if (position) this.sendTo(connection, { type: "driver.location", ...positionOnWire(position) });
  }

  override onMessage(connection: Connection): void {
    this.sendTo(connection, { type: "error", code: "read_only", message: "This socket only receives ride updates." });
  }

  private sendTo(connection: Connection, message: RideServerMessage): void {
    try {
      connection.send(JSON.stringify(message));
    } catch {
      // Gone; it gets the state on reconnect.
    }
  }

  private tellRiders(...messages: RideServerMessage[]): void {
    for (const message of messages) this.broadcast(JSON.stringify(message));
  }

  // ---- the driver (through their cell, or HTTP) ---------------------------------------------

  /** A driver accepts their open offer. Exactly one driver is ever assigned. */
  async accept(driverId: string, info: AcceptInfo): Promise<DriverResult> {
    const r = this.record;
    const d = this.dispatcher.state;
    if (!r || !d) return notFound();
    // The same driver accepting twice (a double tap) gets the same answer.
    if (r.state.status === "driver_assigned" && r.driver?.id === driverId) return { ok: true, ride: driverRideView(r) };
    if (r.state.status !== "searching" || d.offer?.driverId !== driverId) {
      return refused("offer_unavailable", "The offer is no longer open.");
    }
    if (Date.now() > d.offer.expiresAt) return refused("offer_expired", "The offer has expired.");
    // Decided here, without yielding: no second accept can slip in between.
    const result = transition(r.state, { type: "assign", driverId }, new Date());
    if (!result.ok) return refused(result.reason, `The ride is ${r.state.status}.`);
    Object.assign(
      r,
      { state: result.state },
      assignedDriver(driverId, info, Date.now()),
      pickupDistance(r, info.position),
    );
    this.dispatcher.accepted(info.cell);
    await this.commit(result.event);
    this.dispatcher.demand(false);
    this.tellRiders({ type: "ride.status", ...rideView(r) });
    // The driver's name and vehicle come from Postgres after the answer, so nothing can slip in before it.
    this.ctx.waitUntil(this.announceDriver(driverId, info));
    return { ok: true, ride: driverRideView(r) };
  }

  /** Tells the riders who is coming, once the driver's details are known. */
  private async announceDriver(driverId: string, info: AcceptInfo): Promise<void> {
    const details = await driverDetails(this.env, this.name, driverId, info.vehicleId);
    const r = this.record;
    const d = this.dispatcher.state;
    if (!r?.driver || !d || r.driver.id !== driverId || TERMINAL.includes(r.state.status)) return;
    if (details) {
      const { vehicleClass, ...looks } = details.vehicle;
      r.driver = {
        ...r.driver,
        ...details.driver,
        vehicle: { ...r.driver.vehicle, ...looks, vehicle_class: vehicleClass ?? r.vehicleClass },
      };
      await this.save();
    }
    const { vehicle, ...driver } = r.driver;
    this.tellRiders({ type: "driver.assigned", driver, vehicle, eta_s: etaToPickup(r, info.position, d) });
  }

  /** A driver declines their open offer: on to the next candidate. */
  async decline(driverId: string): Promise<void> {
    await this.dispatcher.declined(driverId);
  }

  /** arrive / start / complete, by the assigned driver, from their socket or over HTTP: ride-steps.ts. */
  async driverAction(driverId: string, action: RideStep): Promise<DriverResult> {
    if (!this.record) return notFound();
    return takeRideStep(this.cancelScope(this.record), driverId, action, this.settings.timeScale);
  }

  /** A stop's step (arrived / completed / failed) by the assigned driver: ride-stops.ts. */
  async driverStop(driverId: string, step: StopStep): Promise<DriverResult> {
    return this.record ? takeStopStep(this.cancelScope(this.record), driverId, step) : notFound();
  }

  /** The assigned driver's photo at the pickup or a drop, already in R2: recorded with their position. */
  async addPhoto(driverId: string, photo: PhotoInput): Promise<PhotoResult> {
    return this.record ? recordPhoto({ ride: this.record, save: () => this.save() }, driverId, photo) : notFound();
  }

  /** A position of the assigned driver: to the riders, and into the fare while in progress. */
  async driverLocation(driverId: string, position: DriverPosition): Promise<void> {
    const r = this.record;
    if (!r || r.driver?.id !== driverId || TERMINAL.includes(r.state.status)) return;
    Object.assign(r, advanceTrack(r, position, this.settings.timeScale));
    r.driverPosition = position;
    // The hot path: a write only now and then (ride-store.ts), no alarm bookkeeping.
    await this.store.savePosition(r);
    this.tellRiders({ type: "driver.location", ...positionOnWire(position) });
  }

  /** The driver with this ride's offer or assignment is now held by another cell. */
  async driverMoved(driverId: string, cell: string): Promise<void> {
    await this.dispatcher.driverMoved(driverId, cell);
  }

  // ---- cancelling (ride-cancel.ts) -----------------------------------------------------------

  /** The assigned driver gives the ride back: it returns to dispatch without them. */
  async driverCancel(driverId: string, reason: string | null): Promise<DriverResult> {
    if (!this.record || !this.dispatcher.state) return notFound();
    return giveBack(this.cancelScope(this.record), driverId, reason);
  }

  /** Cancels for the rider (or an admin). Free until assignment and within the grace period after. */
  async cancel(viewer: Viewer, reason: string | null): Promise<{ ok: true; ride: RideView } | Refusal> {
    if (!this.record || !this.dispatcher.state || !this.allowed(viewer)) return notFound();
    return cancelFor(this.cancelScope(this.record), viewer, reason, this.settings.timeScale);
  }

  private cancelScope(ride: RideRecord): CancelScope & StopScope {
    const commit = (type: RideEventType | StopEventType) => this.commit(type);
    const tellRiders = (...messages: RideServerMessage[]) => this.tellRiders(...messages);
    return { ride, dispatcher: this.dispatcher, cells: this.cells, commit, tellRiders, save: () => this.save() };
  }

  // ---- the ride's payment ----------------------------------------------------------------------

  /** The ride's payment moved (settlement, a webhook, a refund): kept, and told to the riders. */
  async paymentChanged(payment: RidePayment): Promise<void> {
    const r = this.record;
    if (!r || !withPayment(r, payment)) return;
    await this.save();
    this.tellRiders({ type: "ride.payment", payment: paymentOnWire(r) });
  }

  // ---- dispatch --------------------------------------------------------------------------

  private async giveUp(): Promise<void> {
    const r = this.record;
    if (!r || !this.dispatcher.state) return;
    const result = transition(r.state, { type: "give_up" }, new Date());
    if (!result.ok) return;
    r.state = result.state;
    await this.commit(result.event);
    this.dispatcher.demand(false);
    this.tellRiders({ type: "ride.status", ...rideView(r) });
  }

  /** A booked ride's dispatch time, offer deadlines, dispatch retries and outbox retries all come here. */
  override async onAlarm(): Promise<void> {
    try {
      const scope = this.record && { ...this.cancelScope(this.record), env: this.env, save: () => this.save() };
      if (scope) await startIfDue(scope, Date.now());
      await this.dispatcher.wake(Date.now());
      await this.store.drain(this.dispatcher.state);
    } catch (error) {
      log("error", "RideActor.onAlarm", { ride: this.name, ...errorFields(error) });
    }
  }

  // ---- storage ------------------------------------------------------------------------------

  private async save(): Promise<void> {
    const d = this.dispatcher.state;
    if (this.record && d) await this.store.save(this.record, d);
  }

  /** State, dispatch and the event for this change, in one storage write; then drain. */
  private async commit(type: RideEventType | StopEventType | "ride.requested"): Promise<void> {
    const d = this.dispatcher.state;
    if (!this.record || !d) return;
    await this.store.commit(this.record, d, type);
    this.ctx.waitUntil(this.store.drain(this.dispatcher.state));
  }
}
