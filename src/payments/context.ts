/**
 * What the payment use cases need: the database, the card provider, a way
 * to tell a ride's actor that its payment moved, the event queue, and the
 * parking search index. Built once per request,
 * queue batch or cron run by `paymentContext(env, db)`.
 */
import type { Database } from "../db/client.ts";
import type { EventEnvelope } from "../domain/events.ts";
import type { RidePayment } from "../domain/ride.ts";
import { errorFields, log } from "../log.ts";
import { type SpotIndexClient, spotIndex } from "../parking/spot-index.ts";
import type { PaymentProvider } from "./provider.ts";
import { stripeProvider } from "./stripe.ts";

export interface PaymentContext {
  db: Database;
  provider: PaymentProvider;
  /** Tells the ride's actor (and so its sockets) how its payment stands. */
  tellRide(rideId: string, payment: RidePayment): Promise<void>;
  /** Puts events on the queue (parking's booking updates); never fails the caller. */
  announce(events: EventEnvelope[]): Promise<void>;
  /** The search index of parking spots, told of every booking's window as it is held or freed. */
  spots: SpotIndexClient;
}

export function paymentContext(env: Env, db: Database): PaymentContext {
  return {
    db,
    provider: stripeProvider(env),
    tellRide: async (rideId, payment) => {
      await env.RIDE.getByName(rideId).paymentChanged(payment);
    },
    announce: async (events) => {
      if (events.length === 0) return;
      await env.EVENTS.sendBatch(events.map((body) => ({ body }))).catch((error: unknown) =>
        log("warn", "events.announce_failed", { types: events.map((e) => e.type), ...errorFields(error) }),
      );
    },
    spots: spotIndex(env),
  };
}
