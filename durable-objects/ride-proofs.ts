/**
 * Proof of delivery, for the RideActor: the photos the assigned driver
 * takes at the pickup and at each drop (the bytes in R2, put there by
 * routes/ride-proofs.ts; here what was taken, when and where), the proofs
 * for the sender and admins, and the ride view with each drop's code for
 * them — never for the driver. The rules are domain/proofs.ts.
 */

import {
  type PhotoStage,
  type ProofPhoto,
  type ProofsView,
  photoRefusal,
  proofsView,
  stopsWithCodes,
} from "../src/domain/proofs.ts";
import { mayView, type RideRecord, type RideView, rideView } from "../src/domain/ride.ts";
import { type Refusal, refused, type Viewer } from "../src/protocol/actors.ts";

/** A photo the Worker has put in R2, for the ride to record. */
export interface PhotoInput {
  id: string;
  stage: PhotoStage;
  index: number | null;
  contentType: string;
  bytes: number;
}

export type PhotoResult = { ok: true; photo: ProofPhoto } | Refusal;

/** Whether drop `index` has a photo: what completes it once its code is locked. */
export function hasDropPhoto(r: RideRecord, index: number): boolean {
  return (r.photos ?? []).some((p) => p.stage === "drop" && p.index === index);
}

/** Records the assigned driver's photo with their last known position and the time; written before the answer. */
export async function recordPhoto(
  scope: { ride: RideRecord; save(): Promise<void> },
  driverId: string,
  input: PhotoInput,
): Promise<PhotoResult> {
  const r = scope.ride;
  if (r.driver?.id !== driverId) return refused("not_your_ride", "This is not your ride.");
  const refusal = photoRefusal(r.state.status, r.stops, input.stage, input.index);
  if (refusal) return refused(refusal.code, refusal.message);
  const p = r.driverPosition;
  const photo: ProofPhoto = {
    id: input.id,
    stage: input.stage,
    index: input.stage === "drop" ? input.index : null,
    at: new Date().toISOString(),
    position: p ? { lat: p.lat, lng: p.lng, ts: new Date(p.ts).toISOString() } : null,
    content_type: input.contentType,
    bytes: input.bytes,
  };
  r.photos = [...(r.photos ?? []), photo];
  await scope.save();
  return { ok: true, photo };
}

/** The sender and admins only: the driver sees no proofs (the codes are in them). */
const sender = (r: RideRecord, viewer: Viewer) => viewer.role === "admin" || viewer.userId === r.riderId;

/** The ride's proofs for its sender or an admin; null for anyone else. */
export function proofsFor(r: RideRecord, viewer: Viewer): ProofsView | null {
  return sender(r, viewer) ? proofsView(r.id, r.stops, r.photos ?? []) : null;
}

/** The ride for someone allowed to see it; the drops' codes only for its sender and admins. */
export function viewFor(r: RideRecord, offeredTo: string | null, viewer: Viewer): RideView | null {
  if (!mayView(r, offeredTo, viewer)) return null;
  const view = rideView(r);
  return sender(r, viewer) ? { ...view, stops: stopsWithCodes(view.stops, r.stops) } : view;
}
