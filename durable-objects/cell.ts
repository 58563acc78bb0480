/**
 * CellActor: one per H3 cell at CELL_RES — the online drivers of its cell and
 * their hibernating websockets (partyserver). See DESIGN.md, "Shape".
 *
 * A thin shell: domain/driver-status.ts (`step`) decides what each frame, call and tick
 * does to a driver, in the driver's turn; the actor stores the record (registry.ts),
 * carries out the effects (ride calls, handoffs) and sends the messages, trusting only
 * what the Worker forwards (TRUSTED). A driver handed off leaves a forwarding pointer
 * (handoffs.ts); the admins' live map gets summaries while it watches (map-publisher.ts).
 */
import type { Connection, ConnectionContext, WSMessage } from "partyserver";
import { type Config, config } from "../src/config.ts";
import { type CellTimers, cellTimers, POSITION_FLUSH_EVERY_MS } from "../src/domain/cell-timers.ts";
import { CellDemand } from "../src/domain/demand.ts";
import type { DriverStatus, FoundDriver, NearestQuery } from "../src/domain/driver-index.ts";
import { type DriverCommand, type DriverRecord, type DriverSession, step } from "../src/domain/driver-status.ts";
import type { LatLng } from "../src/domain/geo.ts";
import type { CellSupply } from "../src/domain/supply.ts";
import { errorFields, log } from "../src/log.ts";
import type { ActorPing, DriverRideMessage, OfferMessage, WithdrawReason } from "../src/protocol/actors.ts";
import { CLOSE, TRUSTED, trustedDriver } from "../src/protocol/close-codes.ts";
import { type DriverServerMessage, parseDriverMessage } from "../src/protocol/driver.ts";
import { answerHttp, frameCommand, type HttpDriverAnswer, type HttpDriverCall } from "./driver-http.ts";
import {
  closeExpired,
  closeReplaced,
  type DriverSocket,
  heard,
  type SocketSession,
  send,
  sendAll,
  sweep,
  tokenExpired,
} from "./driver-sockets.ts";
import { Handoffs } from "./handoffs.ts";
import { MapPublisher } from "./map-publisher.ts";
import { DriverRegistry } from "./registry.ts";
import { callRide } from "./ride-calls.ts";
import { UserSockets } from "./user-sockets.ts";

export type { DriverRecord };

export class CellActor extends UserSockets {
  static override options = { hibernate: true };

