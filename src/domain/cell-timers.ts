/**
 * A cell's spans, as the CellActor waits them on the wall clock: its tick,
 * the reconnect grace after which a silent driver is taken offline, and how
 * long an open request counts as demand. Set on the city's clock and divided
 * by TIME_SCALE (domain/time-scale.ts), as `dispatchTimers` does for a ride.
 * How often it writes its drivers' positions guards the platform (what a
 * restart may lose, the disk's load) and keeps the wall clock.
 */
import { DEMAND_TTL_MS } from "./demand.ts";
import { wallSpan } from "./time-scale.ts";

/** Silence after which a disconnected driver is taken offline (the reconnect grace), on the city's clock. */
const OFFLINE_AFTER_MS = 60_000;
/** How often a cell sweeps its drivers, on the city's clock. */
const TICK_MS = 10_000;
/** How often, at most, a cell writes its drivers' positions, on the wall clock (on a tick). */
export const POSITION_FLUSH_EVERY_MS = 10_000;

/** A cell's spans on the wall clock, in ms. */
export interface CellTimers {
  tickMs: number;
  offlineAfterMs: number;
  demandTtlMs: number;
}

export function cellTimers(timeScale: number): CellTimers {
  const wall = (cityMs: number) => Math.round(wallSpan(cityMs, timeScale));
  return { tickMs: wall(TICK_MS), offlineAfterMs: wall(OFFLINE_AFTER_MS), demandTtlMs: wall(DEMAND_TTL_MS) };
}
