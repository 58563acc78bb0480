/**
 * A simulated driver: a real websocket client (partysocket) on the driver
 * socket. It roams the service area at the city's speed and sends its
 * position every 4 s, answers offers after a human delay, drives accepted
 * rides to the pickup and the drop-off, and reconnects to the next cell when
 * the platform says `handoff`. On a delivery (a ride with stops) it also
 * photographs the pickup and drives drop to drop, delivering each
 * (driver-drops.ts) before the drop-off. All of it in simulated time (SimClock).
 */
import { WebSocket as ReconnectingWebSocket } from "partysocket";
import { haversineMeters, type LatLng } from "../../src/domain/geo.ts";
import { type DriverClientMessage, DriverServerMessage } from "../../src/protocol/driver.ts";
import { humanDelayS, nextWaypoint } from "./behaviour.ts";
import type { SimCity } from "./cities.ts";
import type { ErrorLog, Session } from "./client.ts";
import type { SimClock } from "./clock.ts";
import type { DropCodes } from "./deliveries.ts";
import { type DeliveryCounts, type DoorBehaviour, type DropContext, deliverDrop, takePhoto } from "./driver-drops.ts";
import { type Leg, leg, positionAt } from "./paths.ts";
import type { Random } from "./random.ts";
import { isTerminal, type RideTraces } from "./trace.ts";

/** Simulated milliseconds between two positions a driver's app sends. */
export const POSITION_EVERY_MS = 4000;

export interface DriverBotOptions {
  base: string;
  session: Session;
  city: SimCity;
  random: Random;
  acceptProbability: number;
  /** The simulation's clock: movement, answers and the position cadence run on it. */
  clock: SimClock;
  traces: RideTraces;
  errors: ErrorLog;
  /** Deliveries: the codes recipients read out, what drivers did, how the doorstep goes. */
  codes: DropCodes;
  deliveries: DeliveryCounts;
  door: DoorBehaviour;
}

type Phase = "roaming" | "parked" | "to_pickup" | "at_pickup" | "to_stop" | "at_stop" | "to_dropoff" | "at_dropoff";

interface CurrentRide {
  id: string;
  pickup: LatLng;
  dropoff: LatLng;
  /** A delivery's drops, in order: undefined for a ride without stops, null while they are being read. */
  stops?: LatLng[] | null;
  /** The next stop to deliver. */
  next: number;
  /** Stops the platform has as arrived (read after a step went unanswered): no second arrival. */
  arrived: Set<number>;
  /** Rounds at each stop: a stop whose steps keep going unanswered is left after five. */
  rounds: number[];
  /** The driver heard the trip start (`in_progress`): stop steps are taken after it. */
  started: boolean;
  /** A step over HTTP (a photo, a drop) is under way: the ride waits for it. */
  busy: boolean;
}

export class DriverBot {
  private socket: ReconnectingWebSocket | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private phase: Phase = "roaming";
  private path: Leg;
  private waitUntilS = 0;
  private ride: CurrentRide | null = null;
  private offered = new Set<string>();
  /**
   * The last ride this app completed: a `ride.status` for it that is not
   * terminal is the platform answering an earlier step late (a busy platform
   * can take longer than a short trip), not a ride to take up again, as a
   * driver's app that has shown "trip complete" knows.
   */
  private completed: string | null = null;
  private renewing = false;
  /** How long before its token expires this app renews it: 1.5 to 5 minutes of wall clock. */
  private readonly renewLeadMs: number;
  connected = false;
  handoffs = 0;
  positionsSent = 0;
  refused: string | null = null;

  private readonly o: DriverBotOptions;

  constructor(o: DriverBotOptions) {
    this.o = o;
    this.renewLeadMs = 90_000 + o.random() * 210_000;
    const start = nextWaypoint(o.random, o.city.serviceArea, null);
    this.path = leg(start, start, 0, o.city.avgSpeedKmh);
  }

  /** Simulated seconds since the simulation started. */
  private now(): number {
    return this.o.clock.nowS();
  }

  position(): LatLng & { heading: number } {
    return positionAt(this.path, this.now());
  }

