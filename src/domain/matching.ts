/**
 * The matching policy: which available drivers a ride is offered to, in
 * which order. Straight-line distance first, then rating, then id (so the
 * order is stable). A policy is a plain function over plain data, so an
 * ETA-based or batched policy can replace it without touching the actors.
 */

export interface Candidate {
  driverId: string;
  vehicleClass: string;
  distanceM: number;
  rating: number;
}

export type MatchingPolicy = (candidates: readonly Candidate[], excluded: ReadonlySet<string>) => Candidate[];

export const nearestFirst: MatchingPolicy = (candidates, excluded) =>
  candidates
    .filter((c) => !excluded.has(c.driverId))
    .sort((a, b) => a.distanceM - b.distanceM || b.rating - a.rating || a.driverId.localeCompare(b.driverId));

/** The search radii dispatch widens through, in metres. */
export const SEARCH_RADII_M = [1_500, 3_000, 5_000, 8_000] as const;
