/**
 * What the payment use cases need: the database, the card provider and a
 * way to tell a ride's actor that its payment moved. Built once per request,
 * queue batch or cron run by `paymentContext(env, db)`.
 */
import type { Database } from "../db/client.ts";
import type { RidePayment } from "../domain/ride.ts";
import type { PaymentProvider } from "./provider.ts";
import { stripeProvider } from "./stripe.ts";

export interface PaymentContext {
  db: Database;
  provider: PaymentProvider;
  /** Tells the ride's actor (and so its sockets) how its payment stands. */
  tellRide(rideId: string, payment: RidePayment): Promise<void>;
}

export function paymentContext(env: Env, db: Database): PaymentContext {
  return {
    db,
    provider: stripeProvider(env),
    tellRide: async (rideId, payment) => {
      await env.RIDE.getByName(rideId).paymentChanged(payment);
    },
  };
}
