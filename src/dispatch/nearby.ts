/**
 * Available drivers near a point, across the cells the search circle
 * touches: what a rider's map shows before they ask for a ride. Read from
 * the cells' supply summaries (at most a second old, see supply.ts): the
 * cell under the point first; the others only if they could hold someone
 * closer than the k-th driver found so far.
 */
import { config } from "../config.ts";
import { cellsNearerThan, cellsTouchingCircle } from "../domain/cells.ts";
import type { LatLng } from "../domain/geo.ts";
import { nearestInSupply, type SupplyPoint } from "../domain/supply.ts";
import { cellSupplies, cellSupply } from "./supply.ts";

export interface NearbyQuery extends LatLng {
  radiusM: number;
  vehicleClass?: string | undefined;
  k: number;
}

export async function nearbyDrivers(env: Env, query: NearbyQuery): Promise<SupplyPoint[]> {
  const [first, ...rest] = cellsTouchingCircle(query, query.radiusM, config(env).cellRes);
  if (!first) return [];
  const found = nearestInSupply([await cellSupply(env, first)], query);
  const kth = found.length >= query.k ? (found[query.k - 1] as SupplyPoint).distanceM : Number.POSITIVE_INFINITY;
  const closer = cellsNearerThan(query, rest, kth);
  if (closer.length === 0) return found;
  return nearestInSupply(await cellSupplies(env, closer), query)
    .concat(found)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, query.k);
}
