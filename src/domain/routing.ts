/**
 * Distance and duration of a trip. The default estimates from the map alone:
 * great-circle distance times the city's detour factor, at the city's
 * average speed. A real routing provider can implement `Router` later.
 */
import { haversineMeters, type LatLng } from "./geo.ts";

export interface Route {
  distanceM: number;
  durationS: number;
}

export interface Router {
  /** The route through `points` in order (pickup, stops…, drop-off). */
  route(points: readonly LatLng[]): Promise<Route>;
}

export function greatCircleRouter(city: { detourFactor: number; avgSpeedKmh: number }): Router {
  return {
    async route(points) {
      let straight = 0;
      for (let i = 1; i < points.length; i++) {
        straight += haversineMeters(points[i - 1] as LatLng, points[i] as LatLng);
      }
      const distanceM = Math.round(straight * city.detourFactor);
      const durationS = Math.round(distanceM / metresPerSecond(city.avgSpeedKmh));
      return { distanceM, durationS };
    },
  };
}

/** A speed in km/h as metres per second. */
function metresPerSecond(kmh: number): number {
  return (kmh * 1000) / 3600;
}

/** Seconds to drive a straight-line distance in a city: the detour factor at the city's average speed. */
export function etaSeconds(straightM: number, city: { detourFactor: number; avgSpeedKmh: number }): number {
  return Math.round((straightM * city.detourFactor) / metresPerSecond(city.avgSpeedKmh));
}
