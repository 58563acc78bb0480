/**
 * A rider asks for a ride or a delivery: the use case behind POST /v1/rides
 * (routes/rides.ts).
 *
 * The trip is priced from the same data as its estimate (dispatch/estimate.ts),
 * which also refuses a package or a distance over the class's limit; the
 * ride takes the next order number of its city (`CB-AMD-000123`,
 * domain/order-number.ts); the ride record is built once (`openRide`, with the request's time), written
 * to Postgres first, so the rider's list shows it at once and an
 * Idempotency-Key is taken, then handed to its RideActor, which starts
 * dispatch. A retry with the same key and body gets the same ride back.
 *
 * A ride booked for later (`scheduled_at`, 15 minutes to 7 days ahead,
 * domain/schedule.ts) is written `scheduled` and its actor waits for its
 * dispatch time; a card is only checked here and held when dispatch starts
 * (durable-objects/ride-schedule.ts), since a hold expires.
 *
 * A `coupon_code` is checked against the priced subtotal (growth/coupons.ts):
 * an unusable one is a 422 naming why, and no ride. Its discount is a fare
 * line of the estimate (and of the fare at completion, domain/ride.ts
 * `rideQuote`); one use is reserved before the money is held, and given back
 * if the ride cannot be opened. The offer to drivers carries the rider's rating.
 */
import { sha256Hex } from "../auth/encoding.ts";
import type { Catalog } from "../db/catalog.ts";
import type { Database } from "../db/client.ts";
import { deleteRide, insertRequestedRide, nextOrderSeq, rideByIdempotencyKey } from "../db/queries/rides.ts";
import { orderNumber } from "../domain/order-number.ts";
import { packageLoad } from "../domain/packages.ts";
import { withCodes } from "../domain/proofs.ts";
import {
  openRide,
  type PackageInput,
  type RideRecord,
  type RideStopInput,
  type RideView,
  rideSnapshot,
  type Service,
} from "../domain/ride.ts";
import { transition } from "../domain/ride-lifecycle.ts";
import { discountIn, rideQuote } from "../domain/ride-quote.ts";
import { checkScheduledAt } from "../domain/schedule.ts";
import { abandonCoupon, reserveCoupon, rideCouponOf, usableCoupon } from "../growth/coupons.ts";
import { riderRating } from "../growth/ratings.ts";
import { ProblemError } from "../http/problem.ts";
import { sendDropCodes } from "../notify/drop-codes.ts";
import type { PaymentContext } from "../payments/context.ts";
import { chargeableCard } from "../payments/customers.ts";
import { authorizeRide, releaseAuthorization } from "../payments/ride-payment.ts";
import type { Viewer } from "../protocol/actors.ts";
import { type EstimateOption, estimate } from "./estimate.ts";

/** The request as the rider sent it (validated, wire names): its JSON is what an Idempotency-Key is bound to. */
export interface RideRequest {
  service: Service;
  pickup: RideStopInput;
  dropoff: RideStopInput;
  stops?: RideStopInput[] | undefined;
  vehicle_class: string;
  package?: PackageInput | undefined;
  payment_method: RideRecord["paymentMethod"];
  /** ISO 8601: book the ride for then instead of now. */
  scheduled_at?: string | undefined;
  /** A coupon to take off the fare (growth/coupons.ts). */
  coupon_code?: string | undefined;
}

/** What the use case needs from the request it serves. */
export interface RequestRideContext {
  env: Env;
  db: Database;
  /** The catalog (db/catalog.ts), read only when a new ride is priced. */
  catalog: () => Promise<Catalog>;
  /** Counts a new request against the rider's limit and throws when it is used up; a replay is not counted. */
  limitRate: () => Promise<void>;
  /** Holds the ride's money (payments/ride-payment.ts). */
  payments: PaymentContext;
}

export type RequestRideResult =
  /** `created`: false when an earlier request with the same key made the ride. */
  | { ok: true; ride: RideView; created: boolean }
  | { ok: false; code: "idempotency_key_reused" | "idempotency_conflict"; message: string };

function rideOf(env: Env, id: string) {
  return env.RIDE.getByName(id);
}

/**
 * Requests a ride for `rider`. Expected refusals are results:
 * `idempotency_key_reused` (the key came with another body) and
 * `idempotency_conflict` (a request with the key is still being processed).
 * Outside every service area, or for a class the city does not price, the
 * estimate's 422 `outside_service_area` or `vehicle_class_not_offered` is thrown,
 * and over the class's limits its 422 `too_heavy`, `too_far` or `load_assist_not_offered`;
 * a `scheduled_at` out of range is 422 `scheduled_at_out_of_range`.
 *
 * @example
 * const result = await requestRide(ctx, { userId, role }, body, c.req.valid("header")["idempotency-key"]);
 * if (result.ok) return c.json(result.ride, result.created ? 201 : 200);
 */
