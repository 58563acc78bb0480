/**
 * A ride's dispatch, carried out against the cells. The dispatcher owns the
 * ride's dispatch state and moves it only by the policy (domain/dispatch.ts):
 * it asks the cells a circle touches for candidates, reserves the chosen
 * driver, takes back an offer that lapsed, and runs once at a time (a request
 * during a run makes it run again). The RideActor tells it what happened to
 * the ride (accepted, declined, given back, cancelled, the driver moved) and
 * stores its state with the ride (ride-store.ts).
 */
import { config } from "../src/config.ts";
import { cellsTouchingCircle } from "../src/domain/cells.ts";
import * as policy from "../src/domain/dispatch.ts";
import type { RideRecord } from "../src/domain/ride.ts";
import { errorFields, log } from "../src/log.ts";
import type { OfferMessage } from "../src/protocol/actors.ts";
import type { RideCells } from "./ride-cells.ts";

/** What the dispatcher needs of its ride actor. */
export interface DispatchHost {
  readonly env: Env;
  readonly rideId: string;
  /** The calls to cells that nothing waits for. */
  readonly cells: RideCells;
  /** The ride being dispatched; null before it is opened. */
  ride(): RideRecord | null;
  /** Writes the ride with the dispatch state, and sets the alarm. */
  save(): Promise<void>;
  /** The window closed with nobody found: the ride ends as no_driver. */
  giveUp(): Promise<void>;
  waitUntil(work: Promise<unknown>): void;
}

/** The offer a driver's app shows. */
function offerOf(r: RideRecord, expiresAt: number): OfferMessage {
  return {
    type: "offer",
    ride_id: r.id,
    service: r.service,
    pickup: { lat: r.pickup.lat, lng: r.pickup.lng },
    dropoff: { lat: r.dropoff.lat, lng: r.dropoff.lng },
    fare: r.estimate.total,
    expires_at: new Date(expiresAt).toISOString(),
    ...(r.orderNumber ? { order_number: r.orderNumber } : {}),
    ...(r.riderRating ? { rider_rating: r.riderRating } : {}),
  };
}

export class Dispatcher {
  private current: policy.DispatchState | null = null;
  private running = false;
  private again = false;
  private readonly host: DispatchHost;
  private dispatchTimers: policy.DispatchTimers | undefined;

  constructor(host: DispatchHost) {
    this.host = host;
  }

  // Read on first use, not in the constructor: a bad setting fails the dispatch, not every RPC.
  private get timers(): policy.DispatchTimers {
    this.dispatchTimers ??= policy.dispatchTimers(config(this.host.env));
    return this.dispatchTimers;
  }

  /** The state as it stands, for storage and for reading; null before the ride is opened. */
  get state(): policy.DispatchState | null {
    return this.current;
  }

  /** The state as stored (the actor's start-up). */
  restore(state: policy.DispatchState | null): void {
    this.current = state;
  }

  /** A new ride: the search starts from its pickup cell. */
  open(pickupCell: string, city: { detourFactor: number; avgSpeedKmh: number }, now: number): void {
    this.current = policy.openDispatch(pickupCell, city, now, this.timers);
  }

  /** The alarm wakes the ride at `at`: a booked ride's dispatch time, or its next try (ride-schedule.ts). */
  wakeAt(at: number): void {
    if (this.current) this.current = { ...this.current, retryAt: at };
  }

  /** A booked ride's time has come: the search starts afresh from its pickup cell, its window from `now`. */
  startNow(now: number): void {
    const d = this.current;
    if (d) this.open(d.pickupCell, { detourFactor: d.detourFactor, avgSpeedKmh: d.avgSpeedKmh }, now);
  }

  /** Counts the ride as an open request in its pickup cell, or stops counting it. */
  demand(open: boolean): void {
    if (this.current) this.host.cells.demand(this.current.pickupCell, open);
  }

  /** The offered driver accepted, from `cell`: the search is over. */
  accepted(cell: string): void {
    if (this.current) this.current = policy.assigned(this.current, cell);
  }

  /** The offered driver declined: on to the next candidate. */
  async declined(driverId: string): Promise<void> {
    const d = this.current;
    if (!d || d.offer?.driverId !== driverId) return;
    this.current = policy.offerLapsed(d, driverId, Date.now(), this.timers);
    await this.host.save();
    this.resume();
  }

  /** The assigned driver gave the ride back: the search starts again, without them. */
  searchAgain(driverId: string): void {
    if (this.current) this.current = policy.searchAgain(this.current, driverId, Date.now(), this.timers);
  }

