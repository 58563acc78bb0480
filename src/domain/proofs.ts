/**
 * Proof of delivery, as pure rules over a ride's stops and photos: the
 * 4-digit code of each drop (made when the ride is requested, shown to the
 * sender, sent to the drop's contact), the check of the code the driver
 * gives to complete that drop, the lock after five wrong codes (then only a
 * drop photo completes it, and the drop is flagged for an admin), where a
 * photo may be taken, and the proofs as the sender and admins see them.
 * Used by POST /v1/rides (dispatch/request-ride.ts), the RideActor
 * (durable-objects/ride-proofs.ts, ride-stops.ts) and routes/ride-proofs.ts.
 *
 * The codes live in the stops the RideActor keeps; nothing a driver reads
 * (their ride view, offer, socket frames, GET by the driver) nor the
 * Postgres projection carries them (`withoutCodes`).
 */
import type { LatLng } from "./geo.ts";
import type { RideStatus } from "./ride-lifecycle.ts";
import { type RideStop, type RideStopInput, type StopStep, type StopStepResult, stopStep } from "./ride-stops.ts";

/** Wrong codes a drop takes before only a photo completes it. */
export const CODE_TRIES = 5;

/** Where a photo is taken: at the pickup, or at a drop (with its index). */
export const PHOTO_STAGES = ["pickup", "drop"] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

/** A photo as the ride keeps it; the bytes are in R2. */
export interface ProofPhoto {
  id: string;
  stage: PhotoStage;
  /** The drop, for `drop`; null for `pickup`. */
  index: number | null;
  /** When it was received (ISO 8601). */
  at: string;
  /** The driver's last known position then, or null when none was known. */
  position: (LatLng & { ts: string }) | null;
  content_type: string;
  bytes: number;
}

/**
 * A drop's code from a random 32-bit number (crypto.getRandomValues in the
 * Worker): 0000 to 9999, evenly enough (2^32 mod 10^4 is under 10^-5 of the range).
 */
export function dropCode(random: number): string {
  return String(Math.abs(Math.trunc(random)) % 10_000).padStart(4, "0");
}

/** The stops as a ride opens with them: each with a fresh code. */
export function withCodes(stops: readonly RideStopInput[], random: () => number): RideStop[] {
  return stops.map((stop) => ({ ...stop, code: dropCode(random()), code_tries: 0 }));
}

/** A stop with no code and no count of tries: for the Postgres projection and the ride's events. */
export function withoutCodes(stop: RideStop): RideStop {
  const { code: _code, code_tries: _tries, ...rest } = stop;
  return rest;
}

/** Why a drop's completion is refused for its proof; each a stable `code` on the wire. */
export type ProofRefusalCode = "code_required" | "wrong_code" | "code_locked";

/** `none` for a stop made before codes; `pending` until proved; `confirmed` by code; `locked` after five wrong codes. */
export const CODE_STATUSES = ["none", "pending", "confirmed", "locked"] as const;
export type CodeStatus = (typeof CODE_STATUSES)[number];

export function codeStatus(stop: RideStop): CodeStatus {
  if (stop.code === undefined) return "none";
  if (stop.proof === "code") return "confirmed";
  return (stop.code_tries ?? 0) >= CODE_TRIES ? "locked" : "pending";
}

export type CompleteResult =
  | StopStepResult
  | { ok: false; code: ProofRefusalCode; message: string; stops?: RideStop[] };

/**
 * Completes a drop with its proof: the stop's own rules first (order,
 * arrival), then the code. A wrong code is refused with the stops to keep
 * (one more try counted; the fifth locks the drop and flags it). A locked
 * drop completes only with a drop photo, whatever code is sent. A stop
 * without a code (a ride opened before codes) needs none.
 *
 * @example
 * completeDrop(ride.stops, { index: 0, action: "complete", code: "4821" }, photosOf(ride, 0).length > 0, now)
 */
