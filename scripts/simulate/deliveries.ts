/**
 * What a simulated sender asks for: passenger or goods (`--goods-share`, or
 * the city's mix), and for goods 1–3 drops with their contacts, a package
 * within the class's limits (scripts/demo/data.ts, the limits the platform
 * checks) and, where the city's tariff offers it, sometimes load assist. And
 * the hand-over of each drop's code from the sender to the driver, as the
 * recipient reads it out at the door (`DropCodes`).
 */
import type { LatLng, Polygon } from "../../src/domain/geo.ts";
import { haversineMeters, pointInPolygon } from "../../src/domain/geo.ts";
import { CITIES, PRICING, VEHICLE_CLASSES } from "../demo/data.ts";
import type { BodyOf } from "../lib/api-client.ts";
import { dropoffFor, pick, type RideAsk, type SimCity } from "./cities.ts";
import { offsetPoint } from "./paths.ts";
import type { Random } from "./random.ts";

type RideBody = BodyOf<"post", "/v1/rides">;
type Stop = NonNullable<RideBody["stops"]>[number];
type Package = NonNullable<RideBody["package"]>;

/**
 * What a request asks for: by the city's mix when `goodsShare` is
 * undefined, otherwise goods with probability `goodsShare`, the class drawn
 * from the city's asks of that service by their weights.
 */
export function chooseAsk(random: Random, city: SimCity, goodsShare: number | undefined): RideAsk {
  if (goodsShare === undefined) return pick(random, city.asks);
  const service = random() < goodsShare ? "goods" : "passenger";
  const asks = city.asks.filter((a) => a.value.service === service);
  if (asks.length === 0) throw new Error(`${city.id} has no ${service} asks`);
  return pick(random, asks);
}

/** The limits a goods request must keep for its class (the demo catalog's, as the platform checks them). */
export function classLimits(cityId: string, vehicleClass: string) {
  const cls = VEHICLE_CLASSES.find((c) => c.id === vehicleClass);
  const city = CITIES.find((c) => c.id === cityId);
  if (!cls || !city) throw new Error(`no class ${vehicleClass} in ${cityId}`);
  const tariff = PRICING.find((p) => p.cityId === cityId && p.vehicleClassId === vehicleClass && p.service === "goods");
  return {
    maxWeightKg: cls.maxWeightKg,
    maxDistanceKm: cls.maxDistanceKm,
    detourFactor: city.detourFactor,
    loadAssist: tariff?.loadAssistFee != null,
  };
}

/** Drops on a delivery: one most often, up to three. */
const DROP_COUNTS = [
  { value: 1, weight: 50 },
  { value: 2, weight: 30 },
  { value: 3, weight: 20 },
];

const GOODS = [
  { type: "documents", description: "Signed contracts in an envelope", fragile: false },
  { type: "groceries", description: "Two bags of groceries", fragile: false },
  { type: "electronics", description: "A boxed monitor", fragile: true },
  { type: "medicines", description: "Pharmacy order", fragile: false },
  { type: "clothing", description: "Tailored clothes", fragile: false },
  { type: "glassware", description: "Glass jars, wrapped", fragile: true },
  { type: "hardware", description: "Tools and fittings", fragile: false },
  { type: "furniture", description: "A flat-packed shelf", fragile: false },
] as const;

const NAMES = ["Asha", "Ravi", "Meera", "Kiran", "Farah", "Dev", "Nisha", "Arjun", "Lena", "Omar", "Maya", "Sam"];

/** A plausible phone number for the city, in E.164 (fictional ranges: India's 9x…, New York's 555-01xx). */
function phone(random: Random, cityId: string): string {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
  return cityId === "new-york" ? `+1212555${`01${digits(2)}`}` : `+919${digits(9)}`;
}

/** A point `minM`–`maxM` from `from` inside the area, or null when none is found there. */
function pointNear(random: Random, area: Polygon, from: LatLng, minM: number, maxM: number): LatLng | null {
  for (let tries = 0; tries < 50; tries++) {
    const distanceM = minM + random() * (maxM - minM);
    const bearing = random() * 2 * Math.PI;
    const to = offsetPoint(from, distanceM, bearing);
    if (pointInPolygon(to, area)) return to;
  }
  return null;
}

