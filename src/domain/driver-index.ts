/**
 * The in-memory index of a cell's online drivers: a map by id and buckets
 * by a finer H3 cell (INDEX_RES), searched nearest bucket first so a
 * k-nearest query stops as soon as no closer driver can exist. Pure data and
 * h3-js; the CellActor owns one.
 */
import { latLngToCell } from "h3-js";
import { cellGeometry } from "./cells.ts";
import { haversineMeters, type LatLng } from "./geo.ts";
import type { Candidate } from "./matching.ts";

/** H3 resolution of the index buckets (edges of roughly 170–200 m). */
export const INDEX_RES = 9;

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

/** A driver the search found: who, how far, and where (for maps of nearby cars). */
export interface FoundDriver extends Candidate, LatLng {
  heading: number | null;
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
   * Drivers within `radiusM` of the point, nearest first. Occupied buckets
   * are visited in order of how close any point of them can be (centre
   * distance minus the bucket's circumradius); the search stops once `k`
   * are found and the next bucket cannot hold anyone closer, or when
   * `deadline` (ms since the epoch) passes. No H3 call at query time: a
   * cell holds a few hundred buckets at most, each with cached geometry.
   */
  nearest(query: NearestQuery, deadline = Number.POSITIVE_INFINITY): FoundDriver[] {
    const wanted = query.status ?? "available";
    const near: { ids: Set<string>; lowerM: number }[] = [];
    for (const [bucket, ids] of this.buckets) {
      const g = cellGeometry(bucket);
      const lowerM = haversineMeters(query, g) - g.radiusM;
      if (lowerM <= query.radiusM) near.push({ ids, lowerM });
    }
    near.sort((a, b) => a.lowerM - b.lowerM);
    const found: FoundDriver[] = [];
    let sortedUpTo = 0;
    for (const { ids, lowerM } of near) {
      if (found.length >= query.k) {
        if (sortedUpTo !== found.length) {
          found.sort((a, b) => a.distanceM - b.distanceM);
          found.length = query.k;
          sortedUpTo = found.length;
        }
        if (lowerM > (found[query.k - 1]?.distanceM ?? Number.POSITIVE_INFINITY)) break;
      }
      if (Date.now() > deadline) break;
      for (const id of ids) {
        const d = this.drivers.get(id);
        if (!d || d.status !== wanted) continue;
        if (query.vehicleClass && d.vehicleClass !== query.vehicleClass) continue;
        const distanceM = haversineMeters(query, d);
        if (distanceM <= query.radiusM) {
          found.push({
            driverId: d.driverId,
            vehicleClass: d.vehicleClass,
            distanceM,
            rating: d.rating,
            lat: d.lat,
            lng: d.lng,
            heading: d.heading ?? null,
          });
        }
      }
    }
    return found.sort((a, b) => a.distanceM - b.distanceM).slice(0, query.k);
  }

  /** The drivers in `status`, bucket by bucket (for the cell's supply summary). */
  *byBucket(status: DriverStatus): Generator<[bucket: string, drivers: IndexedDriver[]]> {
    for (const [bucket, ids] of this.buckets) {
      const drivers: IndexedDriver[] = [];
      for (const id of ids) {
        const d = this.drivers.get(id);
        if (d?.status === status) drivers.push(d);
      }
      if (drivers.length > 0) yield [bucket, drivers];
    }
  }

  /** Counts drivers by status (for surge and metrics). */
  counts(): Record<DriverStatus, number> {
    const counts: Record<DriverStatus, number> = { available: 0, offered: 0, on_ride: 0, break: 0 };
    for (const d of this.drivers.values()) counts[d.status]++;
    return counts;
  }
}
