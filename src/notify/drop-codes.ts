/**
 * Each drop's proof-of-delivery code to the drop's contact, by SMS
 * (sms.ts), once the ride is open (dispatch/request-ride.ts). A drop
 * without a phone gets none: the sender sees every code in their ride view.
 * A provider's failure is logged and never undoes the ride.
 */
import type { RideRecord } from "../domain/ride.ts";
import { errorFields, log } from "../log.ts";
import { smsProvider } from "./sms.ts";

/** Sends each drop's code to its contact phone; never throws. */
export async function sendDropCodes(env: { ENVIRONMENT: string }, ride: RideRecord): Promise<void> {
  const sms = smsProvider(env);
  const order = ride.orderNumber ? ` (${ride.orderNumber})` : "";
  await Promise.all(
    ride.stops.map(async (stop, index) => {
      if (!stop.contact_phone || !stop.code) return;
      const text = `Curbside: a delivery${order} is on its way to you. Give the driver this code when it arrives: ${stop.code}`;
      await sms.send(stop.contact_phone, text).catch((error: unknown) => {
        log("error", "sendDropCodes", { ride: ride.id, stop: index, ...errorFields(error) });
      });
    }),
  );
}
