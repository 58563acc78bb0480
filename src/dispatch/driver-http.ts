/**
 * The driver's day over HTTP, for apps that cannot hold a socket
 * (routes/driver-jobs.ts). Each call reaches the driver's CellActor
 * (`CellActor.http`) and takes the path a socket's frame takes there: going
 * online passes the same admission as the socket (dispatch/admit-driver.ts);
 * a location, an accept or a decline is the socket's frame, judged by the
 * same status step. The driver's cell is the one recorded when they last
 * went online (`driver_profiles.current_cell`); a location that crosses into
 * the next cell is followed at once by going online there, as a socket's app
 * reconnects after `handoff`.
 */
import type { AccessClaims } from "../auth/tokens.ts";
import type { Database } from "../db/client.ts";
import { driverCell } from "../db/queries/drivers.ts";
import { type DriverJobs, type JobRefusal, jobRefusal, jobsOf, refusalIn } from "../domain/driver-jobs.ts";
import type { LatLng } from "../domain/geo.ts";
import type { HttpDriverAnswer, HttpDriverCall } from "../protocol/actors.ts";
import type { DriverClientMessage } from "../protocol/driver.ts";
import { admitToCell } from "./admit-driver.ts";

/** The driver's jobs after the call, or why it was refused (a stable code; the route picks the status). */
export type DriverHttpResult = { ok: true; jobs: DriverJobs } | ({ ok: false } & JobRefusal);

type Location = Extract<DriverClientMessage, { type: "location" }>;

const offline = (): DriverHttpResult => ({
  ok: false,
  code: "driver_offline",
  message: "You are offline; go online first (PUT /v1/drivers/me/online-status).",
});

/** Asks the driver's cell; null when the driver has never been online. */
async function ask(env: Env, db: Database, driverId: string, call: HttpDriverCall): Promise<HttpDriverAnswer | null> {
  const cell = await driverCell(db, driverId);
  return cell ? env.CELL.getByName(cell).http(driverId, call) : null;
}

/** Online at `position`, after the socket's checks: the driver's jobs (an offer or ride they held comes along). */
export async function goOnline(env: Env, db: Database, driver: AccessClaims, position: LatLng) {
  const admitted = await admitToCell(env, db, driver, position);
  if (!admitted.ok) return { ok: false, code: admitted.code, message: admitted.message } as const;
  const call: HttpDriverCall = { type: "online", session: admitted.session, previousCell: admitted.previousCell };
  const answer = await env.CELL.getByName(admitted.cell).http(driver.userId, call);
  return { ok: true, jobs: jobsOf(answer.after) } as const;
}

/** Offline now: an open offer goes back to its ride; refused (`status_locked`) on a ride. */
export async function goOffline(env: Env, db: Database, driverId: string): Promise<DriverHttpResult> {
  const answer = await ask(env, db, driverId, { type: "offline" });
  const refusal = answer ? refusalIn(answer.messages) : null;
  if (refusal) return { ok: false, ...refusal };
  return { ok: true, jobs: jobsOf(answer?.after ?? null) };
}

/** The driver's status, open offer and ride; reading counts as hearing from the app. */
export async function jobs(env: Env, db: Database, driverId: string): Promise<DriverJobs> {
  return jobsOf((await ask(env, db, driverId, { type: "jobs" }))?.after ?? null);
}

/** A position, taken by the cell as a socket's location frame; across the cell's border, online in the next one. */
export async function reportLocation(
  env: Env,
  db: Database,
  driver: AccessClaims,
  location: Location,
): Promise<DriverHttpResult> {
  const answer = await ask(env, db, driver.userId, { type: "frame", message: location });
  if (!answer?.before) return offline();
  const handoff = answer.messages.find((m) => m.type === "handoff");
  if (handoff) return goOnline(env, db, driver, { lat: handoff.lat, lng: handoff.lng });
  return { ok: true, jobs: jobsOf(answer.after) };
}

/** Accepts or declines the open offer of `rideId`, as the socket's `offer.accept` / `offer.decline`. */
export async function answerOffer(
  env: Env,
  db: Database,
  driverId: string,
  rideId: string,
  answer: "accept" | "decline",
): Promise<DriverHttpResult> {
  const message = { type: answer === "accept" ? "offer.accept" : "offer.decline", ride_id: rideId } as const;
  const reply = await ask(env, db, driverId, { type: "frame", message });
  const refusal = jobRefusal(answer, reply?.before ?? null, reply?.messages ?? [], rideId);
  if (refusal) return { ok: false, ...refusal };
  return { ok: true, jobs: jobsOf(reply?.after ?? null) };
}
