/**
 * A driver's day as an app without a socket sees it (routes/driver-jobs.ts):
 * their status, open offer and current ride, read from the cell's record, and
 * what an accept or decline over HTTP came to, read from the messages a
 * socket would have been sent for the same frame (domain/driver-status.ts).
 */
import type { DriverServerMessage, OfferMessage, DriverRideMessage as RideMessage } from "../protocol/driver.ts";
import type { DriverRecord, DriverStatus } from "./driver-status.ts";

/** GET /v1/drivers/me/jobs: `offline` when no cell holds the driver. */
export interface DriverJobs {
  status: DriverStatus | "offline";
  offer: OfferMessage | null;
  ride: RideMessage | null;
}

/** What the driver's record shows their app; null (no record) is offline. */
export function jobsOf(record: DriverRecord | null): DriverJobs {
  if (!record) return { status: "offline", offer: null, ride: null };
  return { status: record.status, offer: record.offer?.message ?? null, ride: record.ride };
}

/** Why a driver's call over HTTP was refused: a code for problem+json, and its words. */
export interface JobRefusal {
  code: string;
  message: string;
}

/** The refusal among a step's messages, if any (an `error` frame, as a socket would get it). */
export function refusalIn(messages: readonly DriverServerMessage[]): JobRefusal | null {
  const error = messages.find((m) => m.type === "error");
  return error ? { code: error.code, message: error.message } : null;
}

/**
 * What an accept or decline of `rideId` came to: refused with
 * `offer_not_found` when the driver held no offer of that ride before the
 * call (never theirs, already answered, or taken back), with `offer_expired`
 * when it lapsed or the ride went to someone else meanwhile; null when it
 * was done. Accepting a ride that is already the driver's is done (a retry).
 *
 * @example
 * jobRefusal("accept", before, [{ type: "offer.expired", ride_id }], ride_id) // { code: "offer_expired", … }
 */
export function jobRefusal(
  answer: "accept" | "decline",
  before: DriverRecord | null,
  messages: readonly DriverServerMessage[],
  rideId: string,
): JobRefusal | null {
  if (answer === "accept" && before?.ride?.ride_id === rideId) return null;
  if (before?.offer?.rideId !== rideId) {
    return { code: "offer_not_found", message: "You hold no open offer of this ride." };
  }
  if (messages.some((m) => m.type === "offer.expired" && m.ride_id === rideId)) {
    return { code: "offer_expired", message: "The offer has lapsed, or the ride is no longer open." };
  }
  return refusalIn(messages);
}