export async function requestRide(
  ctx: RequestRideContext,
  rider: Viewer,
  request: RideRequest,
  idempotencyKey: string | undefined,
): Promise<RequestRideResult> {
  // A body is hashed only when a key binds it.
  const idempotency = idempotencyKey
    ? { key: idempotencyKey, requestHash: await sha256Hex(JSON.stringify(request)) }
    : null;
  if (idempotency) {
    const earlier = await rideByIdempotencyKey(ctx.db, rider.userId, idempotency.key);
    if (earlier) {
      if (earlier.requestHash !== idempotency.requestHash) {
        return {
          ok: false,
          code: "idempotency_key_reused",
          message: "This Idempotency-Key was used for a different request.",
        };
      }
      const ride = await rideOf(ctx.env, earlier.id).view(rider);
      if (ride) return { ok: true, ride, created: false };
    }
  }
  const scheduledAt = request.scheduled_at === undefined ? null : bookable(request.scheduled_at);
  await ctx.limitRate();
  // Priced from the same data as the estimate; a ride needs no ETA (dispatch finds the driver).
  const priced = await estimate(
    ctx.env,
    await ctx.catalog(),
    {
      service: request.service,
      pickup: request.pickup,
      dropoff: request.dropoff,
      stops: request.stops ?? [],
      vehicleClass: request.vehicle_class,
      load: packageLoad(request.service, request.package),
    },
    { eta: false },
  );
  // The one class asked for: estimate() has thrown 422 vehicle_class_not_offered if the city does not price it.
  const option = priced.options[0] as EstimateOption;
  const now = new Date();
  const coupon =
    request.coupon_code === undefined
      ? null
      : await usableCoupon(
          ctx.db,
          rider.userId,
          request.coupon_code,
          {
            service: request.service,
            vehicleClass: option.vehicleClass,
            cityId: priced.city.id,
            amount: option.quote.subtotal,
          },
          now,
        );
  const id = crypto.randomUUID();
  const seq = await nextOrderSeq(ctx.db, priced.city.id);
  const requested = openRide(
    {
      id,
      orderNumber: orderNumber(priced.city.code, seq),
      riderId: rider.userId,
      cityId: priced.city.id,
      service: request.service,
      vehicleClass: option.vehicleClass,
      pickup: request.pickup,
      dropoff: request.dropoff,
      // Each drop's proof-of-delivery code, made here once (domain/proofs.ts).
      stops: withCodes(request.stops ?? [], () => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0),
      package: request.package ?? null,
      scheduledAt,
      paymentMethod: request.payment_method,
      tariff: option.tariff,
      taxes: priced.city.taxes,
      surge: option.surge,
      estimate: option.quote,
      estimatedDistanceM: option.distanceM,
      estimatedDurationS: option.durationS,
      cancellationGraceS: priced.city.cancellationGraceS,
      cancellationFee: option.cancellationFee,
      commissionBps: option.commissionBps,
      cardHoldBufferBps: priced.city.cardHoldBufferBps,
      riderRating: await riderRating(ctx.db, rider.userId),
    },
    now.toISOString(),
  );
  if (coupon) {
    requested.coupon = rideCouponOf(coupon.row);
    requested.estimate = rideQuote(requested, requested.estimatedDistanceM, requested.estimatedDurationS);
  }
  if (scheduledAt) {
    const booked = transition(requested.state, { type: "schedule" }, new Date());
    if (booked.ok) requested.state = booked.state;
  }
  // The row first, so the rider's list shows the ride at once and the key is taken.
  const row = await insertRequestedRide(ctx.db, rideSnapshot(requested), idempotency);
  if (!row) {
    // A concurrent request with the same key won the race.
    const earlier = idempotency ? await rideByIdempotencyKey(ctx.db, rider.userId, idempotency.key) : undefined;
    const ride = earlier && (await rideOf(ctx.env, earlier.id).view(rider));
    if (ride) return { ok: true, ride, created: false };
    return {
      ok: false,
      code: "idempotency_conflict",
      message: "A request with this Idempotency-Key is still being processed.",
    };
  }
  // The coupon's use and the money next: a used-up coupon, a decline or a short wallet leaves no ride behind.
  try {
    if (requested.coupon) {
      const discount = discountIn(requested.estimate.lines);
      await reserveCoupon(
        ctx.db,
        {
          couponId: requested.coupon.id,
          userId: rider.userId,
          rideId: id,
          discount,
          currency: requested.estimate.total.currency,
        },
        now,
      );
    }
    // A hold expires: a booked card ride is held when its dispatch starts; here only the card is checked.
    if (scheduledAt && request.payment_method === "card") await chargeableCard(ctx.payments, rider.userId);
    else
      requested.payment = await authorizeRide(ctx.payments, {
        id,
        riderId: rider.userId,
        method: request.payment_method,
        currency: requested.estimate.total.currency,
        estimate: requested.estimate.total.amount,
        holdBufferBps: priced.city.cardHoldBufferBps,
      });
  } catch (error) {
    await abandonCoupon(ctx.db, id).catch(() => {});
    await deleteRide(ctx.db, id).catch(() => {});
    throw error;
  }
  try {
    const ride = await rideOf(ctx.env, id).init({
      ride: requested,
      detourFactor: priced.city.detourFactor,
      avgSpeedKmh: priced.city.avgSpeedKmh,
    });
    await sendDropCodes(ctx.env, requested);
    return { ok: true, ride, created: true };
  } catch (error) {
    // Nothing half-written: no row without its actor, no hold without its ride.
    await releaseAuthorization(ctx.payments, id).catch(() => {});
    await abandonCoupon(ctx.db, id).catch(() => {});
    await deleteRide(ctx.db, id).catch(() => {});
    throw error;
  }
}

/** The time a ride is booked for, normalised, or the 422 that names the bookable range. */
function bookable(scheduledAt: string): string {
  const check = checkScheduledAt(new Date(scheduledAt), new Date());
  if (check.ok) return check.scheduledAt;
  throw new ProblemError(422, "scheduled_at_out_of_range", "A ride can be booked from 15 minutes to 7 days ahead.", {
    members: { earliest: check.earliest, latest: check.latest },
  });
}
