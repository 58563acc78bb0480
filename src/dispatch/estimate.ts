/**
 * Pricing a trip: every priced vehicle class of the city that serves the
 * pickup (or one class), with distance and duration from the router, the
 * pickup cell's surge and fare lines, all from memory — the catalog
 * (src/db/catalog.ts) and the cells' supply summaries (supply.ts). An
 * estimate adds each class's pickup ETA; a ride request prices from the
 * same data and skips the ETA. Shared by POST /v1/rides/estimate and
 * POST /v1/rides, so a ride is priced exactly as it was quoted.
 */
import { config } from "../config.ts";
import { type Catalog, type CityRow, cityAt, classesById, type PricingRow, tariffsOf } from "../db/catalog.ts";
import { type CellId, cellOf, cellsTouchingCircle } from "../domain/cells.ts";
import type { LatLng } from "../domain/geo.ts";
import { classesFor, type LoadRefusal, type Load as PackageLoad, refusalMessage } from "../domain/packages.ts";
import { type Quote, quote, type Tariff } from "../domain/pricing.ts";
import type { Service } from "../domain/ride.ts";
import { stopFee } from "../domain/ride-stops.ts";
import { etaSeconds, greatCircleRouter } from "../domain/routing.ts";
import { type CellSupply, nearestByClass } from "../domain/supply.ts";
import { capSurge } from "../domain/surge.ts";
import { ProblemError } from "../http/problem.ts";
import { cellSupplies, cellSupply } from "./supply.ts";

/** How far the ETA looks for a driver. */
const ETA_RADIUS_M = 5_000;

export interface EstimateInput {
  service: Service;
  pickup: LatLng;
  dropoff: LatLng;
  stops: LatLng[];
  vehicleClass?: string | undefined;
  /** A delivery's package as the limits and the fare count it (domain/packages.ts, `packageLoad`). */
  load?: Omit<PackageLoad, "distanceM"> | undefined;
}

export interface EstimateOption {
  vehicleClass: string;
  tariff: Tariff;
  distanceM: number;
  durationS: number;
  surge: number;
  quote: Quote;
  /** Seconds for the nearest available driver of the class to reach the pickup; null when none is near or not asked. */
  pickupEtaS: number | null;
  cancellationFee: number;
  /** The platform's commission on this class's fares before tax, basis points. */
  commissionBps: number;
}

export interface Estimate {
  city: CityRow;
  options: EstimateOption[];
}

/**
 * Prices the trip for each class that can take it (its package's weight,
 * the distance, load assist: domain/packages.ts) from the catalog and the
 * pickup cell's surge; with `eta`, also the pickup ETA of each class's
 * nearest driver. 422 `outside_service_area` or `vehicle_class_not_offered`;
 * when no class (or not the one asked for) can take it, 422 `too_heavy`,
 * `too_far` or `load_assist_not_offered` naming the limit.
 */