export function completeDrop(
  stops: readonly RideStop[],
  step: StopStep,
  hasDropPhoto: boolean,
  nowIso: string,
): CompleteResult {
  const result = stopStep(stops, step, nowIso);
  const stop = stops[step.index];
  if (!result.ok || !stop || stop.code === undefined) return result;
  const tries = stop.code_tries ?? 0;
  const proved = (proof: "code" | "photo"): CompleteResult => ({
    ...result,
    stops: result.stops.map((s, i) => (i === step.index ? { ...s, proof } : s)),
  });
  if (tries >= CODE_TRIES) {
    if (hasDropPhoto) return proved("photo");
    return {
      ok: false,
      code: "code_locked",
      message: `Stop ${step.index} took ${CODE_TRIES} wrong codes: it completes with a drop photo.`,
    };
  }
  if (step.code === undefined) {
    return { ok: false, code: "code_required", message: `Stop ${step.index} completes with the recipient's code.` };
  }
  if (step.code === stop.code) return proved("code");
  const counted: RideStop = {
    ...stop,
    code_tries: tries + 1,
    ...(tries + 1 >= CODE_TRIES ? { flagged_at: nowIso } : {}),
  };
  const left = CODE_TRIES - tries - 1;
  return {
    ok: false,
    code: "wrong_code",
    message:
      left > 0
        ? `That is not stop ${step.index}'s code: ${left} ${left === 1 ? "try" : "tries"} left.`
        : `That is not stop ${step.index}'s code, the last try: it completes with a drop photo now.`,
    stops: stops.map((s, i) => (i === step.index ? counted : s)),
  };
}

/** Where a photo may be taken, or why not (the caller has checked it is the assigned driver's). */
export function photoRefusal(
  status: RideStatus,
  stops: readonly RideStop[],
  stage: PhotoStage,
  index: number | null,
): { code: "invalid_state" | "stop_not_found" | "stop_not_arrived"; message: string } | null {
  if (stage === "pickup") {
    return ["driver_assigned", "driver_arrived", "in_progress"].includes(status)
      ? null
      : { code: "invalid_state", message: `The ride is ${status}: a pickup photo is taken at the pickup.` };
  }
  const stop = index === null ? undefined : stops[index];
  if (!stop) return { code: "stop_not_found", message: `The ride has no stop ${index}.` };
  if (status !== "in_progress" && status !== "completed") {
    return { code: "invalid_state", message: `The ride is ${status}: drop photos are taken after the pickup.` };
  }
  if ((stop.status ?? "pending") === "pending") {
    return { code: "stop_not_arrived", message: `A photo of stop ${index} is taken after arriving there.` };
  }
  return null;
}

/** The proofs as the sender and admins see them (GET /v1/rides/{id}/proofs). */
export function proofsView(rideId: string, stops: readonly RideStop[], photos: readonly ProofPhoto[]) {
  return {
    ride_id: rideId,
    photos: photos.map((p) => ({
      id: p.id,
      stage: p.stage,
      index: p.index,
      taken_at: p.at,
      position: p.position,
      content_type: p.content_type,
      bytes: p.bytes,
      url: `/v1/rides/${rideId}/photos/${p.id}`,
    })),
    stops: stops.map((stop, index) => ({
      index,
      status: stop.status ?? "pending",
      code: stop.code ?? null,
      code_status: codeStatus(stop),
      wrong_codes: stop.code_tries ?? 0,
      flagged: stop.flagged_at !== undefined,
      flagged_at: stop.flagged_at ?? null,
      proof: stop.proof ?? null,
      photos: photos.filter((p) => p.stage === "drop" && p.index === index).map((p) => p.id),
    })),
  };
}

export type ProofsView = ReturnType<typeof proofsView>;

/** The stops for the sender or an admin: each with its code (never for the driver). */
export function stopsWithCodes<T extends { index: number }>(wire: readonly T[], stops: readonly RideStop[]) {
  return wire.map((w) => ({ ...w, code: stops[w.index]?.code ?? null }));
}
