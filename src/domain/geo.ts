/**
 * Points and shapes on the wire and in the domain (WGS 84). Pure: used by
 * routes, actors, the database codec and the simulator alike.
 */

/** A point on the wire: `{ lat, lng }` in degrees, WGS 84. */
export interface LatLng {
  lat: number;
  lng: number;
}

/** A polygon as rings of points; the first ring is the outer boundary, closed (first = last). */
export type Polygon = LatLng[][];

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres between two points (haversine). */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLng = (b.lng - a.lng) * toRad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

/**
 * A lower bound on the distance from `from` to other points, in metres: the
 * flat-earth distance less 1 %, far more than its error at city distances.
 * No trigonometry per point, so a search can bound thousands of points and
 * work out the exact distance only for those that could matter.
 *
 * @example
 * const near = lowerDistanceFrom(pickup);
 * if (near(d.lat, d.lng) > bestM) continue; // d cannot beat the best
 */
export function lowerDistanceFrom(from: LatLng): (lat: number, lng: number) => number {
  const toRad = Math.PI / 180;
  const kx = Math.cos(from.lat * toRad) * toRad * EARTH_RADIUS_M;
  const ky = toRad * EARTH_RADIUS_M;
  return (lat, lng) => {
    const dx = (lng - from.lng) * kx;
    const dy = (lat - from.lat) * ky;
    return Math.sqrt(dx * dx + dy * dy) * 0.99;
  };
}

/** True when `p` lies inside the polygon's outer ring and outside its holes (ray casting). */
export function pointInPolygon(p: LatLng, polygon: Polygon): boolean {
  const [outer, ...holes] = polygon;
  if (!outer || !inRing(p, outer)) return false;
  return !holes.some((hole) => inRing(p, hole));
}

function inRing(p: LatLng, ring: LatLng[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i] as LatLng;
    const b = ring[j] as LatLng;
    if (a.lat > p.lat !== b.lat > p.lat) {
      const lngAtLat = ((b.lng - a.lng) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lng;
      if (p.lng < lngAtLat) inside = !inside;
    }
  }
  return inside;
}
