/**
 * Carries out a ride's dispatch policy (domain/dispatch.ts) against the
 * cells: asks the cells a circle touches for candidates, reserves the chosen
 * driver, and runs once at a time (a request during a run makes it run
 * again). The RideActor owns the state; this module only moves it.
 */
import { cellsTouchingCircle } from "../src/domain/cells.ts";
import * as policy from "../src/domain/dispatch.ts";
import type { RideRecord } from "../src/domain/ride.ts";
import { errorFields, log } from "../src/log.ts";
import type { OfferMessage } from "../src/protocol/actors.ts";

/** What the dispatcher needs of its ride actor. */
export interface DispatchHost {
  readonly env: Env;
  readonly rideId: string;
  ride(): RideRecord | null;
  state(): policy.DispatchState | null;
  setState(state: policy.DispatchState): void;
  timers(): policy.DispatchTimers;
  /** The actor resolution (config(env).cellRes). */
  cellRes(): number;
  save(): Promise<void>;
  /** The window closed with nobody found: the ride ends as no_driver. */
  giveUp(): Promise<void>;
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
  };
}

export class Dispatcher {
  private running = false;
  private again = false;
  private readonly host: DispatchHost;

  constructor(host: DispatchHost) {
    this.host = host;
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
      const d = this.host.state();
      if (d && this.host.ride()?.state.status === "searching") {
        this.host.setState({ ...d, retryAt: Date.now() + this.host.timers().retryMs });
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
      const d = host.state();
      if (!r || !d || r.state.status !== "searching") return;
      const { state, move } = policy.nextMove(d, Date.now(), host.timers());
      host.setState(state);
      switch (move.type) {
        case "idle":
          return;
        case "wait":
          return host.save();
        case "give_up":
          return host.giveUp();
        case "search": {
          const answers = await this.askCells(r, move.radiusM);
          const now = host.state();
          const excluded = [...(now?.tried ?? []), ...r.state.excludedDrivers];
          if (now) host.setState({ ...now, candidates: policy.mergeCandidates(answers, excluded) });
          continue;
        }
        case "offer": {
          await host.save();
          const { candidate } = move;
          const cell = host.env.CELL.getByName(candidate.cell);
          if (!(await cell.reserve(candidate.driverId, offerOf(r, move.expiresAt)))) {
            const now = host.state();
            if (now) host.setState(policy.offerRefused(now, candidate.driverId));
            await host.save();
            continue;
          }
          // The ride may have been cancelled while the cell was delivering.
          const after = host.ride();
          const open = after?.state.status === "searching" && host.state()?.offer?.driverId === candidate.driverId;
          const taken = after?.state.status === "driver_assigned" && after.driver?.id === candidate.driverId;
          if (!open && !taken) await cell.withdraw(candidate.driverId, r.id, "cancelled");
          return;
        }
      }
    }
  }

  /** Each cell the circle touches, for its nearest drivers of the ride's class. */
  private askCells(r: RideRecord, radiusM: number): Promise<policy.CellCandidate[][]> {
    const cells = cellsTouchingCircle(r.pickup, radiusM, this.host.cellRes());
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
