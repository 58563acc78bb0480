/**
 * Time compression, for simulations: with the Worker variable TIME_SCALE = N
 * the city's clock runs N times faster than the wall clock. Every duration
 * the platform waits on the city's behalf (an offer's timeout, the dispatch
 * window and its retries, a silent driver's timeout, the cell's tick, the
 * cancellation grace) lasts 1/N as long, and a measured ride duration counts
 * N times as much towards the fare, so a trip priced at N = 4 costs what it
 * would at N = 1. Timers that guard the platform itself (tokens, rate-limit
 * windows, OTP expiry, the outbox's and queue's retries, the cron sweeps, how
 * often the actors write positions) keep the wall clock.
 *
 * Used by the actors (durable-objects/), /health (which shows the scale) and
 * the local scripts (npm start, the simulator), which refuse what this refuses.
 */

/** The fastest the city's clock may run: an offer's 15 s is then a quarter of a second. */
export const MAX_TIME_SCALE = 60;

export type TimeScaleParse = { ok: true; scale: number } | { ok: false; reason: string };

/**
 * TIME_SCALE as configured: unset or empty means 1; otherwise a number from
 * 1 to MAX_TIME_SCALE. Production runs on the wall clock only.
 *
 * @example
 * parseTimeScale("4", "development") // { ok: true, scale: 4 }
 * parseTimeScale("4", "production")  // { ok: false, reason: "…" }
 */
export function parseTimeScale(raw: string | undefined, environment?: string): TimeScaleParse {
  const text = raw?.trim() ?? "";
  if (text === "") return { ok: true, scale: 1 };
  // Plain decimals only: no hex, exponents, "Infinity" or units.
  const scale = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(scale) || scale < 1 || scale > MAX_TIME_SCALE) {
    return { ok: false, reason: `TIME_SCALE must be a number from 1 to ${MAX_TIME_SCALE}, not "${raw}"` };
  }
  if (scale !== 1 && environment === "production") {
    return { ok: false, reason: "TIME_SCALE must be 1 (or unset) in production" };
  }
  return { ok: true, scale };
}

/** A TIME_SCALE that cannot be used: the platform refuses to run its timers on it. */
export class TimeScaleError extends Error {
  readonly code = "invalid_time_scale";
}

/** The configured scale; throws TimeScaleError for a value parseTimeScale refuses. */
export function timeScaleOf(env: { TIME_SCALE?: string | undefined; ENVIRONMENT?: string | undefined }): number {
  const parsed = parseTimeScale(env.TIME_SCALE, env.ENVIRONMENT);
  if (!parsed.ok) throw new TimeScaleError(parsed.reason);
  return parsed.scale;
}

/** A span of the city's clock, as wall-clock time at this scale (same unit). */
export function wallSpan(citySpan: number, scale: number): number {
  return citySpan / scale;
}

/** A span measured on the wall clock, as the city's clock counts it (same unit). */
export function citySpan(wall: number, scale: number): number {
  return wall * scale;
}
