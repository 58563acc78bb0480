/**
 * The dispatch policy of one ride, as pure functions over its state: which
 * circle to search next, which candidate to offer, when to look again, when
 * to give up. The RideActor keeps the state in its storage and carries out
 * the moves (asking cells, reserving a driver); it decides nothing itself.
 *
 * Candidates come from every cell the search circle touches, merged and
 * ordered by the matching policy (domain/matching.ts); one offer at a time,
 * each with a deadline; the circle widens through SEARCH_RADII_M; then the
 * widest circle is searched again with a growing pause (3, 6, then 10 s),
 * until the dispatch window closes and the ride ends as `no_driver`.
 */
import { type Candidate, nearestFirst, SEARCH_RADII_M } from "./matching.ts";
import { wallSpan } from "./time-scale.ts";

/** A candidate and the cell that holds them. */
export type CellCandidate = Candidate & { cell: string };

export interface DispatchState {
  pickupCell: string;
  radiusIndex: number;
  candidates: CellCandidate[];
  /** Drivers already offered this ride (declined, let it expire, gave it back). */
  tried: string[];
  offer: { driverId: string; cell: string; expiresAt: number } | null;
  /** When the search gives up, ms since the epoch. */
  deadline: number;
  retryAt: number | null;
  /** Searches in a row that found nobody; each waits longer before the next (absent in older records). */
  emptyRounds?: number;
  /** The assigned driver's cell as last reported (it follows handoffs). */
  driverCell: string | null;
  detourFactor: number;
  avgSpeedKmh: number;
}

/** Dispatch's spans, already on the wall clock (domain/time-scale.ts). */
export interface DispatchTimers {
  offerTimeoutMs: number;
  windowMs: number;
  /** The first pause before looking again. */
  retryMs: number;
  /** The longest pause between searches that keep finding nobody. */
  retryMaxMs: number;
}

/** Dispatch's pauses on the city's clock, before TIME_SCALE. */
const RETRY_MS = 3_000;
const RETRY_MAX_MS = 10_000;

/** Dispatch's spans on the wall clock: the city's spans divided by TIME_SCALE (domain/time-scale.ts). */
export function dispatchTimers(settings: {
  offerTimeoutMs: number;
  dispatchWindowMs: number;
  timeScale: number;
}): DispatchTimers {
  const wall = (cityMs: number) => Math.round(wallSpan(cityMs, settings.timeScale));
  return {
    offerTimeoutMs: wall(settings.offerTimeoutMs),
    windowMs: wall(settings.dispatchWindowMs),
    retryMs: wall(RETRY_MS),
    retryMaxMs: wall(RETRY_MAX_MS),
  };
}

export type DispatchMove =
  /** An offer is open, or the search is not on: nothing to do. */
  | { type: "idle" }
  /** Ask the cells the circle touches for candidates. */
  | { type: "search"; radiusM: number }
  /** Offer the ride to this candidate until `expiresAt` (the state already records the offer). */
  | { type: "offer"; candidate: CellCandidate; expiresAt: number }
  /** Nobody for now: look again at `state.retryAt`. */
  | { type: "wait" }
  /** The window is over: the ride ends as no_driver. */
  | { type: "give_up" };

export function openDispatch(
  pickupCell: string,
  city: { detourFactor: number; avgSpeedKmh: number },
  now: number,
  timers: DispatchTimers,
): DispatchState {
  return {
    pickupCell,
    radiusIndex: 0,
    candidates: [],
    tried: [],
    offer: null,
    deadline: now + timers.windowMs,
    // Armed from the start: if the first dispatch run is lost, the alarm starts it.
    retryAt: now + timers.retryMs,
    driverCell: null,
    detourFactor: city.detourFactor,
    avgSpeedKmh: city.avgSpeedKmh,
  };
}

