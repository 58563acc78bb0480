/**
 * What a cell shows on the admins' live map, and what changed since it last
 * showed it: its supply regrouped into res-8 hexagons per vehicle class, and
 * the drivers on rides or holding an offer. Used by the cells' publisher
 * (durable-objects/map-publisher.ts). Pure.
 */
import { cellToParent } from "h3-js";
import type { MapCell, MapDriver, MapHex, MapUpdate } from "../protocol/admin-map.ts";
import { MAP_HEX_RES } from "../protocol/admin-map.ts";
import type { DriverStatus } from "./driver-index.ts";

/** A driver as the map needs them. */
export interface MapDriverSource {
  driverId: string;
  vehicleClass: string;
  status: DriverStatus;
  lat: number;
  lng: number;
  heading?: number | undefined;
  lastSeen: number;
  rideId: string | null;
  connected: boolean;
}

/** Res-9 index bucket → its res-8 hexagon: buckets never change parent, and h3's call is the costly part. */
const parents = new Map<string, string>();
const PARENTS_MAX = 50_000;

function hexOf(bucket: string): string {
  let h3 = parents.get(bucket);
  if (h3 === undefined) {
    h3 = cellToParent(bucket, MAP_HEX_RES);
    if (parents.size >= PARENTS_MAX) parents.clear();
    parents.set(bucket, h3);
  }
  return h3;
}

/**
 * The cell's summary: available drivers per res-8 hexagon and class, from
 * the driver index's finer buckets, with the cell's demand and surge.
 *
 * @example
 * mapCell(cell, index.byBucket("available"), { surge: 1.2, openRequests: 3, at: Date.now() })
 */
export function mapCell(
  cell: string,
  groups: Iterable<[bucket: string, drivers: readonly { vehicleClass: string }[]]>,
  meta: { surge: number; openRequests: number; at: number },
): MapCell {
  const counts = new Map<string, Map<string, number>>();
  for (const [bucket, drivers] of groups) {
    const h3 = hexOf(bucket);
    let perClass = counts.get(h3);
    if (!perClass) {
      perClass = new Map();
      counts.set(h3, perClass);
    }
    for (const d of drivers) perClass.set(d.vehicleClass, (perClass.get(d.vehicleClass) ?? 0) + 1);
  }
  const hexes: MapHex[] = [];
  for (const h3 of [...counts.keys()].sort()) {
    const perClass = counts.get(h3) as Map<string, number>;
    for (const vehicleClass of [...perClass.keys()].sort()) {
      hexes.push({ h3, vehicle_class: vehicleClass, available: perClass.get(vehicleClass) as number });
    }
  }
  return {
    cell,
    hexes,
    open_requests: meta.openRequests,
    surge: Math.max(1, Math.round(meta.surge * 100) / 100),
    ts: new Date(meta.at).toISOString(),
  };
}

/** The drivers the map shows as dots: connected, on a ride or holding an offer. */
export function mapDrivers(drivers: Iterable<MapDriverSource>): MapDriver[] {
  const shown: MapDriver[] = [];
  for (const d of drivers) {
    if (!d.connected || d.rideId === null) continue;
    const heading = d.heading === undefined || Number.isNaN(d.heading) ? null : ((d.heading % 360) + 360) % 360;
    shown.push({
      driver_id: d.driverId,
      ride_id: d.rideId,
      status: d.status,
      vehicle_class: d.vehicleClass,
      lat: d.lat,
      lng: d.lng,
      heading,
      ts: new Date(d.lastSeen).toISOString(),
    });
  }
  return shown;
}

/** What was last sent, to send only what changed. */
export interface MapSent {
  cell: string;
  drivers: Map<string, string>;
}

export function emptySent(): MapSent {
  return { cell: "", drivers: new Map() };
}

/**
 * The update to publish, or null when nothing changed. `full` resends
 * everything (a map actor that restarted has lost what it had).
 *
 * @example
 * const update = mapChanges(mapCell(supply), mapDrivers(records), sent, false);
 */
export function mapChanges(cell: MapCell, drivers: MapDriver[], sent: MapSent, full: boolean): MapUpdate | null {
  const { ts: _ts, ...cellShape } = cell;
  const cellKey = JSON.stringify(cellShape);
  const changedCell = full || cellKey !== sent.cell ? cell : null;
  sent.cell = cellKey;
  const moved: MapDriver[] = [];
  const now = new Map<string, string>();
  for (const d of drivers) {
    const key = `${d.lat},${d.lng},${d.heading},${d.status},${d.ride_id}`;
    now.set(d.driver_id, key);
    if (full || sent.drivers.get(d.driver_id) !== key) moved.push(d);
  }
  const gone = [...sent.drivers.keys()].filter((id) => !now.has(id));
  sent.drivers = now;
  if (!changedCell && moved.length === 0 && gone.length === 0) return null;
  return { from: cell.cell, cell: changedCell, drivers: moved, gone };
}
