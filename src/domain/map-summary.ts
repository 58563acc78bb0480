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
import type { CellSupply } from "./supply.ts";

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

/** The cell's summary: available drivers per res-8 hexagon and class (the index's buckets are finer). */
export function mapCell(supply: CellSupply): MapCell {
  const counts = new Map<string, MapHex>();
  for (const bucket of supply.buckets) {
    const h3 = cellToParent(bucket.bucket, MAP_HEX_RES);
    for (const k of bucket.classes) {
      const vehicleClass = supply.classes[k] as string;
      const key = `${h3}/${vehicleClass}`;
      const hex = counts.get(key);
      if (hex) hex.available++;
      else counts.set(key, { h3, vehicle_class: vehicleClass, available: 1 });
    }
  }
  const hexes = [...counts.values()].sort((a, b) => (a.h3 + a.vehicle_class).localeCompare(b.h3 + b.vehicle_class));
  return {
    cell: supply.cell,
    hexes,
    open_requests: supply.openRequests,
    surge: Math.max(1, Math.round(supply.surge * 100) / 100),
    ts: new Date(supply.at).toISOString(),
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
