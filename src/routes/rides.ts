/**
 * Rides and deliveries (`service`: passenger | goods). Mounted at /v1/rides.
 *
 *   POST /v1/rides/estimate              {service, pickup, dropoff, stops?, vehicle_class?, package?} → per class that can take it
 *   POST /v1/rides                       request a ride (Idempotency-Key honoured) → 201
 *   GET  /v1/rides?status=               the caller's rides, newest first (cursor-paginated), of one status if asked
 *   GET  /v1/rides/{id}                  the live ride, from its actor
 *   POST /v1/rides/{id}/cancel           {reason?}: the rider (fee rules apply) or the assigned driver
 *   POST /v1/rides/{id}/arrived|started|completed   the assigned driver, for apps without a socket
 *                                        (a ride's stops: routes/ride-stops.ts)
 *
 * A ride's truth is its RideActor; the list comes from Postgres, where the
 * request is written at once (read-your-writes, dispatch/request-ride.ts)
 * and kept up by the events.
 */

import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { recordAdminAction } from "../admin/audit.ts";
import { catalog } from "../db/catalog.ts";
import { listRides, type RideRow } from "../db/queries/rides.ts";
import { paymentMethod, rideStatus, service } from "../db/schema/enums.ts";
import { estimate } from "../dispatch/estimate.ts";
import { type RequestRideResult, requestRide } from "../dispatch/request-ride.ts";
import { packageLoad } from "../domain/packages.ts";
import { RATE_RULES } from "../domain/rate-limit.ts";
import { TERMINAL } from "../domain/ride-lifecycle.ts";
import { MAX_STOPS, STOP_STATUSES } from "../domain/ride-stops.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { background } from "../http/background.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { enforceRateLimit } from "../http/rate-limit.ts";
import {
  IdParam,
  jsonBody,
  LatLngSchema,
  MoneySchema,
  PageQuerySchema,
  pageOf,
  problemResponses,
} from "../http/schemas.ts";
import { paymentContext } from "../payments/context.ts";
import type { Viewer } from "../protocol/actors.ts";

const Service = z.enum(service.enumValues);
const PaymentMethod = z.enum(paymentMethod.enumValues);
const Place = LatLngSchema.extend({ address: z.string().trim().max(300).optional() });
const VehicleClass = z.string().regex(/^[a-z_]{1,32}$/);
const FareLine = z.object({ code: z.string(), label: z.string(), amount: z.number().int() });
const Fare = z.object({ lines: z.array(FareLine), total: MoneySchema }).openapi("Fare");

/** A drop on the way, as the rider asks for it: where, and whom the driver meets there. */
const StopRequest = Place.extend({
  contact_name: z.string().trim().min(1).max(100).optional(),
  contact_phone: z
    .string()
    .regex(/^\+\d{7,15}$/, "E.164, like +919484707535")
    .optional(),
}).openapi("StopRequest");

/** A drop on the way as the ride shows it: in order (`index` 0 first), with where it stands. */
const StopSchema = LatLngSchema.extend({
  index: z.number().int(),
  address: z.string().optional(),
  contact_name: z.string().nullable(),
  contact_phone: z.string().nullable(),
  status: z.enum(STOP_STATUSES).openapi({ description: "pending → arrived → completed, or failed (with `reason`)" }),
  reason: z.string().nullable().openapi({ description: "Why the drop failed; null otherwise." }),
  arrived_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  failed_at: z.string().nullable(),
  flagged: z.boolean().openapi({
    description:
      "Five wrong codes were sent for this drop: it completes only with a drop photo, and an admin looks at it.",
  }),
  code: z.string().nullable().optional().openapi({
    description:
      "The drop's 4-digit proof-of-delivery code, for the sender and admins only (never in what the driver reads); null for a ride opened before codes.",
  }),
}).openapi("RideStop", {
  example: {
    index: 0,
    lat: 23.0395,
    lng: 72.5661,
    address: "12 CG Road",
    contact_name: "Asha",
    contact_phone: "+919812345678",
    status: "failed",
    reason: "Nobody at the address",
    arrived_at: "2026-11-30T09:15:02.120Z",
    completed_at: null,
    failed_at: "2026-11-30T09:21:40.000Z",
    flagged: false,
    code: "4821",
  },
});

