/**
 * Plausible driver paths: legs between waypoints inside the service area,
 * driven at the city's speed; `positionAt` says where a driver is at any time.
 */
import { haversineMeters, type LatLng, type Polygon, pointInPolygon } from "../../src/domain/geo.ts";
import type { Random } from "./random.ts";

export interface Leg {
  from: LatLng;
  to: LatLng;
  startS: number;
  endS: number;
}

/** A random point inside the polygon (rejection sampling in its bounding box). */
export function randomPointIn(random: Random, area: Polygon): LatLng {
  const ring = area[0] ?? [];
  const lats = ring.map((p) => p.lat);
  const lngs = ring.map((p) => p.lng);
  const [minLat, maxLat, minLng, maxLng] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  for (let i = 0; i < 10_000; i++) {
    const p = { lat: minLat + random() * (maxLat - minLat), lng: minLng + random() * (maxLng - minLng) };
    if (pointInPolygon(p, area)) return p;
  }
  throw new Error("could not place a point inside the area");
}

/** The point `distanceM` from `from` on `bearing` (radians from north): flat-earth, fine at town distances. */
export function offsetPoint(from: LatLng, distanceM: number, bearing: number): LatLng {
  return {
    lat: from.lat + (distanceM * Math.cos(bearing)) / 111_320,
    lng: from.lng + (distanceM * Math.sin(bearing)) / (111_320 * Math.cos((from.lat * Math.PI) / 180)),
  };
}

/** A leg from `from` to `to` starting at `startS`, at `speedKmh`. */
export function leg(from: LatLng, to: LatLng, startS: number, speedKmh: number): Leg {
  const seconds = haversineMeters(from, to) / ((speedKmh * 1000) / 3600);
  return { from, to, startS, endS: startS + seconds };
}

/** Where a driver on this leg is at time `tS` (clamped to the ends), and the heading in degrees. */
export function positionAt(l: Leg, tS: number): LatLng & { heading: number } {
  const span = l.endS - l.startS;
  const f = span <= 0 ? 1 : Math.min(1, Math.max(0, (tS - l.startS) / span));
  const lat = l.from.lat + (l.to.lat - l.from.lat) * f;
  const lng = l.from.lng + (l.to.lng - l.from.lng) * f;
  const y = Math.sin(((l.to.lng - l.from.lng) * Math.PI) / 180) * Math.cos((l.to.lat * Math.PI) / 180);
  const x =
    Math.cos((l.from.lat * Math.PI) / 180) * Math.sin((l.to.lat * Math.PI) / 180) -
    Math.sin((l.from.lat * Math.PI) / 180) *
      Math.cos((l.to.lat * Math.PI) / 180) *
      Math.cos(((l.to.lng - l.from.lng) * Math.PI) / 180);
  const heading = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
  return { lat, lng, heading };
}