  /** What the bot is doing, for the report on rides left open. */
  describe(): { rideId: string | null; phase: Phase; connected: boolean } {
    return { rideId: this.ride?.id ?? null, phase: this.phase, connected: this.connected };
  }

  start(): void {
    const wsBase = this.o.base.replace(/^http/, "ws");
    this.socket = new ReconnectingWebSocket(
      async () => {
        const p = this.position();
        const token = await this.o.session.token();
        return `${wsBase}/v1/ws/driver?lat=${p.lat.toFixed(6)}&lng=${p.lng.toFixed(6)}&token=${token}`;
      },
      undefined,
      {
        minReconnectionDelay: 100,
        maxReconnectionDelay: 5000,
        // A busy local platform can take seconds to answer an upgrade; giving up early only adds load.
        connectionTimeout: 20_000,
        // A refusal for who the driver is (4403) will not change by retrying.
        shouldReconnectOnClose: (event) => event.code !== 4403,
      },
    );
    this.socket.addEventListener("open", () => {
      this.connected = true;
      this.note("driver socket open");
    });
    this.socket.addEventListener("close", (event) => {
      this.connected = false;
      this.note(`driver socket closed ${event.code} ${event.reason}`);
      if (event.code === 4001) {
        // The access token expired under the open socket: refresh before reconnecting.
        void this.o.session.refresh().catch(() => {});
      } else if (event.code >= 4000) {
        this.o.errors.add(`driver_socket_closed_${event.reason || event.code}`);
        if (event.code === 4403) this.refused = event.reason;
      }
    });
    this.socket.addEventListener("message", (event) => this.onMessage(String(event.data)));
    // Spread the ticks so 500 drivers do not all send in the same millisecond.
    const everyMs = this.o.clock.wallMs(POSITION_EVERY_MS);
    const phase = this.o.random() * everyMs;
    setTimeout(() => {
      if (this.socket) this.timer = setInterval(() => this.tick(), everyMs);
    }, phase);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.socket?.close(1000, "simulation over");
    this.socket = null;
  }

  private send(message: DriverClientMessage): void {
    if (message.type !== "location") this.note(`driver sends ${message.type}`);
    this.socket?.send(JSON.stringify(message));
  }

  /** Writes down what happened to the current ride's trace, to explain a lost position later. */
  private note(what: string): void {
    if (this.ride) this.o.traces.of(this.ride.id).events.push({ at: Date.now(), what });
  }

  private tick(): void {
    // The cell closes a socket whose token has run out, dropping the frame that found out: as apps
    // do, renew the token and reconnect before that, each app at its own moment (drivers who signed
    // in together must not all renew in the same second), and not again while a failure is waited out.
    if (!this.renewing && this.o.session.expiresWithin(this.renewLeadMs) && !this.o.session.backingOff()) {
      this.renewing = true;
      this.note("driver renews its token and reconnects");
      this.o.session
        .refresh()
        .then(() => {
          this.connected = false;
          this.socket?.reconnect();
        })
        .catch(() => {})
        .finally(() => {
          this.renewing = false;
        });
    }
    const t = this.now();
    const arrived = t >= this.path.endS;
    const ride = this.ride;
    if (ride && this.phase === "to_pickup" && arrived) {
      this.phase = "at_pickup";
      this.waitUntilS = t + 20 + this.o.random() * 60;
      this.send({ type: "ride.arrived", ride_id: ride.id });
      // A delivery's parcel is photographed as it is loaded.
      if (ride.stops !== undefined) this.work(ride, (c) => takePhoto(c, "pickup", null));
    } else if (ride && this.phase === "at_pickup" && t >= this.waitUntilS && !ride.busy && ride.stops !== null) {
      this.send({ type: "ride.started", ride_id: ride.id });
      this.driveOn(ride, t);
    } else if (ride && this.phase === "to_stop" && arrived) {
      this.phase = "at_stop";
      const index = ride.next;
      ride.rounds[index] = (ride.rounds[index] ?? 0) + 1;
      void this.work(ride, async (c) => {
        // Stop steps are taken once the trip has started: the app waits to show it.
        for (let waited = 0; !ride.started && waited < 60 && c.current(); waited++) await this.o.clock.sleep(1000);
        await deliverDrop(c, index, ride.arrived.has(index));
      }).then((done) => {
        if (this.ride !== ride) return;
        if (done || (ride.rounds[index] ?? 0) >= 5) {
          ride.next = index + 1;
          this.driveOn(ride, this.now());
        } else {
          // A step went unanswered: read where the stops stand and take the open one from there.
          this.loadStops(ride);
        }
      });
    } else if (ride && this.phase === "to_dropoff" && arrived) {
      this.phase = "at_dropoff";
    } else if (ride && this.phase === "at_dropoff") {
      // A tick without a position: the last one went out a tick ago, so it reached the rider first.
      this.send({ type: "ride.completed", ride_id: ride.id });
      this.completed = ride.id;
      this.ride = null;
      this.phase = "parked";
      this.waitUntilS = t + 30;
      return;
    } else if (!ride && this.phase === "parked" && t >= this.waitUntilS) {
      this.roam(t);
    } else if (!ride && this.phase === "roaming" && arrived) {
      // Half the time a driver waits where they are, as drivers between rides do.
      if (this.o.random() < 0.5) {
        this.phase = "parked";
        this.waitUntilS = t + 60 + this.o.random() * 120;
      } else this.roam(t);
    }
    this.sendPosition();
  }