const PackageSchema = z
  .object({
    description: z.string().trim().min(1).max(300),
    weight_kg: z.number().positive().max(50_000).optional().openapi({
      description: "A delivery's weight decides which classes can carry it (each class's `max_weight_kg`).",
    }),
    dimensions_cm: z
      .object({
        length: z.number().positive().max(2_000),
        width: z.number().positive().max(2_000),
        height: z.number().positive().max(2_000),
      })
      .optional()
      .openapi({ description: "Length, width and height in centimetres." }),
    fragile: z.boolean().optional(),
    goods_type: z.string().trim().max(50).optional(),
    load_assist: z.boolean().optional().openapi({
      description:
        "A hand with loading and unloading: a `load_assist` fare line at the city's price for the class; a class that does not offer it is left out (or 422 `load_assist_not_offered`).",
    }),
  })
  .openapi("Package");

const EstimateRequest = z.object({
  service: Service,
  pickup: LatLngSchema,
  dropoff: LatLngSchema,
  stops: z.array(LatLngSchema).max(MAX_STOPS).optional(),
  vehicle_class: VehicleClass.optional(),
  package: PackageSchema.optional().openapi({
    description: "For a delivery: the classes that cannot carry it (or go the distance) are left out.",
  }),
});

const EstimateSchema = z
  .object({
    city_id: z.string(),
    currency: z.string(),
    options: z.array(
      z.object({
        vehicle_class: z.string(),
        distance_m: z.number().int(),
        duration_s: z.number().int(),
        surge: z.number(),
        fare: Fare,
        pickup_eta_s: z
          .number()
          .int()
          .nullable()
          .openapi({ description: "From the nearest available driver; null when none is near." }),
      }),
    ),
  })
  .openapi("Estimate");

const RideRequest = z
  .object({
    service: Service,
    pickup: Place,
    dropoff: Place,
    stops: z.array(StopRequest).max(MAX_STOPS).optional().openapi({
      description:
        "Up to five drops on the way, in order, each with its contact. The driver takes them in order (`/v1/rides/{id}/stops/{index}/…`); the ride completes after the last. Each is charged as a `stops` fare line.",
    }),
    vehicle_class: VehicleClass,
    package: PackageSchema.optional(),
    payment_method: PaymentMethod.default("cash"),
    scheduled_at: z.iso.datetime({ offset: true }).optional().openapi({
      description:
        "Book the ride for later: ISO 8601, from 15 minutes to 7 days ahead (else 422 `scheduled_at_out_of_range` with `earliest` and `latest`). The ride is `scheduled` and starts looking for a driver 10 minutes before; it is charged its quoted total; a card is held when dispatch starts, and a decline then cancels the ride.",
      example: "2026-12-01T09:00:00+05:30",
    }),
    coupon_code: z.string().trim().min(1).max(40).optional().openapi({
      description:
        "A coupon (`POST /v1/coupons/validate` says what it takes off): its discount is a `discount` line of the estimate and the fare, before taxes. An unusable code is 422 naming why (`coupon_expired`, `coupon_used_up`, …) and no ride is made. Its use is given back if the ride is cancelled.",
      example: "WELCOME50",
    }),
  })
  .refine((r) => r.service !== "goods" || r.package !== undefined, {
    message: "a delivery needs its package",
    path: ["package"],
  });

const RidePaymentSchema = z
  .object({
    id: z.uuid().nullable(),
    method: PaymentMethod,
    status: z
      .string()
      .openapi({ description: "pending, authorized, succeeded, cancelled, failed, refunded, partially_refunded" }),
    authorized: MoneySchema.openapi({ description: "Held and not yet captured" }),
    captured: MoneySchema,
    refunded: MoneySchema,
  })
  .openapi("RidePayment");

const OrderNumber = z.string().openapi({
  description: "What people read and search by: `CB-` + the city's code + the city's running count (`CB-AMD-000123`).",
  example: "CB-AMD-000123",
});

