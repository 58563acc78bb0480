/**
 * A cell's supply as others may read it: where its available drivers are
 * (position, heading and class — never who), grouped by the driver index's
 * buckets, with the cell's surge. The CellActor summarises itself into one;
 * the Worker keeps each cell's summary for about a second and answers the
 * rider's map of cars and the estimate's pickup ETAs from it, so those hot
 * reads cost a cell one call per second per isolate instead of one per
 * request. Dispatch never reads a summary: it asks the cells. Pure.
 */
import { cellGeometry } from "./cells.ts";
import { haversineMeters, type LatLng, lowerDistanceFrom } from "./geo.ts";
import { layoutOf } from "./supply-layout.ts";

/** Available drivers in one index bucket, as flat typed arrays (cheap to copy between actors). */
export interface SupplyBucket {
  /** The bucket's H3 cell (the index's resolution). */
  bucket: string;
  /** The bucket's centre and circumradius, so readers need no H3 call. */
  lat: number;
  lng: number;
  radiusM: number;
  /** `lat, lng, heading` per driver; heading is NaN when unknown. */
  points: Float64Array;
  /** Each driver's vehicle class, as an index into `CellSupply.classes`. */
  classes: Uint8Array;
}

export interface CellSupply {
  cell: string;
  /** When the summary was taken, ms since the epoch. */
  at: number;
  surge: number;
  openRequests: number;
  /** Vehicle classes present, referenced by index from the buckets. */
  classes: string[];
  buckets: SupplyBucket[];
}

/** A driver position read from a summary: no identity. */
export interface SupplyPoint extends LatLng {
  vehicleClass: string;
  heading: number | null;
  distanceM: number;
}

/** The driver fields a summary is made from. */
export interface SupplyDriver extends LatLng {
  vehicleClass: string;
  heading?: number | undefined;
}

/**
 * Summarises a cell's available drivers, given bucket by bucket.
 *
 * @example
 * summarizeSupply("86283082fffffff", index.byBucket("available"), { surge: 1.2, openRequests: 3, at: Date.now() })
 */
export function summarizeSupply(
  cell: string,
  groups: Iterable<[bucket: string, drivers: readonly SupplyDriver[]]>,
  meta: { surge: number; openRequests: number; at: number },
): CellSupply {
  const classes: string[] = [];
  const classIndex = new Map<string, number>();
  const buckets: SupplyBucket[] = [];
  for (const [bucket, drivers] of groups) {
    if (drivers.length === 0) continue;
    const points = new Float64Array(drivers.length * 3);
    const kinds = new Uint8Array(drivers.length);
    drivers.forEach((d, i) => {
      let k = classIndex.get(d.vehicleClass);
      if (k === undefined) {
        k = classes.length;
        if (k > 255) throw new Error("a cell summary holds at most 256 vehicle classes");
        classIndex.set(d.vehicleClass, k);
        classes.push(d.vehicleClass);
      }
      points[i * 3] = d.lat;
      points[i * 3 + 1] = d.lng;
      points[i * 3 + 2] = d.heading ?? Number.NaN;
      kinds[i] = k;
    });
    const g = cellGeometry(bucket);
    buckets.push({ bucket, lat: g.lat, lng: g.lng, radiusM: g.radiusM, points, classes: kinds });
  }
  return { cell, ...meta, classes, buckets };
}

/** Distance bands a search widens through: most answers are settled in the first one or two. */
const BANDS_M = [300, 700, 1_500, 3_000, 6_000, 12_000];

/**
 * Visits the buckets that reach within `radiusM` of the point in bands of
 * growing distance, and stops after the band at whose outer edge `settled`
 * says nothing farther can change the answer. A summary or a patch of its
 * buckets (supply-layout.ts) whose circle lies beyond a band is passed over
 * whole. Distances are bounded from below with the flat-earth approximation
 * (less 1 %, far more than its error at city distances), which needs no
 * trigonometry per bucket.
 */