/**
 * The drops of a delivery from `pickup`: the first at a town distance
 * (1–8 km, as a passenger trip), each next 0.6–2.5 km on, the whole route
 * kept to 80 % of the class's reach (its `max_distance_km`, by the city's
 * detour factor). The ride's drop-off is the last drop: the route ends there.
 */
export function dropsFrom(
  random: Random,
  city: SimCity,
  pickup: LatLng,
  count: number,
  limits: Pick<ReturnType<typeof classLimits>, "maxDistanceKm" | "detourFactor">,
): LatLng[] {
  const budgetM = ((limits.maxDistanceKm ?? 150) * 1000 * 0.8) / limits.detourFactor;
  for (let attempt = 0; attempt < 20; attempt++) {
    const drops = [dropoffFor(random, city.serviceArea, pickup)];
    let lengthM = haversineMeters(pickup, drops[0] as LatLng);
    while (drops.length < count) {
      const next = pointNear(random, city.serviceArea, drops.at(-1) as LatLng, 600, 2500);
      if (!next) break;
      lengthM += haversineMeters(drops.at(-1) as LatLng, next);
      drops.push(next);
    }
    if (drops.length === count && lengthM <= budgetM) return drops;
  }
  // A corner of the area, or a short reach: drops close to the pickup.
  const drops: LatLng[] = [];
  let at = pickup;
  while (drops.length < count) {
    at = pointNear(random, city.serviceArea, at, 300, 900) ?? at;
    drops.push(at);
  }
  return drops;
}

/** A package the class can carry: its weight under the class's maximum, its size from its weight. */
export function packageFor(random: Random, limits: ReturnType<typeof classLimits>): Package {
  const goods = GOODS[Math.floor(random() * GOODS.length)] as (typeof GOODS)[number];
  const maxKg = Math.max(1, limits.maxWeightKg * 0.9);
  // Most parcels are light; a truck's load spreads up to its limit.
  const weight = Math.round(Math.max(0.5, maxKg * random() ** 2) * 10) / 10;
  const side = Math.round(Math.min(200, 15 + Math.cbrt(weight) * 20));
  return {
    description: goods.description,
    weight_kg: weight,
    dimensions_cm: { length: side, width: Math.round(side * 0.8), height: Math.round(side * 0.6) },
    fragile: goods.fragile,
    goods_type: goods.type,
    ...(limits.loadAssist && weight >= 20 && random() < 0.5 ? { load_assist: true } : {}),
  };
}

/** The body of a delivery request: 1–3 drops, each with an address and its contact, and the package. */
export function deliveryRequest(
  random: Random,
  city: SimCity,
  vehicleClass: string,
  pickup: LatLng,
): Pick<RideBody, "dropoff" | "stops" | "package"> {
  const limits = classLimits(city.id, vehicleClass);
  const count = pick(random, DROP_COUNTS);
  const drops = dropsFrom(random, city, pickup, count, limits);
  const stops: Stop[] = drops.map((p, i) => ({
    ...p,
    address: `${1 + Math.floor(random() * 200)} ${["Park Lane", "Station Road", "Market Street", "Lake View", "Ring Road"][i % 5]}`,
    contact_name: NAMES[Math.floor(random() * NAMES.length)] as string,
    contact_phone: phone(random, city.id),
  }));
  const last = stops.at(-1) as Stop;
  return {
    dropoff: { lat: last.lat, lng: last.lng, address: last.address },
    stops,
    package: packageFor(random, limits),
  };
}

/**
 * Each drop's code, from the sender (who sees them on their ride) to the
 * driver at the door: in life the recipient reads it out; here the rider's
 * bot hands it over in-process. The driver never reads it from the platform.
 */
export class DropCodes {
  private readonly codes = new Map<string, readonly (string | null)[]>();

  /** The sender's view of the ride's stops (POST /v1/rides's answer, or GET /v1/rides/{id}). */
  tell(rideId: string, stops: readonly { index: number; code?: string | null }[]): void {
    const codes: (string | null)[] = [];
    for (const s of stops) codes[s.index] = s.code ?? null;
    this.codes.set(rideId, codes);
  }

  /** What the recipient at drop `index` reads out; undefined when the sender never got it. */
  readOut(rideId: string, index: number): string | undefined {
    return this.codes.get(rideId)?.[index] ?? undefined;
  }
}