const RideSchema = z
  .object({
    id: z.uuid(),
    order_number: OrderNumber.nullable().openapi({ description: "Null only for rides opened before order numbers." }),
    status: z.enum(rideStatus.enumValues),
    service: Service,
    vehicle_class: z.string(),
    city_id: z.string(),
    rider_id: z.uuid(),
    pickup: Place,
    dropoff: Place,
    stops: z.array(StopSchema),
    package: PackageSchema.nullable(),
    scheduled_at: z
      .string()
      .nullable()
      .openapi({ description: "A ride booked for later: the time it is booked for (ISO 8601 UTC)." }),
    payment_method: PaymentMethod,
    surge: z.number(),
    estimate: Fare,
    estimated_distance_m: z.number().int(),
    estimated_duration_s: z.number().int(),
    driver: z
      .object({
        id: z.uuid(),
        name: z.string(),
        rating: z.number(),
        rating_count: z.number().int().optional().openapi({ description: "How many ratings the average is of." }),
        vehicle: z.object({
          id: z.string(),
          vehicle_class: z.string(),
          plate: z.string().nullable(),
          model: z.string().nullable(),
          color: z.string().nullable(),
        }),
      })
      .nullable(),
    driver_location: z
      .object({ lat: z.number(), lng: z.number(), heading: z.number().nullable(), ts: z.iso.datetime() })
      .nullable(),
    fare: Fare.nullable(),
    payment: RidePaymentSchema,
    driven_m: z.number().int(),
    cancellation: z.object({ by: z.string(), reason: z.string().nullable(), fee: MoneySchema }).nullable(),
    timestamps: z.record(z.string(), z.string()),
  })
  .openapi("Ride");

export const RideSummarySchema = z
  .object({
    id: z.uuid(),
    order_number: OrderNumber,
    status: z.enum(rideStatus.enumValues),
    service: Service,
    vehicle_class: z.string(),
    pickup: LatLngSchema,
    dropoff: LatLngSchema,
    fare: MoneySchema.nullable(),
    estimate: MoneySchema,
    requested_at: z.string(),
    scheduled_at: z.string().nullable().openapi({ description: "The time a ride booked for later is booked for." }),
  })
  .openapi("RideSummary");
type RideSummary = z.infer<typeof RideSummarySchema>;

const ListQuery = PageQuerySchema.extend({ status: z.enum(rideStatus.enumValues).optional() });

const anyone = requireAuth();
const riders = requireAuth({ roles: ["rider"] });
const drivers = requireAuth({ roles: ["driver"] });
const rideNotFound = () => new ProblemError(404, "ride_not_found", "No such ride.");

function stub(c: Context<AppEnv>, id: string) {
  return c.env.RIDE.getByName(id);
}

/** A RideActor's refusal as a problem: someone else's ride is not found (404), a step out of turn is 409. */
export function refusal(result: { code: string; message: string }): ProblemError {
  if (result.code === "ride_not_found" || result.code === "not_your_ride") return rideNotFound();
  return new ProblemError(409, result.code, result.message);
}

const lifecycle = (path: "arrived" | "started" | "completed", operationId: string, summary: string) =>
  createRoute({
    method: "post",
    path: `/{id}/${path}`,
    operationId,
    tags: ["Rides"],
    summary,
    security: bearerSecurity,
    middleware: [drivers] as const,
    request: { params: IdParam },
    responses: {
      200: { description: "The ride", content: { "application/json": { schema: RideSchema } } },
      ...problemResponses(400, 401, 403, 404, 409),
    },
  });

