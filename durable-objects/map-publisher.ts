/**
 * A CellActor's side of the admins' live map: while a city's map actor
 * (city-map.ts) holds a lease on the cell, the cell pushes what changed —
 * its summary and the moves of its drivers on rides — at most every
 * PUBLISH_MS, and everything again every FULL_MS. Without a lease there is
 * no timer and no work: a cell nobody watches pays nothing for the map.
 */

import type { CellDemand } from "../src/domain/demand.ts";
import type { DriverRecord } from "../src/domain/driver-status.ts";
import {
  emptySent,
  type MapDriverSource,
  type MapSent,
  mapCell,
  mapChanges,
  mapDrivers,
} from "../src/domain/map-summary.ts";
import { errorFields, log } from "../src/log.ts";
import type { MapCell, MapUpdate } from "../src/protocol/admin-map.ts";
import type { DriverRegistry } from "./registry.ts";

/** At most this often a watched cell publishes (wall clock). */
export const PUBLISH_MS = 500;
/** A watched cell resends everything this often, so a map actor that restarted is whole again soon. */
const FULL_MS = 5_000;

/** What the publisher reads from its cell. */
export interface MapSource {
  name(): string;
  /** The cell's summary now (domain/map-summary.ts, `mapCell`). */
  summary(now: number): MapCell;
  drivers(): Iterable<MapDriverSource>;
  /** The city's map actor (a stub of CityMapActor). */
  map(city: string): { publish(update: MapUpdate): Promise<unknown> };
}

/** A cell's drivers as the map reads them: a dot for each on a ride or holding an offer. */
function mapSources(records: Iterable<DriverRecord>): MapDriverSource[] {
  const out: MapDriverSource[] = [];
  for (const r of records) {
    const rideId = r.ride?.ride_id ?? r.offer?.rideId ?? null;
    if (rideId !== null) out.push({ ...r, rideId, connected: r.connected !== false });
  }
  return out;
}

export class MapPublisher {
  /** City → lease end (ms since the epoch). Almost always one city. */
  private readonly leases = new Map<string, number>();
  private readonly sent = new Map<string, MapSent>();
  private readonly fullAt = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly source: MapSource;

  constructor(source: MapSource) {
    this.source = source;
  }

  /** The publisher of a CellActor: its demand's supply summary, its registry's drivers. */
  static forCell(env: Env, name: () => string, demand: CellDemand, registry: DriverRegistry): MapPublisher {
    return new MapPublisher({
      name,
      summary: (now) =>
        mapCell(name(), registry.index.byBucket("available"), {
          surge: demand.surgeNow(now, registry.index.counts().available),
          openRequests: demand.openRequests,
          at: now,
        }),
      drivers: () => mapSources(registry.all()),
      map: (city) => env.MAP.getByName(city),
    });
  }

  /** A city's map watches this cell until `until`; `until` in the past stops it at once. */
  watch(city: string, until: number): void {
    if (until <= Date.now()) {
      this.leases.delete(city);
      this.sent.delete(city);
      this.fullAt.delete(city);
    } else {
      if (!this.leases.has(city)) this.fullAt.set(city, 0);
      this.leases.set(city, until);
    }
    if (this.leases.size === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    } else if (this.leases.size > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => void this.publish(), 0);
    }
  }

  get watched(): boolean {
    return this.leases.size > 0;
  }

  private async publish(): Promise<void> {
    this.timer = undefined;
    const now = Date.now();
    for (const [city, until] of this.leases) if (until <= now) this.watch(city, 0);
    if (this.leases.size === 0) return;
    try {
      const cell = this.source.summary(now);
      const drivers = mapDrivers(this.source.drivers());
      await Promise.all(
        [...this.leases.keys()].map(async (city) => {
          const full = now - (this.fullAt.get(city) ?? 0) >= FULL_MS;
          if (full) this.fullAt.set(city, now);
          const sent = this.sent.get(city) ?? emptySent();
          this.sent.set(city, sent);
          const update = mapChanges(cell, drivers, sent, full);
          if (update) await this.source.map(city).publish(update);
        }),
      );
    } catch (error) {
      log("warn", "CellActor.mapPublish", { cell: this.source.name(), ...errorFields(error) });
    }
    if (this.leases.size > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => void this.publish(), Math.max(0, PUBLISH_MS - (Date.now() - now)));
    }
  }
}