  private readonly registry: DriverRegistry;
  private readonly requests = new CellDemand();
  private readonly handoffs: Handoffs;
  private readonly map: MapPublisher;
  private started: Promise<void> | undefined;
  /** Location frames handled since this instance started (a metric, not state). */
  private locationUpdates = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.registry = new DriverRegistry(ctx.storage, POSITION_FLUSH_EVERY_MS);
    this.handoffs = new Handoffs((driverId) => this.registry.get(driverId) !== undefined, env.CELL);
    this.map = MapPublisher.forCell(env, () => this.name, this.requests, this.registry);
    // RPC calls do not pass through partyserver's start-up; nothing runs before this has.
    void ctx.blockConcurrencyWhile(() => this.onStart());
  }

  /** The one start-up path: the registry from storage and the sockets' fresher positions. */
  override onStart(): Promise<void> {
    this.started ??= (async () => {
      const sessions = [...this.getConnections<SocketSession>()].flatMap((c) => (c.state ? [c.state] : []));
      await this.registry.load(sessions);
      if (this.registry.size > 0) await this.scheduleTick();
    })();
    return this.started;
  }

  ping(): ActorPing {
    return { ok: true, actor: "CellActor", name: this.name };
  }

  private get settings(): Config {
    return config(this.env);
  }

  /** The tick, the reconnect grace and the demand window, on the wall clock at TIME_SCALE. */
  private get timers(): CellTimers {
    return cellTimers(this.settings.timeScale);
  }

  // ---- the driver's socket -------------------------------------------------------

  // Upgrade forwarded by the Worker with TRUSTED headers and ?lat=&lng= (dispatch/admit-driver.ts).
  override async onConnect(connection: DriverSocket, ctx: ConnectionContext): Promise<void> {
    const session = trustedDriver(ctx.request);
    if (!session) return connection.close(CLOSE.unauthenticated, "unauthenticated");
    const { driverId, tokenExp, lat, lng } = session;
    connection.setState({ driverId, tokenExp, lat, lng, lastSeen: Date.now() });
    if (tokenExpired(session, Date.now())) return closeExpired(connection);
    try {
      send(connection, await this.join(session, ctx.request.headers.get(TRUSTED.previousCell), connection));
    } catch (error) {
      log("error", "CellActor.onConnect", { cell: this.name, ...errorFields(error) });
      connection.close(1011, "internal_error");
    }
  }

  // Any driver → server frame: see protocol/driver.ts, DriverClientMessage.
  override async onMessage(connection: DriverSocket, frame: WSMessage): Promise<void> {
    const session = connection.state;
    if (!session) return connection.close(CLOSE.unauthenticated, "unauthenticated");
    if (tokenExpired(session, Date.now())) return closeExpired(connection);
    const parsed = parseDriverMessage(typeof frame === "string" ? frame : new ArrayBuffer(0));
    if (!parsed.ok) return send(connection, [{ type: "error", code: parsed.code, message: parsed.message }]);
    const message = parsed.message;
    const now = Date.now();
    if (message.type === "location") this.locationUpdates++;
    heard(connection, session, message, now);
    const { driverId } = session;
    const command = frameCommand(message, this.name, this.settings.cellRes);
    try {
      const handled = await this.handoffs.whereHeld(
        driverId,
        async () => {
          this.registry.touch(driverId, now);
          send(connection, await this.apply(driverId, command));
          return true;
        },
        // Handed off: relay to the driver's new cell, and keep pointing the app there.
        async (next) => {
          send(connection, await next.relay(driverId, command));
          return false;
        },
        false,
      );
      if (!handled) send(connection, [{ type: "handoff", lat: session.lat, lng: session.lng }]);
    } catch (error) {
      log("error", "CellActor.onMessage", { cell: this.name, type: message.type, ...errorFields(error) });
      send(connection, [{ type: "error", code: "internal_error", message: "That did not work; try again." }]);
    }
  }

  override async onClose(connection: DriverSocket): Promise<void> {
    const driverId = connection.state?.driverId;
    if (!driverId) return;
    // A socket replaced by a newer one closes too; only the driver's last socket makes them away.
    if ([...this.getConnections(driverId)].some((c) => c.id !== connection.id)) return;
    await this.handoffs.turns.run(driverId, () => this.apply(driverId, { type: "close" }).then(() => undefined));
  }

  /** A driver's app connects (`socket`, or HTTP without; one channel per driver, so an older socket closes). */
  private join(session: DriverSession, from: string | null, socket?: Connection): Promise<DriverServerMessage[]> {
    closeReplaced(this.getConnections(session.driverId), socket);
    return this.handoffs.turns.run(session.driverId, async () => {
      // An app reconnecting elsewhere (it died mid-ride, the car moved on) or back here after a
      // handoff brings its offer or ride along: the cell that has the record gives it up.
      const holder = from && from !== this.name ? from : this.handoffs.next(session.driverId);
      if (!this.registry.get(session.driverId) && holder) {
        const moved = await this.env.CELL.getByName(holder).release(session.driverId);
        if (moved) await this.take(moved);
      }
      this.handoffs.settled(session.driverId);
      const messages = await this.apply(session.driverId, { type: "connect", session });
      await this.scheduleTick();
      return messages;
    });
  }

  /** A driver's app without a socket (dispatch/driver-http.ts), answered by driver-http.ts. */
  async http(driverId: string, call: HttpDriverCall): Promise<HttpDriverAnswer> {
    const { registry, handoffs } = this;
    const cell = { here: this.name, cellRes: this.settings.cellRes, registry, turns: handoffs.turns };
    return answerHttp(driverId, call, { ...cell, join: this.join.bind(this), apply: this.apply.bind(this) });
  }

  // ---- the status machine ------------------------------------------------------------

  /** One command through the driver's status machine: store, carry out, and return the messages for the driver. */
  private async apply(driverId: string, command: DriverCommand): Promise<DriverServerMessage[]> {
    const before = this.registry.get(driverId) ?? null;
    const result = step(before, command, Date.now());
    if (result.record && result.record !== before) {
      if (command.type === "location") this.registry.move(result.record);
      else await this.registry.put(result.record);
    }
    const messages = [...result.messages];
    const waitUntil = (work: Promise<unknown>) => this.ctx.waitUntil(work);
    for (const effect of result.effects) {
      if (effect.type === "hand_off") {
        await this.env.CELL.getByName(effect.cell).adopt(effect.record, this.name);
        this.handoffs.left(driverId, effect.cell, Date.now());
        continue;
      }
      const outcome = await callRide(this.env, waitUntil, driverId, effect, { record: result.record, cell: this.name });
      messages.push(...outcome.messages);
      if (outcome.then) messages.push(...(await this.apply(driverId, outcome.then)));
    }
    // Offline, or adopted by the next cell (only once it has the record).
    if (!result.record && before) await this.registry.forget(driverId);
    return messages;
  }

  /**
   * A command from outside the driver's socket (a ride actor, the alarm):
   * applied in the driver's turn here, or passed on to the cell the driver
   * moved to. What it says to the driver goes to their socket here or, if
   * their app has not reconnected after a handoff, to the cell it is still on.
   */
  private async tell(driverId: string, command: DriverCommand): Promise<void> {
    const messages = await this.handoffs.whereHeld(
      driverId,
      () => this.apply(driverId, command),
      (next) => next.relay(driverId, command),
      [],
    );
    if (messages.length === 0) return;
    const from = this.handoffs.cameFrom(driverId);
    if (!sendAll(this.getConnections(driverId), messages) && from) {
      this.ctx.waitUntil(from.deliver(driverId, messages).catch(() => {}));
    }
  }

  /** A record this cell takes over (a handoff, a reconnect from elsewhere): the ride learns where the driver is. */
  private async take(record: DriverRecord, from?: string): Promise<void> {
    this.handoffs.arrived(record.driverId, from);
    await this.registry.put({ ...record, lastSeen: Date.now() });
    const rideId = record.offer?.rideId ?? record.ride?.ride_id;
    if (rideId) await this.env.RIDE.getByName(rideId).driverMoved(record.driverId, this.name);
    await this.scheduleTick();
  }

  // ---- RPC for ride actors and other cells ------------------------------------------

  /** The k nearest drivers (available, by default) within the radius, from memory. */
  async nearest(query: NearestQuery): Promise<FoundDriver[]> {
    return this.registry.index.nearest(query, Date.now() + 50);
  }

  /** Offers a ride to an available, connected driver. False if they cannot take it: a driver holds one offer. */
  async reserve(driverId: string, offer: OfferMessage): Promise<boolean> {
    return this.handoffs.whereHeld(
      driverId,
      async () => {
        const messages = await this.apply(driverId, { type: "reserve", offer });
        sendAll(this.getConnections(driverId), messages);
        return this.registry.get(driverId)?.offer?.rideId === offer.ride_id;
      },
      (next) => next.reserve(driverId, offer),
      false,
    );
  }

  /** Takes back an open offer (it expired, or the ride was cancelled or taken). */
  async withdraw(driverId: string, rideId: string, reason: WithdrawReason): Promise<void> {
    await this.tell(driverId, { type: "withdraw", rideId, reason });
  }

  /** The driver's ride moved on (a step over the socket or HTTP): keep the record and the app in step. */
  async rideUpdate(driverId: string, ride: DriverRideMessage, seq: number): Promise<void> {
    await this.tell(driverId, { type: "ride_update", ride, seq });
  }

  /** The ride ended on the ride's side (cancelled by the rider, an admin or the driver). */
  async rideEnded(driverId: string, rideId: string): Promise<void> {
    await this.tell(driverId, { type: "ride_ended", rideId });
  }

  /** A command for a driver handed off to this cell, from the cell they left; its messages go back there. */
  async relay(driverId: string, command: DriverCommand): Promise<DriverServerMessage[]> {
    // A position is judged by the cell that has the driver now.
    const local: DriverCommand = command.type === "location" ? { ...command, here: this.name } : command;
    return this.handoffs.whereHeld(
      driverId,
      () => this.apply(driverId, local),
      (next) => next.relay(driverId, local),
      [],
    );
  }

  /** Messages for a driver whose record moved on while their socket is still here. */
  async deliver(driverId: string, messages: DriverServerMessage[]): Promise<void> {
    sendAll(this.getConnections(driverId), messages);
  }

  /** The driver's app connected to another cell: close any socket here, give up the record (or have the cell it went to). */
  async release(driverId: string): Promise<DriverRecord | null> {
    closeReplaced(this.getConnections(driverId));
    const giveUp = () => this.registry.giveUp(driverId);
    const record = await this.handoffs.whereHeld(driverId, giveUp, (next) => next.release(driverId), null);
    this.handoffs.settled(driverId);
    return record;
  }

  /** A driver crossing into this cell: their status, offer and ride wait here for the app to reconnect. */
  async adopt(record: DriverRecord, from?: string): Promise<void> {
    // Not in the driver's turn: the cell handing over may hold a turn that waits on this call.
    await this.take(record, from);
  }

  /** Counts an open request in this cell (or stops counting it). */
  async demand(rideId: string, open: boolean): Promise<void> {
    this.requests.set(rideId, open, Date.now() + this.timers.demandTtlMs);
  }

  /** Its available drivers without their ids, and its surge, for the rider's map and estimates (domain/demand.ts). */
  async supply(): Promise<CellSupply> {
    return this.requests.supply(this.name, this.registry.index, Date.now());
  }

  /** The city's live map (city-map.ts) watches this cell until `until`; 0 stops it. */
  async watchMap(city: string, until: number): Promise<void> {
    this.map.watch(city, until);
  }

  /** Connected drivers by status (tests, admin and the benchmark). */
  async stats(): Promise<Record<DriverStatus, number> & { open_requests: number; location_updates: number }> {
    const counts = this.registry.index.counts();
    return { ...counts, open_requests: this.requests.openRequests, location_updates: this.locationUpdates };
  }

  /** A suspended driver's sockets close (user-sockets.ts) and, unless a ride is under way, they go offline. */
  override async closeSuspended(driverId: string): Promise<number> {
    const closed = await super.closeSuspended(driverId);
    if (this.registry.get(driverId)?.status !== "on_ride") await this.tell(driverId, { type: "offline" });
    return closed;
  }

  /** A driver's position and status, connected or not (tests and admin views). */
  async driver(driverId: string): Promise<(LatLng & { status: DriverStatus; connected: boolean }) | null> {
    const r = this.registry.get(driverId);
    return r ? { lat: r.lat, lng: r.lng, status: r.status, connected: r.connected !== false } : null;
  }

  // ---- housekeeping ----------------------------------------------------------------

  /** Every tick (10 s of the city's clock) while drivers are here: expired tokens and idle sockets closed, stale offers and silent drivers dropped, positions flushed (every 10 s of wall clock at most). */
  override async onAlarm(): Promise<void> {
    try {
      const now = Date.now();
      const { offlineAfterMs, tickMs } = this.timers;
      this.handoffs.expire(now, offlineAfterMs);
      sweep(this.getConnections<SocketSession>(), now, offlineAfterMs);
      const tick: DriverCommand = { type: "tick", offerGraceMs: tickMs, offlineAfterMs };
      for (const record of this.registry.all()) await this.tell(record.driverId, tick);
      await this.registry.flush(now);
      if (this.registry.size > 0) await this.ctx.storage.setAlarm(now + tickMs);
    } catch (error) {
      log("error", "CellActor.onAlarm", { cell: this.name, ...errorFields(error) });
    }
  }

  private async scheduleTick(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + this.timers.tickMs);
  }
}