/** The next move of a searching ride, and the state that records it. */
export function nextMove(
  d: DispatchState,
  now: number,
  timers: DispatchTimers,
): { state: DispatchState; move: DispatchMove } {
  if (d.offer) return { state: d, move: { type: "idle" } };
  const [candidate, ...rest] = d.candidates;
  if (candidate) {
    const expiresAt = now + timers.offerTimeoutMs;
    // Recorded before the cell delivers it: a quick accept finds it.
    const state = {
      ...d,
      candidates: rest,
      emptyRounds: 0,
      retryAt: null,
      offer: { driverId: candidate.driverId, cell: candidate.cell, expiresAt },
    };
    return { state, move: { type: "offer", candidate, expiresAt } };
  }
  if (d.radiusIndex < SEARCH_RADII_M.length) {
    const radiusM = SEARCH_RADII_M[d.radiusIndex] ?? SEARCH_RADII_M[0];
    return { state: { ...d, radiusIndex: d.radiusIndex + 1 }, move: { type: "search", radiusM } };
  }
  if (now >= d.deadline) return { state: { ...d, retryAt: null }, move: { type: "give_up" } };
  // Nobody yet: look again in a while, in the widest circle only, waiting longer each time. The
  // smaller circles were just empty and candidates are offered nearest first anyway; asking every
  // circle again every 3 s cost each waiting ride about 35 cell calls, which an undersupplied city
  // with a hundred rides waiting could not afford.
  const emptyRounds = (d.emptyRounds ?? 0) + 1;
  const wait = Math.min(timers.retryMaxMs, timers.retryMs * 2 ** (emptyRounds - 1));
  return {
    state: {
      ...d,
      radiusIndex: SEARCH_RADII_M.length - 1,
      emptyRounds,
      retryAt: now + Math.min(wait, Math.max(0, d.deadline - now)),
    },
    move: { type: "wait" },
  };
}

/**
 * The answers of every cell the circle touches, as one list: each driver
 * once, without those already tried or excluded, nearest first.
 */
export function mergeCandidates(
  answers: readonly (readonly CellCandidate[])[],
  excluded: Iterable<string>,
): CellCandidate[] {
  const byId = new Map<string, CellCandidate>();
  for (const answer of answers) for (const c of answer) byId.set(c.driverId, c);
  return nearestFirst([...byId.values()], new Set(excluded)).map((c) => byId.get(c.driverId) as CellCandidate);
}

/** The offered driver declined, or let the offer expire: on to the next, after a short pause at most. */
export function offerLapsed(d: DispatchState, driverId: string, now: number, timers: DispatchTimers): DispatchState {
  if (d.offer?.driverId !== driverId) return d;
  return { ...d, offer: null, tried: [...d.tried, driverId], retryAt: now + timers.retryMs };
}

/** The cell could not deliver the offer (the driver is busy or gone): the next candidate at once. */
export function offerRefused(d: DispatchState, driverId: string): DispatchState {
  return d.offer?.driverId === driverId ? { ...d, offer: null } : d;
}

/** Whether the open offer's deadline has passed. */
export function offerExpired(d: DispatchState, now: number): boolean {
  return d.offer !== null && d.offer.expiresAt <= now;
}

/** The offered driver accepted: the search is over. */
export function assigned(d: DispatchState, cell: string): DispatchState {
  return { ...d, offer: null, candidates: [], retryAt: null, driverCell: cell };
}

/** The assigned driver gave the ride back: search again from the smallest circle, without them. */
export function searchAgain(d: DispatchState, driverId: string, now: number, timers: DispatchTimers): DispatchState {
  return {
    ...d,
    driverCell: null,
    tried: [...d.tried, driverId],
    radiusIndex: 0,
    candidates: [],
    emptyRounds: 0,
    deadline: now + timers.windowMs,
    retryAt: now + timers.retryMs,
  };
}

/** A cell took over the driver holding this ride's offer or assignment: where to reach them now. */
export function driverMoved(d: DispatchState, driverId: string, assigned: boolean, cell: string): DispatchState {
  let next = d;
  if (d.offer?.driverId === driverId) next = { ...next, offer: { ...d.offer, cell } };
  if (assigned) next = { ...next, driverCell: cell };
  return next;
}

/** The ride ended (cancelled): no offer, no search. */
export function stopped(d: DispatchState): DispatchState {
  return { ...d, offer: null, candidates: [], retryAt: null };
}

/** The times the actor's alarm must wake for: the open offer's deadline, the next search. */
export function wakeTimes(d: DispatchState): number[] {
  const times: number[] = [];
  if (d.offer) times.push(d.offer.expiresAt);
  if (d.retryAt !== null) times.push(d.retryAt);
  return times;
}