export async function estimate(
  env: Env,
  cat: Catalog,
  input: EstimateInput,
  options: { eta: boolean },
): Promise<Estimate> {
  const city = cityAt(cat, input.pickup);
  if (!city) throw new ProblemError(422, "outside_service_area", "Curbside does not serve the pickup point.");
  if (cityAt(cat, input.dropoff)?.id !== city.id) {
    throw new ProblemError(422, "outside_service_area", `The drop-off is outside ${city.name}'s service area.`);
  }
  const priced = tariffsOf(cat, city.id, input.service, input.vehicleClass);
  if (priced.length === 0) {
    throw new ProblemError(
      422,
      "vehicle_class_not_offered",
      input.vehicleClass
        ? `${city.name} offers no ${input.vehicleClass} for ${input.service}.`
        : `${city.name} offers no ${input.service} service.`,
    );
  }
  const res = config(env).cellRes;
  const route = await greatCircleRouter(city).route([input.pickup, ...input.stops, input.dropoff]);
  const prices = classesThatFit(cat, priced, { distanceM: route.distanceM, ...input.load });
  const homeCell = cellOf(input.pickup, res);
  const home = await cellSupply(env, homeCell);
  const surge = capSurge(home.surge, city.surgeCap);
  const nearest = options.eta
    ? await nearestDriverByClass(env, input.pickup, homeCell, home, new Set(prices.map((p) => p.vehicleClassId)), res)
    : new Map<string, number>();
  return {
    city,
    options: prices.map((p): EstimateOption => {
      const tariff: Tariff = {
        currency: p.currency,
        baseFare: p.baseFare,
        perKm: p.perKm,
        perMinute: p.perMinute,
        minimumFare: p.minimumFare,
        loadAssistFee: p.loadAssistFee,
        stopFee: stopFee(p.currency, p.vehicleClassId),
      };
      const straightM = nearest.get(p.vehicleClassId);
      return {
        vehicleClass: p.vehicleClassId,
        tariff,
        distanceM: route.distanceM,
        durationS: route.durationS,
        surge,
        quote: quote({
          tariff,
          taxes: city.taxes,
          distanceM: route.distanceM,
          durationS: route.durationS,
          surge,
          loadAssist: input.load?.loadAssist === true,
          stops: input.stops.length,
        }),
        pickupEtaS: straightM === undefined ? null : etaSeconds(straightM, city),
        cancellationFee: p.cancellationFee,
        commissionBps: p.commissionBps,
      };
    }),
  };
}

/**
 * The tariffs whose classes take the trip (domain/packages.ts); when none
 * does, 422 with the refusal's code and the limit it names
 * (`max_weight_kg`, `max_distance_km`) beside `vehicle_class`.
 */
function classesThatFit(cat: Catalog, priced: readonly PricingRow[], load: PackageLoad): PricingRow[] {
  const classes = classesById(cat);
  const { fit, refusal } = classesFor(
    priced.map((p) => ({
      pricing: p,
      vehicleClass: p.vehicleClassId,
      maxWeightKg: classes.get(p.vehicleClassId)?.maxWeightKg ?? 0,
      maxDistanceKm: classes.get(p.vehicleClassId)?.maxDistanceKm ?? null,
      loadAssistFee: p.loadAssistFee,
    })),
    load,
  );
  if (refusal) throw loadProblem(refusal, classes.get(refusal.vehicleClass)?.name ?? refusal.vehicleClass);
  return fit.map((f) => f.pricing);
}

function loadProblem(refusal: LoadRefusal, className: string): ProblemError {
  const { code, ...limit } = refusal;
  const members = {
    vehicle_class: limit.vehicleClass,
    ...("maxWeightKg" in limit ? { max_weight_kg: limit.maxWeightKg } : {}),
    ...("maxDistanceKm" in limit ? { max_distance_km: limit.maxDistanceKm } : {}),
  };
  return new ProblemError(422, code, refusalMessage(refusal, className), { members });
}

/**
 * Straight-line distance to the nearest available driver of each wanted
 * class within ETA_RADIUS_M: the pickup's cell first, then only the cells
 * that could hold a closer driver of a class still wanted.
 */
async function nearestDriverByClass(
  env: Env,
  pickup: LatLng,
  homeCell: CellId,
  home: CellSupply,
  wanted: ReadonlySet<string>,
  res: number,
): Promise<Map<string, number>> {
  const best = nearestByClass([home], pickup, ETA_RADIUS_M);
  let worst = 0;
  for (const vehicleClass of wanted) worst = Math.max(worst, best.get(vehicleClass) ?? Number.POSITIVE_INFINITY);
  // The cells other than the pickup's that reach within the ETA radius and could hold someone closer.
  const closer = cellsTouchingCircle(pickup, Math.min(ETA_RADIUS_M, worst), res, homeCell).filter(
    (cell) => cell !== homeCell,
  );
  if (closer.length === 0) return best;
  // A cell that cannot answer leaves its drivers out of the ETA; it does not fail the estimate.
  return nearestByClass(await cellSupplies(env, closer), pickup, ETA_RADIUS_M, best);
}
