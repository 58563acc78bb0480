/**
 * Riders arrive as a Poisson process: independent exponential gaps with
 * mean 60 / rate seconds, from hotspots weighted by popularity.
 */
import type { LatLng } from "../../src/domain/geo.ts";
import { offsetPoint } from "./paths.ts";
import { exponential, type Random } from "./random.ts";

/** Arrival times in seconds from the start, for `perMinute` riders a minute over `minutes`. */
export function poissonArrivals(random: Random, perMinute: number, minutes: number): number[] {
  const times: number[] = [];
  if (perMinute <= 0) return times;
  const meanGapS = 60 / perMinute;
  for (let t = exponential(random, meanGapS); t < minutes * 60; t += exponential(random, meanGapS)) times.push(t);
  return times;
}

export interface Hotspot extends LatLng {
  weight: number;
  /** Spread around the centre, metres. */
  radiusM: number;
}

/** A point near a hotspot chosen by weight. */
export function pointNearHotspot(random: Random, hotspots: readonly Hotspot[]): LatLng {
  const total = hotspots.reduce((sum, h) => sum + h.weight, 0);
  let pick = random() * total;
  let spot = hotspots.at(-1) as Hotspot;
  for (const h of hotspots) {
    pick -= h.weight;
    if (pick <= 0) {
      spot = h;
      break;
    }
  }
  const r = spot.radiusM * Math.sqrt(random());
  const angle = random() * 2 * Math.PI;
  return offsetPoint(spot, r, angle);
}
