/**
 * A booked card ride's hold, taken when its dispatch starts (not at
 * request: a hold expires), for the RideActor (durable-objects/ride-schedule.ts).
 * The card is charged off session for the ride's quote plus the city's
 * buffer, as a ride requested for now is at request (payments/ride-payment.ts).
 */
import { createDb } from "../db/client.ts";
import type { RidePayment, RideRecord } from "../domain/ride.ts";
import { ProblemError } from "../http/problem.ts";
import { paymentContext } from "../payments/context.ts";
import { authorizeRide, releaseAuthorization } from "../payments/ride-payment.ts";

/** The default of `cities.card_hold_buffer_bps`, for a ride booked before the record kept its city's. */
const DEFAULT_HOLD_BUFFER_BPS = 2000;

export type DispatchHold =
  | { ok: true; payment: RidePayment | null }
  /** The card was refused (`payment_failed`) or is gone (`payment_method_required`): the ride cannot go. */
  | { ok: false; declined: true; code: string }
  /** The provider or the database could not be reached: try again. */
  | { ok: false; declined: false; error: unknown };

/** Holds the ride's card now; other methods were settled at request (a wallet hold does not expire). */
export async function holdAtDispatch(env: Env, r: RideRecord): Promise<DispatchHold> {
  if (r.paymentMethod !== "card") return { ok: true, payment: null };
  const { db, close } = createDb(env);
  try {
    const payment = await authorizeRide(paymentContext(env, db), {
      id: r.id,
      riderId: r.riderId,
      method: "card",
      currency: r.estimate.total.currency,
      estimate: r.estimate.total.amount,
      holdBufferBps: r.cardHoldBufferBps ?? DEFAULT_HOLD_BUFFER_BPS,
      offSession: true,
    });
    return { ok: true, payment };
  } catch (error) {
    if (error instanceof ProblemError && (error.status === 402 || error.status === 422)) {
      return { ok: false, declined: true, code: error.code };
    }
    return { ok: false, declined: false, error };
  } finally {
    await close().catch(() => {});
  }
}

/** Lets go of a hold taken for a ride that was cancelled while it was being taken. */
export async function releaseDispatchHold(env: Env, rideId: string): Promise<void> {
  const { db, close } = createDb(env);
  try {
    await releaseAuthorization(paymentContext(env, db), rideId);
  } finally {
    await close().catch(() => {});
  }
}
