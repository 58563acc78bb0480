/**
 * Available drivers near a point, across the cells the search circle
 * touches: what a rider's map shows before they ask for a ride. The cell
 * under the point answers first; the others are asked (together) only if
 * they could hold someone closer than the k-th driver found so far.
 */
import { cellGeometry, cellsTouchingCircle } from "../domain/cells.ts";
import type { FoundDriver } from "../domain/driver-index.ts";
import { haversineMeters, type LatLng } from "../domain/geo.ts";
import type { Env } from "../env.ts";

export interface NearbyQuery extends LatLng {
  radiusM: number;
  vehicleClass?: string | undefined;
  k: number;
}

export async function nearbyDrivers(env: Env, query: NearbyQuery): Promise<FoundDriver[]> {
  const res = Number(env.CELL_RES) || 6;
  const [first, ...rest] = cellsTouchingCircle(query, query.radiusM, res);
  if (!first) return [];
  const ask = (cell: string) => env.CELL.getByName(cell).nearest(query);
  const found = await ask(first);
  const kth =
    found.length >= query.k ? (found[query.k - 1]?.distanceM ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
  const closer = rest.filter((cell) => {
    const g = cellGeometry(cell);
    return haversineMeters(query, g) - g.radiusM < kth;
  });
  const more = await Promise.all(closer.map(ask));
  return found
    .concat(...more)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, query.k);
}
