/**
 * What the simulator knows of each demo city: its service area and speed
 * (from the demo data), where riders come from, which vehicles the fleet
 * drives, and what riders ask for.
 */
import type { LatLng, Polygon } from "../../src/domain/geo.ts";
import { haversineMeters, pointInPolygon } from "../../src/domain/geo.ts";
import { CITIES } from "../demo/data.ts";
import type { BodyOf } from "../lib/api-client.ts";
import type { Hotspot } from "./arrivals.ts";
import { normal } from "./behaviour.ts";
import { offsetPoint, randomPointIn } from "./paths.ts";
import type { Random } from "./random.ts";

/** The fleet's class mix is the provisioner's (the simulator's drivers are provisioned in bulk). */
export { fleetClass } from "../lib/provision.ts";

export interface Share<T> {
  value: T;
  weight: number;
}

export interface RideAsk {
  service: BodyOf<"post", "/v1/rides">["service"];
  vehicleClass: string;
}

export interface SimCity {
  id: string;
  serviceArea: Polygon;
  avgSpeedKmh: number;
  hotspots: Hotspot[];
  fleet: Share<string>[];
  asks: Share<RideAsk>[];
}

const AREAS = new Map(CITIES.map((c) => [c.id, c]));

function city(id: string, rest: Omit<SimCity, "id" | "serviceArea" | "avgSpeedKmh">): SimCity {
  const base = AREAS.get(id);
  if (!base) throw new Error(`no demo city ${id}`);
  return { id, serviceArea: base.serviceArea, avgSpeedKmh: base.avgSpeedKmh, ...rest };
}

export const SIM_CITIES: Record<string, SimCity> = {
  ahmedabad: city("ahmedabad", {
    hotspots: [
      { lat: 23.0258, lng: 72.6009, weight: 5, radiusM: 1200 }, // Kalupur railway station
      { lat: 23.0365, lng: 72.5611, weight: 4, radiusM: 1500 }, // Navrangpura
      { lat: 23.0275, lng: 72.5075, weight: 4, radiusM: 2000 }, // SG Highway, Iscon
      { lat: 22.9962, lng: 72.6036, weight: 3, radiusM: 1500 }, // Maninagar
      { lat: 23.0734, lng: 72.6266, weight: 2, radiusM: 800 }, // Airport
      { lat: 23.0395, lng: 72.529, weight: 3, radiusM: 1200 }, // Vastrapur
      { lat: 23.1016, lng: 72.5906, weight: 2, radiusM: 1500 }, // Chandkheda
    ],
    fleet: [
      { value: "bike", weight: 35 },
      { value: "auto", weight: 30 },
      { value: "car", weight: 25 },
      { value: "mini_truck", weight: 10 },
    ],
    asks: [
      { value: { service: "passenger", vehicleClass: "bike" }, weight: 30 },
      { value: { service: "passenger", vehicleClass: "auto" }, weight: 30 },
      { value: { service: "passenger", vehicleClass: "car" }, weight: 25 },
      { value: { service: "goods", vehicleClass: "bike" }, weight: 8 },
      { value: { service: "goods", vehicleClass: "mini_truck" }, weight: 7 },
    ],
  }),
  "new-york": city("new-york", {
    hotspots: [
      { lat: 40.754, lng: -73.984, weight: 6, radiusM: 1500 }, // Midtown
      { lat: 40.7075, lng: -74.0113, weight: 4, radiusM: 1000 }, // Financial District
      { lat: 40.7081, lng: -73.9571, weight: 3, radiusM: 1500 }, // Williamsburg
      { lat: 40.7769, lng: -73.874, weight: 2, radiusM: 800 }, // LaGuardia
      { lat: 40.8116, lng: -73.9465, weight: 2, radiusM: 1500 }, // Harlem
    ],
    fleet: [
      { value: "car", weight: 70 },
      { value: "bike", weight: 20 },
      { value: "mini_truck", weight: 10 },
    ],
    asks: [
      { value: { service: "passenger", vehicleClass: "car" }, weight: 75 },
      { value: { service: "goods", vehicleClass: "bike" }, weight: 17 },
      { value: { service: "goods", vehicleClass: "mini_truck" }, weight: 8 },
    ],
  }),
};

/** One value, chosen by weight. */
export function pick<T>(random: Random, shares: readonly Share<T>[]): T {
  const total = shares.reduce((sum, s) => sum + s.weight, 0);
  let r = random() * total;
  for (const s of shares) {
    r -= s.weight;
    if (r < 0) return s.value;
  }
  return (shares.at(-1) as Share<T>).value;
}

/**
 * Where a trip from `from` ends: a town trip of about 1–8 km (median about
 * 3 km) in any direction, inside the service area.
 */
export function dropoffFor(random: Random, area: Polygon, from: LatLng): LatLng {
  for (let tries = 0; tries < 50; tries++) {
    // Log-normal distance: median 3 km, most trips between 1.5 and 6 km.
    const distanceM = Math.min(8000, Math.max(1000, 3000 * Math.exp(0.45 * normal(random))));
    const bearing = random() * 2 * Math.PI;
    const to = offsetPoint(from, distanceM, bearing);
    if (pointInPolygon(to, area)) return to;
  }
  // Pressed into a corner of the area: anywhere in it at least a kilometre away.
  for (;;) {
    const to = randomPointIn(random, area);
    if (haversineMeters(from, to) >= 1000) return to;
  }
}
