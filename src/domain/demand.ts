/**
 * A cell's demand: the open requests it counts (each for a while unless
 * renewed) and its surge, smoothed once per step whatever the number of
 * readers — smoothing per read would let a burst of estimates move the price.
 * Pure: the caller passes the clock.
 */
import type { DriverIndex } from "./driver-index.ts";
import { type CellSupply, summarizeSupply } from "./supply.ts";
import { SURGE_CEILING, surgeMultiplier } from "./surge.ts";

/** How long an open request counts towards demand without being renewed, on the city's clock. */
export const DEMAND_TTL_MS = 5 * 60_000;
/** How often the surge's moving average takes a new reading (wall clock). */
const SURGE_STEP_MS = 1_000;
/** How long a supply summary is handed out again before it is taken afresh (wall clock). */
export const SUPPLY_REUSE_MS = 250;

export class CellDemand {
  private readonly open = new Map<string, number>();
  private surge = 1;
  private surgeAt = Number.NEGATIVE_INFINITY;
  private lastSupply: CellSupply | undefined;

  /** Counts an open request until `until` (ms since the epoch), or stops counting it. */
  set(rideId: string, open: boolean, until: number): void {
    if (open) this.open.set(rideId, until);
    else this.open.delete(rideId);
  }

  get openRequests(): number {
    return this.open.size;
  }

  /** The smoothed multiplier, up to SURGE_CEILING; each city caps it for its own prices (`capSurge`). */
  surgeNow(now: number, availableDrivers: number): number {
    if (now - this.surgeAt < SURGE_STEP_MS) return this.surge;
    for (const [id, until] of this.open) if (until < now) this.open.delete(id);
    this.surge = surgeMultiplier({
      openRequests: this.open.size,
      availableDrivers,
      previous: this.surge,
      cap: SURGE_CEILING,
    });
    this.surgeAt = now;
    return this.surge;
  }

  /**
   * What the cell offers readers outside dispatch (the rider's map, the
   * estimate's ETAs and surge): its available drivers without their ids, and
   * its surge. Reused for SUPPLY_REUSE_MS, so many isolates asking at once
   * cost one pass over the drivers.
   */
  supply(cell: string, index: DriverIndex, now: number): CellSupply {
    if (this.lastSupply && now - this.lastSupply.at < SUPPLY_REUSE_MS) return this.lastSupply;
    const surge = this.surgeNow(now, index.counts().available);
    this.lastSupply = summarizeSupply(cell, index.byBucket("available"), {
      surge,
      openRequests: this.open.size,
      at: now,
    });
    return this.lastSupply;
  }
}
