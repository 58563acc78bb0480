/**
 * Estimates: for a trip, every priced vehicle class of the city that serves
 * the pickup (or one class), with distance and duration from the router,
 * the pickup cell's surge, fare lines, and the pickup ETA of the nearest
 * available driver. Shared by POST /v1/rides/estimate and POST /v1/rides,
 * so a ride is priced exactly as it was quoted.
 */
import { and, eq } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { type CityRow, cityAt } from "../db/queries/cities.ts";
import { pricing } from "../db/schema/index.ts";
import { cellOf, cellsTouchingCircle } from "../domain/cells.ts";
import type { LatLng } from "../domain/geo.ts";
import { type Quote, quote, type Tariff } from "../domain/pricing.ts";
import type { Service } from "../domain/ride.ts";
import { greatCircleRouter } from "../domain/routing.ts";
import type { Env } from "../env.ts";
import { ProblemError } from "../http/problem.ts";

/** How far the ETA looks for a driver. */
const ETA_RADIUS_M = 5_000;

export interface EstimateInput {
  service: Service;
  pickup: LatLng;
  dropoff: LatLng;
  stops: LatLng[];
  vehicleClass?: string | undefined;
}

export interface EstimateOption {
  vehicleClass: string;
  tariff: Tariff;
  distanceM: number;
  durationS: number;
  surge: number;
  quote: Quote;
  pickupEtaS: number | null;
  cancellationFee: number;
}

export interface Estimate {
  city: CityRow;
  options: EstimateOption[];
}

export async function estimate(db: Database, env: Env, input: EstimateInput): Promise<Estimate> {
  const city = await cityAt(db, input.pickup);
  if (!city) throw new ProblemError(422, "outside_service_area", "Curbside does not serve the pickup point.");
  const dropoffCity = await cityAt(db, input.dropoff);
  if (dropoffCity?.id !== city.id) {
    throw new ProblemError(422, "outside_service_area", `The drop-off is outside ${city.name}'s service area.`);
  }
  const prices = await db
    .select()
    .from(pricing)
    .where(
      and(
        eq(pricing.cityId, city.id),
        eq(pricing.service, input.service),
        eq(pricing.isActive, true),
        input.vehicleClass ? eq(pricing.vehicleClassId, input.vehicleClass) : undefined,
      ),
    );
  if (prices.length === 0) {
    throw new ProblemError(
      422,
      "vehicle_class_not_offered",
      input.vehicleClass
        ? `${city.name} offers no ${input.vehicleClass} for ${input.service}.`
        : `${city.name} offers no ${input.service} service.`,
    );
  }
  const res = Number(env.CELL_RES) || 6;
  const route = await greatCircleRouter(city).route([input.pickup, ...input.stops, input.dropoff]);
  const [surge, nearestByClass] = await Promise.all([
    env.CELL.getByName(cellOf(input.pickup, res)).surge(city.surgeCap),
    nearestAvailableByClass(env, input.pickup, res),
  ]);
  const options = prices.map((p): EstimateOption => {
    const tariff: Tariff = {
      currency: p.currency,
      baseFare: p.baseFare,
      perKm: p.perKm,
      perMinute: p.perMinute,
      minimumFare: p.minimumFare,
    };
    const nearest = nearestByClass.get(p.vehicleClassId);
    return {
      vehicleClass: p.vehicleClassId,
      tariff,
      distanceM: route.distanceM,
      durationS: route.durationS,
      surge,
      quote: quote({ tariff, taxes: city.taxes, distanceM: route.distanceM, durationS: route.durationS, surge }),
      pickupEtaS:
        nearest === undefined ? null : Math.round((nearest * city.detourFactor) / ((city.avgSpeedKmh * 1000) / 3600)),
      cancellationFee: p.cancellationFee,
    };
  });
  return { city, options };
}

/** Straight-line distance to the nearest available driver of each class within ETA_RADIUS_M. */
async function nearestAvailableByClass(env: Env, pickup: LatLng, res: number): Promise<Map<string, number>> {
  const cells = cellsTouchingCircle(pickup, ETA_RADIUS_M, res);
  const found = await Promise.all(
    cells.map((cell) =>
      env.CELL.getByName(cell)
        .nearest({ lat: pickup.lat, lng: pickup.lng, radiusM: ETA_RADIUS_M, k: 50 })
        .catch(() => []),
    ),
  );
  const best = new Map<string, number>();
  for (const c of found.flat()) {
    if (c.distanceM < (best.get(c.vehicleClass) ?? Number.POSITIVE_INFINITY)) best.set(c.vehicleClass, c.distanceM);
  }
  return best;
}