  /** The ride was cancelled: no offer, no search. Returns the offer that was open, to take back. */
  stop(): { driverId: string; cell: string } | null {
    const offered = this.current?.offer ?? null;
    if (this.current) this.current = policy.stopped(this.current);
    return offered;
  }

  /** A cell took over the driver holding this ride's offer or assignment. */
  async driverMoved(driverId: string, cell: string): Promise<void> {
    const d = this.current;
    if (!d) return;
    this.current = policy.driverMoved(d, driverId, this.host.ride()?.driver?.id === driverId, cell);
    await this.host.save();
  }

  /** The cell that holds the ride's assigned driver, if `driverId` is them. */
  driverCell(driverId: string): string | null {
    return this.host.ride()?.driver?.id === driverId ? (this.current?.driverCell ?? null) : null;
  }

  /** The alarm: an offer past its deadline lapses and is taken back, and a search that is due runs. */
  async wake(now: number): Promise<void> {
    const d = this.current;
    const r = this.host.ride();
    if (r && d?.offer && policy.offerExpired(d, now) && r.state.status === "searching") {
      const expired = d.offer;
      this.current = policy.offerLapsed(d, expired.driverId, now, this.timers);
      await this.host.save();
      this.host.cells.withdraw(expired, "expired");
    }
    const retryAt = this.current?.retryAt;
    if (this.current && retryAt != null && retryAt <= now) this.current = { ...this.current, retryAt: null };
    await this.run();
  }

  /** Runs the moves in the background: the caller's answer does not wait for the search. */
  resume(): void {
    this.host.waitUntil(this.run());
  }

  /** Runs the moves until the ride waits (an open offer, a pause, the end). */
  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.steps();
      } while (this.again);
    } catch (error) {
      log("error", "RideActor.dispatch", { ride: this.host.rideId, ...errorFields(error) });
      const d = this.current;
      if (d && this.host.ride()?.state.status === "searching") {
        this.current = { ...d, retryAt: Date.now() + this.timers.retryMs };
        await this.host.save();
      }
    } finally {
      this.running = false;
    }
  }

  private async steps(): Promise<void> {
    const host = this.host;
    for (;;) {
      const r = host.ride();
      const d = this.current;
      if (!r || !d || r.state.status !== "searching") return;
      const { state, move } = policy.nextMove(d, Date.now(), this.timers);
      this.current = state;
      switch (move.type) {
        case "idle":
          return;
        case "wait":
          return host.save();
        case "give_up":
          return host.giveUp();
        case "search": {
          const answers = await this.askCells(r, move.radiusM);
          const now = this.current;
          const excluded = [...(now?.tried ?? []), ...r.state.excludedDrivers];
          if (now) this.current = { ...now, candidates: policy.mergeCandidates(answers, excluded) };
          continue;
        }
        case "offer": {
          await host.save();
          const { candidate } = move;
          const cell = host.env.CELL.getByName(candidate.cell);
          if (!(await cell.reserve(candidate.driverId, offerOf(r, move.expiresAt)))) {
            const now = this.current;
            if (now) this.current = policy.offerRefused(now, candidate.driverId);
            await host.save();
            continue;
          }
          // The ride may have been cancelled while the cell was delivering.
          const after = host.ride();
          const open = after?.state.status === "searching" && this.current?.offer?.driverId === candidate.driverId;
          const taken = after?.state.status === "driver_assigned" && after.driver?.id === candidate.driverId;
          if (!open && !taken) await cell.withdraw(candidate.driverId, r.id, "cancelled");
          return;
        }
      }
    }
  }

  /** Each cell the circle touches, for its nearest drivers of the ride's class. */
  private askCells(r: RideRecord, radiusM: number): Promise<policy.CellCandidate[][]> {
    const cells = cellsTouchingCircle(r.pickup, radiusM, config(this.host.env).cellRes);
    const query = { lat: r.pickup.lat, lng: r.pickup.lng, radiusM, vehicleClass: r.vehicleClass, k: 10 };
    return Promise.all(
      cells.map((cell) =>
        this.host.env.CELL.getByName(cell)
          .nearest(query)
          .then((found) => found.map((c) => ({ ...c, cell })))
          .catch((error: unknown) => {
            log("warn", "RideActor.nearest", { ride: r.id, cell, ...errorFields(error) });
            return [];
          }),
      ),
    );
  }
}
