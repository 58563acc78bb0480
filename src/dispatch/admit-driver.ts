/**
 * A driver's admission to dispatch: who may go online, and where. Used by
 * GET /v1/ws/driver (routes/ws.ts) once the upgrade's token is verified, and
 * by PUT /v1/drivers/me/online-status (dispatch/driver-http.ts) with the
 * same checks.
 *
 * Only a verified driver with an active vehicle is admitted. The socket goes
 * to the CellActor of the driver's position; the driver's current cell is
 * recorded first, so the new cell can take the driver's record (offer, ride)
 * over from the one before. The actor is told only what was checked here,
 * in TRUSTED headers, never anything the client chose.
 */
import type { AccessClaims } from "../auth/tokens.ts";
import { config } from "../config.ts";
import type { Database } from "../db/client.ts";
import { driverReadiness, moveDriverToCell } from "../db/queries/drivers.ts";
import { cellOf } from "../domain/cells.ts";
import type { DriverSession } from "../domain/driver-status.ts";
import type { LatLng } from "../domain/geo.ts";
import type { SocketRefusal } from "../http/websocket.ts";
import { CLOSE, TRUSTED } from "../protocol/close-codes.ts";

/** The CellActor's answer to the upgrade (101 with its socket), or why the driver may not connect. */
export type Admission = { ok: true; response: Response } | SocketRefusal;

/**
 * Admits `driver` at `position`: 4403 `not_a_driver`, `driver_not_verified`
 * or `no_active_vehicle`; otherwise the upgrade (`upgrade`: the client's
 * websocket handshake headers, nothing else) forwarded to the cell.
 *
 * @example
 * const admission = await admitDriver(c.env, c.var.db(), claims, { lat, lng }, upgradeHeaders(c.req.raw));
 * return admission.ok ? admission.response : refuseSocket(admission);
 */
export async function admitDriver(
  env: Env,
  db: Database,
  driver: AccessClaims,
  position: LatLng,
  upgrade: Headers,
): Promise<Admission> {
  const admitted = await admitToCell(env, db, driver, position);
  if (!admitted.ok) return admitted;
  const { session, cell, previousCell } = admitted;
  const headers = new Headers(upgrade);
  headers.set(TRUSTED.userId, driver.userId);
  headers.set(TRUSTED.role, driver.role);
  headers.set(TRUSTED.vehicleId, session.vehicleId);
  headers.set(TRUSTED.vehicleClass, session.vehicleClass);
  headers.set(TRUSTED.tokenExp, String(driver.exp));
  headers.set(TRUSTED.rating, String(session.rating));
  if (previousCell && previousCell !== cell) headers.set(TRUSTED.previousCell, previousCell);
  // A fresh URL: nothing the client chose (partyserver reads `_pk`, say) reaches the actor.
  const url = new URL(`https://cell.internal/${cell}`);
  url.searchParams.set("lat", String(position.lat));
  url.searchParams.set("lng", String(position.lng));
  return { ok: true, response: await env.CELL.getByName(cell).fetch(new Request(url, { headers })) };
}

/** Who goes online, where: the session the cell is given, the cell, and the cell the driver was in before. */
export type CellAdmission =
  | { ok: true; session: DriverSession; cell: string; previousCell: string | null }
  | SocketRefusal;

/**
 * The checks of every way online: a verified driver with an active vehicle
 * (4403 / 403 `not_a_driver`, `driver_not_verified`, `no_active_vehicle`).
 * The driver's current cell is recorded before the cell is reached.
 */
export async function admitToCell(
  env: Env,
  db: Database,
  driver: AccessClaims,
  position: LatLng,
): Promise<CellAdmission> {
  if (driver.role !== "driver") {
    return { ok: false, close: CLOSE.forbidden, code: "not_a_driver", message: "Only drivers connect here." };
  }
  const readiness = await driverReadiness(db, driver.userId);
  if (readiness.status !== "verified") {
    return {
      ok: false,
      close: CLOSE.forbidden,
      code: "driver_not_verified",
      message: "Your driver profile is not verified yet; an admin reviews your documents.",
    };
  }
  if (!readiness.vehicle) {
    return {
      ok: false,
      close: CLOSE.forbidden,
      code: "no_active_vehicle",
      message: "Choose an active vehicle before going online.",
    };
  }
  const cell = cellOf(position, config(env).cellRes);
  const session: DriverSession = {
    driverId: driver.userId,
    vehicleId: readiness.vehicle.id,
    vehicleClass: readiness.vehicle.vehicleClassId,
    // No ratings yet counts as 5, as the cell reads the socket's header (protocol/close-codes.ts).
    rating: readiness.rating || 5,
    lat: position.lat,
    lng: position.lng,
  };
  return { ok: true, session, cell, previousCell: await moveDriverToCell(db, driver.userId, cell) };
}
