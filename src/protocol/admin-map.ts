/**
 * The admins' live map of a city (`GET /v1/ws/admin/map?city=`), server →
 * admin, zod-checked like the other sockets: the CityMapActor sends them,
 * the cells' publisher builds them, the console and the tests parse them.
 * Admins send nothing on this socket; a frame from them is answered with
 * `error`.
 *
 * On connect: one `map.snapshot` (the city's service area, every cell's last
 * summary, the drivers on rides); then `map.cell` as a cell's supply, demand
 * or surge changes (at most every ~500 ms a cell), `map.driver` as a driver
 * on a ride moves, and `map.driver.gone` when they leave the map.
 */
import { z } from "zod";
import { Instant, Lat, Lng } from "./wire.ts";

/** The H3 resolution of the map's hexagons (res 8 ≈ 0.74 km²). */
export const MAP_HEX_RES = 8;

/** Available drivers of one vehicle class in one res-8 hexagon. */
export const MapHex = z.object({
  h3: z.string(),
  vehicle_class: z.string(),
  available: z.number().int().nonnegative(),
});
export type MapHex = z.infer<typeof MapHex>;

/** One actor cell's summary: its hexagons' supply, its open requests and its surge. */
export const MapCell = z.object({
  cell: z.string(),
  hexes: z.array(MapHex),
  open_requests: z.number().int().nonnegative(),
  surge: z.number().min(1),
  ts: Instant,
});
export type MapCell = z.infer<typeof MapCell>;

/** A driver on a ride (or holding an offer), where they are now. */
export const MapDriver = z.object({
  driver_id: z.string(),
  ride_id: z.string().nullable(),
  status: z.enum(["available", "offered", "on_ride", "break"]),
  vehicle_class: z.string(),
  lat: Lat,
  lng: Lng,
  heading: z.number().min(0).max(360).nullable(),
  ts: Instant,
});
export type MapDriver = z.infer<typeof MapDriver>;

/** The city as the map draws it: its service area is the base layer. */
export const MapCity = z.object({
  id: z.string(),
  name: z.string(),
  /** GeoJSON polygon rings ([lng, lat] pairs), as GET /v1/cities/{id} has it. */
  service_area: z.array(z.array(z.tuple([z.number(), z.number()]))),
});
export type MapCity = z.infer<typeof MapCity>;

/** server → admin */
export const MapServerMessage = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("map.snapshot"),
    city: MapCity,
    cells: z.array(MapCell),
    drivers: z.array(MapDriver),
    ts: Instant,
  }),
  MapCell.extend({ type: z.literal("map.cell") }),
  MapDriver.extend({ type: z.literal("map.driver") }),
  z.object({ type: z.literal("map.driver.gone"), driver_id: z.string(), ts: Instant }),
  z.object({ type: z.literal("error"), code: z.string(), message: z.string() }),
]);
export type MapServerMessage = z.infer<typeof MapServerMessage>;

/** What a cell publishes to its city's map at once: its summary and its drivers' moves. */
export interface MapUpdate {
  /** The publishing cell. */
  from: string;
  cell: MapCell | null;
  drivers: MapDriver[];
  gone: string[];
}

/** Parses one frame of the map socket (console, tests). */
export function parseMapMessage(frame: string): MapServerMessage | null {
  try {
    const parsed = MapServerMessage.safeParse(JSON.parse(frame));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
