/**
 * What a vehicle class can carry: the heaviest package and the longest trip
 * (seed 001's `max_weight_kg`, `max_distance_km`), and whether a hand with
 * loading is offered. Pure rules over the catalog's rows, used by the
 * estimate (which leaves out the classes that cannot take the trip) and by
 * the ride request (which refuses it with 422 naming the limit), both in
 * dispatch/estimate.ts.
 */

/** A vehicle class's limits, and its load-assist price in this city (null: not offered). */
export interface ClassLimits {
  vehicleClass: string;
  /** 0: carries no goods. */
  maxWeightKg: number;
  /** null: no limit. */
  maxDistanceKm: number | null;
  loadAssistFee: number | null;
}

/** The trip to fit: the road distance, and for a delivery its package's weight and whether it needs a hand. */
export interface Load {
  distanceM: number;
  /** Undefined: not a delivery, or the sender did not say (then weight is not checked). */
  weightKg?: number | undefined;
  loadAssist?: boolean | undefined;
}

/** Why a class cannot take the trip, with the limit it broke. */
export type LoadRefusal =
  | { code: "too_heavy"; vehicleClass: string; maxWeightKg: number }
  | { code: "too_far"; vehicleClass: string; maxDistanceKm: number }
  | { code: "load_assist_not_offered"; vehicleClass: string };

/**
 * What of a request's package the limits and the fare count: a delivery's
 * weight and load assist. A passenger ride's package (if one is sent) is
 * kept as given and counts for neither.
 */
export function packageLoad(
  service: "passenger" | "goods",
  pkg: { weight_kg?: number | undefined; load_assist?: boolean | undefined } | null | undefined,
): Omit<Load, "distanceM"> {
  if (service !== "goods" || !pkg) return {};
  return { weightKg: pkg.weight_kg, loadAssist: pkg.load_assist === true };
}

/** Whether one class takes the trip: weight first, then distance, then load assist. */
export function fits(limits: ClassLimits, load: Load): { ok: true } | { ok: false; refusal: LoadRefusal } {
  const { vehicleClass } = limits;
  if (load.weightKg !== undefined && load.weightKg > limits.maxWeightKg) {
    return { ok: false, refusal: { code: "too_heavy", vehicleClass, maxWeightKg: limits.maxWeightKg } };
  }
  if (limits.maxDistanceKm !== null && load.distanceM > limits.maxDistanceKm * 1000) {
    return { ok: false, refusal: { code: "too_far", vehicleClass, maxDistanceKm: limits.maxDistanceKm } };
  }
  if (load.loadAssist === true && limits.loadAssistFee === null) {
    return { ok: false, refusal: { code: "load_assist_not_offered", vehicleClass } };
  }
  return { ok: true };
}

/**
 * The classes that take the trip, in the order given; when none does, why,
 * told by the most capable class: the one that carries the most, then goes
 * farthest (so a 900 kg load is refused with the largest truck's 750 kg).
 *
 * @example
 * const { fit, refusal } = classesFor(limits, { distanceM: 5200, weightKg: 300 });
 * if (fit.length === 0) throw tooMuch(refusal);
 */
export function classesFor<T extends ClassLimits>(
  classes: readonly T[],
  load: Load,
): { fit: T[]; refusal: LoadRefusal | null } {
  const fit = classes.filter((c) => fits(c, load).ok);
  if (fit.length > 0 || classes.length === 0) return { fit, refusal: null };
  const reach = (c: ClassLimits) => c.maxDistanceKm ?? Number.POSITIVE_INFINITY;
  const best = [...classes].sort((a, b) => b.maxWeightKg - a.maxWeightKg || reach(b) - reach(a))[0] as T;
  const verdict = fits(best, load);
  return { fit, refusal: verdict.ok ? null : verdict.refusal };
}

/** A refusal as a person reads it. */
export function refusalMessage(r: LoadRefusal, className: string): string {
  switch (r.code) {
    case "too_heavy":
      return r.maxWeightKg === 0 ? `${className}: no goods.` : `${className}: packages of at most ${r.maxWeightKg} kg.`;
    case "too_far":
      return `${className}: trips of at most ${r.maxDistanceKm} km.`;
    case "load_assist_not_offered":
      return `${className}: no load assist here.`;
  }
}
