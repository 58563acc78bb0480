/** How simulated people behave: how long a driver takes to answer, and where an idle driver heads next. */
import type { LatLng, Polygon } from "../../src/domain/geo.ts";
import { pointInPolygon } from "../../src/domain/geo.ts";
import { offsetPoint, randomPointIn } from "./paths.ts";
import type { Random } from "./random.ts";

/** A standard normal draw (Box–Muller). */
export function normal(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Seconds a driver takes to answer an offer: log-normal, median 3 s, between 1 and 12 s. */
export function humanDelayS(random: Random): number {
  return Math.min(12, Math.max(1, 3 * Math.exp(0.5 * normal(random))));
}

/** Where an idle driver heads: 0.5–3 km away inside the area (anywhere in it, to start). */
export function nextWaypoint(random: Random, area: Polygon, from: LatLng | null): LatLng {
  if (from) {
    // Near a corner of the area most bearings lead out: shorter hops after the first tries, and
    // if none stays inside, the driver waits where they are (never a jump across town).
    for (let tries = 0; tries < 100; tries++) {
      const distanceM = tries < 20 ? 500 + random() * 2500 : 50 + random() * 450;
      const bearing = random() * 2 * Math.PI;
      const to = offsetPoint(from, distanceM, bearing);
      if (pointInPolygon(to, area)) return to;
    }
    return from;
  }
  return randomPointIn(random, area);
}