  /** From the pickup or a drop: to the next drop, or when every drop is done, to the drop-off. */
  private driveOn(ride: CurrentRide, t: number): void {
    const stop = ride.stops?.[ride.next];
    this.phase = stop ? "to_stop" : "to_dropoff";
    this.path = leg(this.position(), stop ?? ride.dropoff, t, this.o.city.avgSpeedKmh);
  }

  /**
   * Work on a delivery over HTTP while the bot keeps driving and reporting
   * its position; the ride waits for it (`busy`). A step the platform refused
   * is counted by the client and the ride goes on.
   */
  private work(ride: CurrentRide, task: (c: DropContext) => Promise<unknown>): Promise<boolean> {
    ride.busy = true;
    const context: DropContext = {
      ...this.o.door,
      session: this.o.session,
      rideId: ride.id,
      random: this.o.random,
      clock: this.o.clock,
      codes: this.o.codes,
      counts: this.o.deliveries,
      current: () => this.ride === ride,
    };
    return task(context)
      .then(
        () => true,
        (error: unknown) => {
          this.note(`driver's delivery step failed: ${error instanceof Error ? error.message : error}`);
          return false;
        },
      )
      .finally(() => {
        ride.busy = false;
      });
  }

  /** A ride with stops: where its drops are, and which is next (the driver's GET /v1/rides/{id}, without codes). */
  private loadStops(ride: CurrentRide): void {
    ride.stops = null;
    ride.busy = true;
    const read = (attempt: number): Promise<void> =>
      this.o.session
        .request("get", "/v1/rides/{id}", { params: { path: { id: ride.id } } })
        .then((view) => {
          ride.stops = view.stops.map((s) => ({ lat: s.lat, lng: s.lng }));
          const open = view.stops.findIndex((s) => s.status !== "completed" && s.status !== "failed");
          ride.next = open === -1 ? view.stops.length : open;
          ride.arrived = new Set(view.stops.filter((s) => s.status === "arrived").map((s) => s.index));
        })
        .catch(async (error: unknown) => {
          if (attempt >= 5 || this.ride !== ride) throw error;
          await new Promise((r) => setTimeout(r, 1000 * attempt));
          return read(attempt + 1);
        });
    read(1)
      .catch(() => {
        // Never read: the driver goes straight to the drop-off (the ride will say stops_pending).
        ride.stops = [];
      })
      .finally(() => {
        ride.busy = false;
        // A ride resumed in progress heads for its next drop once it knows where that is; a drop
        // whose step went unanswered is taken again from where the platform has it.
        const resumed = this.phase === "to_dropoff" && ride.stops?.length;
        if (this.ride === ride && (resumed || this.phase === "at_stop")) this.driveOn(ride, this.now());
      });
  }