function scanNear(
  supplies: readonly CellSupply[],
  point: LatLng,
  radiusM: number,
  visit: (supply: CellSupply, bucket: SupplyBucket) => void,
  settled: (distanceM: number) => boolean,
): void {
  const near = lowerDistanceFrom(point);
  const lowerBound = (c: { lat: number; lng: number; radiusM: number }) => near(c.lat, c.lng) - c.radiusM;
  const layouts = supplies.map(layoutOf);
  let inner = Number.NEGATIVE_INFINITY;
  for (let b = 0; b <= BANDS_M.length; b++) {
    const outer = Math.min(BANDS_M[b] ?? Number.POSITIVE_INFINITY, radiusM);
    for (let i = 0; i < supplies.length; i++) {
      const layout = layouts[i];
      // Every bucket of a summary (or of a patch) lies at least as far as its circle.
      if (!layout || lowerBound(layout.whole) > outer) continue;
      for (const patch of layout.patches) {
        if (lowerBound(patch) > outer) continue;
        for (const bucket of patch.buckets) {
          const lowerM = lowerBound(bucket);
          if (lowerM > inner && lowerM <= outer) visit(supplies[i] as CellSupply, bucket);
        }
      }
    }
    if (outer >= radiusM || settled(outer)) return;
    inner = outer;
  }
}

/**
 * The `k` nearest available drivers within `radiusM` (of one class, when
 * given), nearest first. The search widens band by band and stops once k
 * are found closer than any bucket not yet read can be.
 */
export function nearestInSupply(
  supplies: readonly CellSupply[],
  query: LatLng & { radiusM: number; k: number; vehicleClass?: string | undefined },
): SupplyPoint[] {
  const found: SupplyPoint[] = [];
  const kth = () => {
    found.sort((a, b) => a.distanceM - b.distanceM);
    if (found.length > query.k) found.length = query.k;
    return found.length < query.k ? Number.POSITIVE_INFINITY : (found[query.k - 1] as SupplyPoint).distanceM;
  };
  scanNear(
    supplies,
    query,
    query.radiusM,
    (supply, bucket) => {
      const wanted = query.vehicleClass === undefined ? -1 : supply.classes.indexOf(query.vehicleClass);
      if (query.vehicleClass !== undefined && wanted < 0) return;
      for (let i = 0; i < bucket.classes.length; i++) {
        const kind = bucket.classes[i] as number;
        if (wanted >= 0 && kind !== wanted) continue;
        const p = { lat: bucket.points[i * 3] as number, lng: bucket.points[i * 3 + 1] as number };
        const distanceM = haversineMeters(query, p);
        if (distanceM > query.radiusM) continue;
        const heading = bucket.points[i * 3 + 2] as number;
        found.push({
          ...p,
          vehicleClass: supply.classes[kind] as string,
          heading: Number.isNaN(heading) ? null : heading,
          distanceM,
        });
      }
    },
    (outer) => kth() <= outer,
  );
  kth();
  return found;
}

/**
 * Straight-line distance from the point to the nearest available driver of
 * each class present within `radiusM`. Stops once every class present in
 * the summaries has a driver closer than any bucket not yet read can be.
 * `found`: distances a search of other summaries already found (the
 * pickup's own cell, read first); only closer drivers change them.
 */
export function nearestByClass(
  supplies: readonly CellSupply[],
  point: LatLng,
  radiusM: number,
  found: ReadonlyMap<string, number> = new Map(),
): Map<string, number> {
  // Written to allocate little: it runs on every estimate.
  const present = new Set(found.keys());
  for (const supply of supplies) for (const vehicleClass of supply.classes) present.add(vehicleClass);
  const best = new Map(found);
  const near = lowerDistanceFrom(point);
  // Each class's best so far, by the current summary's index, refreshed when the summary changes.
  let current: CellSupply | undefined;
  let bests: number[] = [];
  scanNear(
    supplies,
    point,
    radiusM,
    (supply, bucket) => {
      if (supply !== current) {
        current = supply;
        bests = supply.classes.map((c) => best.get(c) ?? Number.POSITIVE_INFINITY);
      }
      // A driver whose lower bound is beyond its class's best (or beyond the radius) cannot
      // change the answer and costs no exact distance.
      for (let i = 0; i < bucket.classes.length; i++) {
        const k = bucket.classes[i] as number;
        const lat = bucket.points[i * 3] as number;
        const lng = bucket.points[i * 3 + 1] as number;
        const bestM = bests[k] as number;
        if (near(lat, lng) > Math.min(bestM, radiusM)) continue;
        const distanceM = haversineMeters(point, { lat, lng });
        if (distanceM <= radiusM && distanceM < bestM) {
          bests[k] = distanceM;
          best.set(supply.classes[k] as string, distanceM);
        }
      }
    },
    (outer) => {
      if (best.size !== present.size) return false;
      for (const m of best.values()) if (m > outer) return false;
      return true;
    },
  );
  return best;
}
