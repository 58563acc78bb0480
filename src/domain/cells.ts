/**
 * Cells at the actor resolution (CELL_RES) and which of them a search
 * circle touches: a ride asks exactly those cells for candidates.
 */
import { cellToBoundary, cellToLatLng, gridDisk, latLngToCell, polygonToCells } from "h3-js";
import { haversineMeters, type LatLng, lowerDistanceFrom } from "./geo.ts";

/** An H3 cell id at the actor resolution: an opaque string, never mixed up with other strings. */
export type CellId = string & { readonly __brand: "CellId" };

/** The actor resolution when CELL_RES is not set (res 6 cells are about 36 km²). */
const DEFAULT_CELL_RES = 6;

/** The actor resolution from the CELL_RES setting. */
export function cellRes(settings: { CELL_RES?: string | undefined }): number {
  const res = Number(settings.CELL_RES);
  return Number.isInteger(res) && res >= 0 && res <= 15 ? res : DEFAULT_CELL_RES;
}

export function cellOf(point: LatLng, res: number): CellId {
  return latLngToCell(point.lat, point.lng, res) as CellId;
}

export interface CellGeometry extends LatLng {
  /** The farthest the cell's boundary reaches from its centre, metres. */
  radiusM: number;
}

/** Cells never change shape: their geometry is computed once (h3's boundary call is the costly part). */
const geometryCache = new Map<string, CellGeometry>();
const GEOMETRY_CACHE_MAX = 50_000;

/** A cell's centre and circumradius. */
export function cellGeometry(cell: string): CellGeometry {
  let g = geometryCache.get(cell);
  if (!g) {
    const [lat, lng] = cellToLatLng(cell);
    let radiusM = 0;
    for (const [vLat, vLng] of cellToBoundary(cell)) {
      radiusM = Math.max(radiusM, haversineMeters({ lat, lng }, { lat: vLat, lng: vLng }));
    }
    g = { lat, lng, radiusM };
    if (geometryCache.size >= GEOMETRY_CACHE_MAX) geometryCache.clear();
    geometryCache.set(cell, g);
  }
  return g;
}

/**
 * The cells whose area may lie within `radiusM` of `center` (a cell is kept
 * when its centre is within the radius plus its circumradius, by a lower
 * bound on the distance: geo.ts, lowerDistanceFrom), nearest first.
 * `origin`: the centre's own cell, when the caller has it already.
 */
export function cellsTouchingCircle(
  center: LatLng,
  radiusM: number,
  res: number,
  origin: CellId = cellOf(center, res),
): CellId[] {
  const reach = cellGeometry(origin).radiusM;
  // Ring k's centres are at least k·√3·(inner radius) away; inner radius ≥ 0.8 × circumradius.
  const k = Math.ceil((radiusM + reach) / (Math.sqrt(3) * 0.8 * reach)) + 1;
  const near = lowerDistanceFrom(center);
  const out: { cell: CellId; d: number }[] = [];
  for (const { cell, g } of disk(origin, k)) {
    const d = near(g.lat, g.lng);
    if (d - g.radiusM <= radiusM) out.push({ cell, d });
  }
  return out.sort((a, b) => a.d - b.d).map((x) => x.cell);
}

/**
 * Of `cells`, those that could hold a point nearer to `center` than `bound`
 * metres (a cell's centre distance less its circumradius is under the bound):
 * a search asks only these once it has found something at `bound`.
 *
 * @example
 * const [first, ...rest] = cellsTouchingCircle(at, radiusM, res);
 * const more = cellsNearerThan(at, rest, kthDistanceM); // the cells that could beat the k-th found
 */
export function cellsNearerThan(center: LatLng, cells: readonly CellId[], bound: number): CellId[] {
  const near = lowerDistanceFrom(center);
  return cells.filter((cell) => {
    const g = cellGeometry(cell);
    return near(g.lat, g.lng) - g.radiusM < bound;
  });
}

/** The cells within k rings of a cell, with their geometry; remembered, since hot routes ask for the same few. */
const diskCache = new Map<string, { cell: CellId; g: CellGeometry }[]>();

function disk(origin: CellId, k: number): { cell: CellId; g: CellGeometry }[] {
  const key = `${origin}/${k}`;
  let cells = diskCache.get(key);
  if (!cells) {
    cells = gridDisk(origin, k).map((cell) => ({ cell: cell as CellId, g: cellGeometry(cell) }));
    if (diskCache.size >= 10_000) diskCache.clear();
    diskCache.set(key, cells);
  }
  return cells;
}

/**
 * The cells that hold some of a service area: those whose centre lies in it
 * or that hold a corner, and their neighbours, for the cells its edge only
 * crosses. The admins' live map watches exactly these.
 *
 * @example
 * cellsCovering([[{ lat: 23, lng: 72.5 }, …]], 6)
 */
export function cellsCovering(rings: readonly (readonly LatLng[])[], res: number): CellId[] {
  const inside = polygonToCells(
    rings.map((ring) => ring.map((p) => [p.lat, p.lng])),
    res,
  );
  const corners = rings.flatMap((ring) => ring.map((p) => cellOf(p, res)));
  const all = new Set<string>();
  for (const cell of new Set([...inside, ...corners])) for (const near of gridDisk(cell, 1)) all.add(near);
  return [...all].sort() as CellId[];
}