  private roam(t: number): void {
    this.phase = "roaming";
    this.path = leg(
      this.position(),
      nextWaypoint(this.o.random, this.o.city.serviceArea, this.position()),
      t,
      this.o.city.avgSpeedKmh,
    );
  }

  private sendPosition(): void {
    if (!this.connected) return;
    const p = this.position();
    const ts = Date.now();
    this.send({ type: "location", lat: p.lat, lng: p.lng, heading: Math.round(p.heading), ts });
    this.positionsSent++;
    if (this.ride) this.o.traces.of(this.ride.id).sent.push(ts);
  }

  private onMessage(data: string) {
    let parsed: ReturnType<typeof DriverServerMessage.safeParse>;
    try {
      parsed = DriverServerMessage.safeParse(JSON.parse(data));
    } catch {
      return this.o.errors.add("driver_socket_malformed_frame");
    }
    if (!parsed.success) return this.o.errors.add("driver_socket_unknown_frame");
    const m = parsed.data;
    switch (m.type) {
      case "offer": {
        const trace = this.o.traces.of(m.ride_id);
        trace.firstOfferAt = Math.min(trace.firstOfferAt ?? Number.POSITIVE_INFINITY, Date.now());
        this.offered.add(m.ride_id);
        const accept = this.o.random() < this.o.acceptProbability;
        const answerAfterS = humanDelayS(this.o.random);
        setTimeout(
          () => {
            if (!this.offered.delete(m.ride_id)) return;
            if (accept && !this.ride) {
              this.o.traces.of(m.ride_id).pickupDistanceM = haversineMeters(this.position(), m.pickup);
              this.send({ type: "offer.accept", ride_id: m.ride_id });
            } else if (this.o.random() < 0.5) this.send({ type: "offer.decline", ride_id: m.ride_id });
            // Otherwise the driver lets it run out, as some do.
          },
          this.o.clock.wallMs(answerAfterS * 1000),
        );
        return;
      }
      case "offer.expired":
        this.offered.delete(m.ride_id);
        return;
      case "ride.status": {
        if (isTerminal(m.status)) return this.endRide(m.ride_id);
        if (this.ride?.id === m.ride_id) {
          if (m.status === "in_progress") this.ride.started = true;
          return;
        }
        if (m.ride_id === this.completed) return;
        // Accepted (or resumed after a reconnect): head for the pickup.
        const ride: CurrentRide = {
          id: m.ride_id,
          pickup: m.pickup,
          dropoff: m.dropoff,
          next: 0,
          arrived: new Set(),
          rounds: [],
          started: m.status === "in_progress",
          busy: false,
        };
        this.ride = ride;
        if (m.stops?.length) this.loadStops(ride);
        this.note(`driver hears ride ${m.status}`);
        const t = this.now();
        if (m.status === "in_progress") {
          this.phase = "to_dropoff";
          this.path = leg(this.position(), m.dropoff, t, this.o.city.avgSpeedKmh);
        } else {
          this.phase = "to_pickup";
          this.path = leg(this.position(), m.pickup, t, this.o.city.avgSpeedKmh);
        }
        return;
      }
      case "ride.cancelled":
        return this.endRide(m.ride_id);
      case "handoff":
        // The position left this cell: connect again, to the cell of where the driver is now.
        this.handoffs++;
        this.note("driver told handoff");
        this.connected = false;
        this.socket?.reconnect();
        return;
      case "error":
        // A completion refused while drops are open: the ride goes on, and its next status is taken up again.
        if (m.code === "stops_pending") this.completed = null;
        this.note(`driver told error ${m.code}`);
        this.o.errors.add(`driver_socket_${m.code}`, m.message);
        return;
      default:
        return;
    }
  }

  private endRide(rideId: string): void {
    if (this.ride?.id !== rideId) return;
    this.ride = null;
    this.phase = "parked";
    this.waitUntilS = this.now() + 10;
    this.path = leg(this.position(), this.position(), this.now(), this.o.city.avgSpeedKmh);
  }
}
