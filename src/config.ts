/**
 * The platform's settings, read from the Worker's bindings in one place:
 * the actor resolution, the offer timeout and the dispatch window, each with
 * its default. Actors and routes call `config(env)` instead of parsing vars;
 * it parses them once per bindings object.
 */
import { cellRes } from "./domain/cells.ts";
import { timeScaleOf } from "./domain/time-scale.ts";

export interface Settings {
  CELL_RES?: string | undefined;
  OFFER_TIMEOUT_S?: string | undefined;
  DISPATCH_WINDOW_S?: string | undefined;
  TIME_SCALE?: string | undefined;
  ENVIRONMENT?: string | undefined;
}

export interface Config {
  /** H3 resolution of a cell (CELL_RES, default 6). */
  cellRes: number;
  /** How long a driver has to answer an offer, on the city's clock (OFFER_TIMEOUT_S, default 15 s). */
  offerTimeoutMs: number;
  /** How long dispatch keeps looking before a ride ends as no_driver (DISPATCH_WINDOW_S, default 120 s). */
  dispatchWindowMs: number;
  /** The city's clock against the wall clock (TIME_SCALE, default 1; domain/time-scale.ts). */
  timeScale: number;
}

function seconds(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Settings read per bindings object: the Worker's `env` is one object per isolate, so once. */
const read = new WeakMap<Settings, Config>();

export function config(env: Settings): Config {
  let settings = read.get(env);
  if (!settings) {
    settings = parse(env);
    read.set(env, settings);
  }
  return settings;
}

function parse(env: Settings): Config {
  return {
    cellRes: cellRes(env),
    offerTimeoutMs: seconds(env.OFFER_TIMEOUT_S, 15) * 1000,
    dispatchWindowMs: seconds(env.DISPATCH_WINDOW_S, 120) * 1000,
    timeScale: timeScaleOf(env),
  };
}
