/**
 * Cells at the actor resolution (CELL_RES) and which of them a search
 * circle touches: a ride asks exactly those cells for candidates.
 */
import { cellToBoundary, cellToLatLng, gridDisk, latLngToCell } from "h3-js";
import { haversineMeters, type LatLng } from "./geo.ts";

/** An H3 cell id at the actor resolution: an opaque string, never mixed up with other strings. */
export type CellId = string & { readonly __brand: "CellId" };

export function cellOf(point: LatLng, res: number): CellId {
  return latLngToCell(point.lat, point.lng, res) as CellId;
}

/** The farthest a cell's boundary reaches from its centre. */
function circumradiusM(cell: string): number {
  const [lat, lng] = cellToLatLng(cell);
  let max = 0;
  for (const [vLat, vLng] of cellToBoundary(cell))
    max = Math.max(max, haversineMeters({ lat, lng }, { lat: vLat, lng: vLng }));
  return max;
}

/**
 * The cells whose area may lie within `radiusM` of `center` (a cell is kept
 * when its centre is within the radius plus its circumradius), nearest first.
 */
export function cellsTouchingCircle(center: LatLng, radiusM: number, res: number): CellId[] {
  const origin = cellOf(center, res);
  const reach = circumradiusM(origin);
  // Ring k's centres are at least k·√3·(inner radius) away; inner radius ≥ 0.8 × circumradius.
  const k = Math.ceil((radiusM + reach) / (Math.sqrt(3) * 0.8 * reach)) + 1;
  const out: { cell: CellId; d: number }[] = [];
  for (const cell of gridDisk(origin, k)) {
    const [lat, lng] = cellToLatLng(cell);
    const d = haversineMeters(center, { lat, lng });
    if (d - circumradiusM(cell) <= radiusM) out.push({ cell: cell as CellId, d });
  }
  return out.sort((a, b) => a.d - b.d).map((x) => x.cell);
}