/** Rows as the lists show them; live rides may be ahead of their row, so their actors give status and fare. */
export function summaries(c: Context<AppEnv>, rows: RideRow[], viewer: Viewer): Promise<RideSummary[]> {
  return Promise.all(
    rows.map(async (r) => {
      const live = TERMINAL.includes(r.status)
        ? null
        : await stub(c, r.id)
            .view(viewer)
            .catch(() => null);
      return {
        id: r.id,
        order_number: r.orderNumber,
        status: live?.status ?? r.status,
        service: r.service,
        vehicle_class: r.vehicleClassId,
        pickup: r.pickup,
        dropoff: r.dropoff,
        fare: live?.fare
          ? live.fare.total
          : r.fareAmount === null
            ? null
            : { amount: r.fareAmount, currency: r.currency },
        estimate: { amount: r.estimateAmount, currency: r.currency },
        requested_at: r.requestedAt.toISOString(),
        scheduled_at: r.scheduledAt?.toISOString() ?? null,
      };
    }),
  );
}

const REQUEST_REFUSED: Record<Extract<RequestRideResult, { ok: false }>["code"], number> = {
  idempotency_key_reused: 422,
  idempotency_conflict: 409,
};

async function driverStep(c: Context<AppEnv>, id: string, action: "arrive" | "start" | "complete") {
  const me = caller(c);
  // The RideActor tells the driver's cell itself, whichever way the step came.
  const result = await stub(c, id).driverAction(me.userId, action);
  if (!result.ok) throw refusal(result);
  const view = await stub(c, id).view({ userId: me.userId, role: me.role });
  if (!view) throw rideNotFound();
  return view;
}

export { RideSchema };

