/** The shapes every websocket message is built from (DESIGN.md, "Conventions"). */
import { z } from "zod";

export const Lat = z.number().min(-90).max(90);
export const Lng = z.number().min(-180).max(180);
/** A point on the wire: `{ "lat": number, "lng": number }` (WGS 84). */
export const Point = z.object({ lat: Lat, lng: Lng });
/** Integer minor units and an ISO 4217 currency. */
export const Money = z.object({ amount: z.number().int(), currency: z.string().regex(/^[A-Z]{3}$/) });
/** Times on the wire are ISO 8601 UTC. */
export const Instant = z.iso.datetime();
