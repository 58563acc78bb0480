/**
 * Surge per cell from live demand and supply: open requests against
 * available drivers, smoothed so one burst does not whip prices, capped by
 * the city, in steps of 0.1.
 */

export interface SurgeInput {
  openRequests: number;
  availableDrivers: number;
  /** The cell's previous smoothed multiplier (1 when none). */
  previous: number;
  cap: number;
}

/** The most a cell's own multiplier reaches; each city caps it lower for its prices (`capSurge`). */
export const SURGE_CEILING = 5;

/** Weight of the newest reading in the moving average. */
const SMOOTHING = 0.3;
/** How strongly excess demand raises the price. */
const SENSITIVITY = 0.5;

export function surgeMultiplier(input: SurgeInput): number {
  const ratio = (input.openRequests + 1) / (input.availableDrivers + 1);
  const raw = 1 + SENSITIVITY * Math.max(0, ratio - 1);
  const smoothed = input.previous * (1 - SMOOTHING) + raw * SMOOTHING;
  const capped = Math.min(Math.max(1, input.cap), Math.max(1, smoothed));
  return Math.round(capped * 10) / 10;
}

/** A cell's multiplier under a city's cap (never below 1). */
export function capSurge(surge: number, cap: number): number {
  return Math.min(Math.max(1, surge), Math.max(1, cap));
}