export const ridesRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/estimate",
      operationId: "estimateRide",
      tags: ["Rides"],
      summary: "Price a trip for each vehicle class that can take it",
      description:
        "Outside every service area: 422 `outside_service_area`. A delivery's package leaves out the classes that cannot carry its weight, and every class leaves itself out past its `max_distance_km`; when none is left (or the one asked for cannot take it) the answer is 422 `too_heavy` (with `max_weight_kg`), `too_far` (with `max_distance_km`) or `load_assist_not_offered`, naming the `vehicle_class` whose limit it is.",
      security: bearerSecurity,
      middleware: [anyone] as const,
      request: { body: jsonBody(EstimateRequest) },
      responses: {
        200: {
          description: "One option per vehicle class",
          content: { "application/json": { schema: EstimateSchema } },
        },
        ...problemResponses(400, 401, 422),
      },
    }),
    async (c) => {
      const trip = c.req.valid("json");
      const result = await estimate(
        c.env,
        await catalog(c.var.db, background(c)),
        {
          service: trip.service,
          pickup: trip.pickup,
          dropoff: trip.dropoff,
          stops: trip.stops ?? [],
          vehicleClass: trip.vehicle_class,
          load: packageLoad(trip.service, trip.package),
        },
        { eta: true },
      );
      return c.json(
        {
          city_id: result.city.id,
          currency: result.city.currency,
          options: result.options.map((o) => ({
            vehicle_class: o.vehicleClass,
            distance_m: o.distanceM,
            duration_s: o.durationS,
            surge: o.surge,
            fare: { lines: o.quote.lines, total: o.quote.total },
            pickup_eta_s: o.pickupEtaS,
          })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createRide",
      tags: ["Rides"],
      summary: "Request a ride or a delivery",
      description:
        "Send an `Idempotency-Key` header to retry safely: the same key and body return the same ride; the same key with another body is a 422. The payment is held first: a card holds the estimate plus the city's buffer on the rider's default card (402 `payment_failed` on a decline), a wallet holds the estimate (402 `insufficient_funds`), cash holds nothing; `upi` is 422 `payment_method_unavailable`. Over the class's limits: 422 `too_heavy` (with `max_weight_kg`), `too_far` (with `max_distance_km`) or `load_assist_not_offered`. On a refusal no ride is created. The ride gets its order number (`CB-AMD-000123`) here.",
      security: bearerSecurity,
      middleware: [riders] as const,
      request: {
        headers: z.object({ "idempotency-key": z.string().min(8).max(200).optional() }),
        body: jsonBody(RideRequest),
      },
      responses: {
        201: {
          description: "The ride, searching for a driver (or `scheduled`, booked for later)",
          content: { "application/json": { schema: RideSchema } },
        },
        200: {
          description: "The ride an earlier request with this Idempotency-Key created",
          content: { "application/json": { schema: RideSchema } },
        },
        ...problemResponses(400, 401, 402, 403, 409, 422, 429, 503),
      },
    }),
    async (c) => {
      const me = caller(c);
      const result = await requestRide(
        {
          env: c.env,
          db: c.var.db(),
          catalog: () => catalog(c.var.db, background(c)),
          limitRate: () => enforceRateLimit(c, `rides:${me.userId}`, [RATE_RULES.rideRequestUser]),
          payments: paymentContext(c.env, c.var.db()),
        },
        { userId: me.userId, role: me.role },
        c.req.valid("json"),
        c.req.valid("header")["idempotency-key"],
      );
      if (!result.ok) throw new ProblemError(REQUEST_REFUSED[result.code], result.code, result.message);
      return result.created ? c.json(result.ride, 201) : c.json(result.ride, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listRides",
      tags: ["Rides"],
      summary: "The caller's rides (as rider or driver), newest first",
      description:
        "`status` keeps the rides of that status, as they are now: `?status=scheduled` lists the rides booked for later that have not started dispatch.",
      security: bearerSecurity,
      middleware: [anyone] as const,
      request: { query: ListQuery },
      responses: {
        200: {
          description: "A page of rides",
          content: { "application/json": { schema: pageOf(RideSummarySchema) } },
        },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const me = caller(c);
      const { limit, cursor, status } = c.req.valid("query");
      const user = { id: me.userId, role: me.role };
      const rows = await listRides(c.var.db(), user, limit, decodeCursor(cursor), status);
      const result = page(rows, limit, (r) => timeIdCursor(r.requestedAt, r.id));
      const data = await summaries(c, result.data, { userId: me.userId, role: me.role });
      // A row may lag its actor: a ride that has moved on since is left out (the cursor still follows the rows).
      const kept = status ? data.filter((r) => r.status === status) : data;
      return c.json({ data: kept, next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getRide",
      tags: ["Rides"],
      summary: "A ride as it is now (everything the ride's socket shows)",
      security: bearerSecurity,
      middleware: [anyone] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The ride", content: { "application/json": { schema: RideSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const me = caller(c);
      const view = await stub(c, c.req.valid("param").id).view({ userId: me.userId, role: me.role });
      if (!view) throw rideNotFound();
      return c.json(view, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/cancel",
      operationId: "cancelRide",
      tags: ["Rides"],
      summary: "Cancel a ride",
      description:
        "The rider: free until a driver is assigned and within the city's grace period after; the city's fee after that. The assigned driver: the ride goes back to dispatch without them.",
      security: bearerSecurity,
      middleware: [anyone] as const,
      request: { params: IdParam, body: jsonBody(z.object({ reason: z.string().trim().max(500).optional() })) },
      responses: {
        200: {
          description: "The ride after the cancellation",
          content: { "application/json": { schema: RideSchema } },
        },
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const me = caller(c);
      const result = await stub(c, c.req.valid("param").id).cancel(
        { userId: me.userId, role: me.role },
        c.req.valid("json").reason ?? null,
      );
      if (!result.ok) throw refusal(result);
      if (me.role === "admin") {
        const details = { status: result.ride.status, reason: c.req.valid("json").reason ?? null };
        await recordAdminAction(c, { action: "ride.cancel", targetType: "ride", targetId: result.ride.id, details });
      }
      return c.json(result.ride, 200);
    },
  )
  .openapi(lifecycle("arrived", "arriveAtPickup", "The driver is at the pickup"), async (c) =>
    c.json(await driverStep(c, c.req.valid("param").id, "arrive"), 200),
  )
  .openapi(lifecycle("started", "startRide", "The trip has started"), async (c) =>
    c.json(await driverStep(c, c.req.valid("param").id, "start"), 200),
  )
  .openapi(
    lifecycle(
      "completed",
      "completeRide",
      "The trip is complete; the fare is computed from the driven track (409 `stops_pending` while a stop is open)",
    ),
    async (c) => c.json(await driverStep(c, c.req.valid("param").id, "complete"), 200),
  );
