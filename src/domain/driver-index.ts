/**
 * The in-memory index of a cell's online drivers: a map by id and buckets
 * by a finer H3 cell (INDEX_RES), searched ring by ring outwards so a
 * k-nearest query stops as soon as no closer driver can exist. Pure data and
 * h3-js; the CellActor owns one.
 */
import { cellToLatLng, gridDisk, gridRingUnsafe, latLngToCell } from "h3-js";
import { haversineMeters, type LatLng } from "./geo.ts";
import type { Candidate } from "./matching.ts";

/** H3 resolution of the index buckets (edges of roughly 170–200 m). */
export const INDEX_RES = 9;

/**
 * A lower bound on the distance from a point in the origin cell to any point
 * of a cell `ring` rings away. With `step` the local centre-to-centre
 * distance, ring centres are at least ring·step·(√3/2) away, and a point lies
 * within step/√3 of its cell's centre (twice: origin and target). 5 % off
 * for the grid's distortion.
 */
function ringLowerBoundM(step: number, ring: number): number {
  return 0.95 * step * ((Math.sqrt(3) / 2) * ring - 2 / Math.sqrt(3));
}

/** The local centre-to-centre distance of the grid around `origin`. */
function localStepM(origin: string): number {
  const [lat, lng] = cellToLatLng(origin);
  const neighbour = ringCells(origin, 1)[0] ?? origin;
  const [nLat, nLng] = cellToLatLng(neighbour);
  return haversineMeters({ lat, lng }, { lat: nLat, lng: nLng });
}

export type DriverStatus = "available" | "offered" | "on_ride" | "break";

export interface IndexedDriver extends LatLng {
  driverId: string;
  vehicleClass: string;
  status: DriverStatus;
  rating: number;
  heading?: number | undefined;
  speed?: number | undefined;
  /** Milliseconds since the epoch of the last message from the driver. */
  lastSeen: number;
}

export interface NearestQuery extends LatLng {
  radiusM: number;
  vehicleClass?: string | undefined;
  k: number;
  /** Only drivers in this status (default `available`). */
  status?: DriverStatus;
}

export class DriverIndex {
  private readonly drivers = new Map<string, IndexedDriver & { bucket: string }>();
  private readonly buckets = new Map<string, Set<string>>();

  get size(): number {
    return this.drivers.size;
  }

  get(driverId: string): IndexedDriver | undefined {
    return this.drivers.get(driverId);
  }

  all(): IterableIterator<IndexedDriver> {
    return this.drivers.values();
  }

  /** Inserts or moves a driver; re-buckets only when the driver changed H3 cell. */
  upsert(driver: IndexedDriver): void {
    const bucket = latLngToCell(driver.lat, driver.lng, INDEX_RES);
    const previous = this.drivers.get(driver.driverId);
    if (previous && previous.bucket !== bucket) this.unbucket(previous.driverId, previous.bucket);
    if (!previous || previous.bucket !== bucket) {
      let set = this.buckets.get(bucket);
      if (!set) {
        set = new Set();
        this.buckets.set(bucket, set);
      }
      set.add(driver.driverId);
    }
    this.drivers.set(driver.driverId, { ...driver, bucket });
  }

  /** Changes fields other than the position (status, rating…). */
  patch(driverId: string, patch: Partial<Omit<IndexedDriver, "driverId" | "lat" | "lng">>): IndexedDriver | undefined {
    const current = this.drivers.get(driverId);
    if (!current) return undefined;
    const next = { ...current, ...patch };
    this.drivers.set(driverId, next);
    return next;
  }

  remove(driverId: string): void {
    const current = this.drivers.get(driverId);
    if (!current) return;
    this.unbucket(driverId, current.bucket);
    this.drivers.delete(driverId);
  }

  private unbucket(driverId: string, bucket: string): void {
    const set = this.buckets.get(bucket);
    set?.delete(driverId);
    if (set && set.size === 0) this.buckets.delete(bucket);
  }

  /**
   * Drivers within `radiusM` of the point, ring by ring outwards. Stops
   * early once `k` are found and the next ring cannot hold anyone closer,
   * or when `deadline` (ms since the epoch) passes.
   */
  nearest(query: NearestQuery, deadline = Number.POSITIVE_INFINITY): Candidate[] {
    const wanted = query.status ?? "available";
    const origin = latLngToCell(query.lat, query.lng, INDEX_RES);
    const step = localStepM(origin);
    let maxRing = 1;
    while (ringLowerBoundM(step, maxRing) <= query.radiusM) maxRing++;
    const found: Candidate[] = [];
    for (let ring = 0; ring <= maxRing; ring++) {
      if (ring > 1 && found.length >= query.k) {
        found.sort((a, b) => a.distanceM - b.distanceM);
        const kth = found[query.k - 1]?.distanceM ?? Number.POSITIVE_INFINITY;
        if (ringLowerBoundM(step, ring) > kth) break;
      }
      if (Date.now() > deadline) break;
      for (const cell of ringCells(origin, ring)) {
        const ids = this.buckets.get(cell);
        if (!ids) continue;
        for (const id of ids) {
          const d = this.drivers.get(id);
          if (!d || d.status !== wanted) continue;
          if (query.vehicleClass && d.vehicleClass !== query.vehicleClass) continue;
          const distanceM = haversineMeters(query, d);
          if (distanceM <= query.radiusM) {
            found.push({ driverId: d.driverId, vehicleClass: d.vehicleClass, distanceM, rating: d.rating });
          }
        }
      }
    }
    return found.sort((a, b) => a.distanceM - b.distanceM).slice(0, query.k);
  }

  /** Counts drivers by status (for surge and metrics). */
  counts(): Record<DriverStatus, number> {
    const counts: Record<DriverStatus, number> = { available: 0, offered: 0, on_ride: 0, break: 0 };
    for (const d of this.drivers.values()) counts[d.status]++;
    return counts;
  }
}

function ringCells(origin: string, ring: number): string[] {
  if (ring === 0) return [origin];
  try {
    return gridRingUnsafe(origin, ring);
  } catch {
    // Near a pentagon the fast ring fails; the disk minus the inner disk is the ring.
    const inner = new Set(gridDisk(origin, ring - 1));
    return gridDisk(origin, ring).filter((c) => !inner.has(c));
  }
}
