import type { DriverSession } from "../domain/driver-status.ts";

/**
 * Websocket close codes Curbside uses (4000–4999 are the application's).
 * The close reason carries the same stable `code` string as problem+json.
 *
 * | code | reason examples                                 | what the client does           |
 * | 4001 | token_expired                                   | refresh the token, reconnect   |
 * | 4400 | invalid_position, invalid_request               | fix the request                |
 * | 4401 | unauthenticated, invalid_token                  | sign in again                  |
 * | 4403 | not_a_driver, driver_not_verified, no_active_vehicle, account_suspended | show the reason; do not retry |
 * | 4404 | ride_not_found                                  | the ride is not the caller's   |
 * | 4408 | idle_timeout                                    | reconnect when back            |
 * | 4409 | replaced                                        | another socket took over       |
 */
export const CLOSE = {
  tokenExpired: 4001,
  badRequest: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  notFound: 4404,
  idleTimeout: 4408,
  replaced: 4409,
} as const;

/** Headers only the Worker sets on a request it forwards to an actor (client copies are dropped). */
export const TRUSTED = {
  userId: "x-curbside-user-id",
  role: "x-curbside-role",
  vehicleClass: "x-curbside-vehicle-class",
  vehicleId: "x-curbside-vehicle-id",
  tokenExp: "x-curbside-token-exp",
  rating: "x-curbside-rating",
  /** The cell the driver's socket was in before this connection, if another. */
  previousCell: "x-curbside-previous-cell",
  /** The live channel's resume point: the `seq` of the last notification the client saw. */
  afterSeq: "x-curbside-after-seq",
} as const;

/** A driver's admission as the Worker forwarded it to their cell: who, with what, where, until when. */
export interface TrustedDriver extends DriverSession {
  /** Access-token expiry, seconds since the epoch. */
  tokenExp: number;
}

/** Reads a forwarded driver upgrade (TRUSTED headers, `?lat=&lng=`); null if it is not one. */
export function trustedDriver(request: Request): TrustedDriver | null {
  const h = request.headers;
  const url = new URL(request.url);
  const driverId = h.get(TRUSTED.userId) ?? "";
  const tokenExp = Number(h.get(TRUSTED.tokenExp));
  if (!driverId || h.get(TRUSTED.role) !== "driver" || !Number.isFinite(tokenExp)) return null;
  return {
    driverId,
    vehicleId: h.get(TRUSTED.vehicleId) ?? "",
    vehicleClass: h.get(TRUSTED.vehicleClass) ?? "",
    rating: Number(h.get(TRUSTED.rating)) || 5,
    lat: Number(url.searchParams.get("lat")),
    lng: Number(url.searchParams.get("lng")),
    tokenExp,
  };
}
