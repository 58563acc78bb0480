/**
 * Suspending and reinstating an account (POST /v1/admin/users/{id}/suspend
 * and /reinstate). A suspension, in one transaction: the account's status,
 * every refresh token it holds revoked (so no refresh works again), and the
 * audit row. Then, at once: its access tokens are refused by this isolate
 * (auth/suspensions.ts; other isolates within about SUSPENSIONS_FRESH_MS), and
 * its sockets are closed: a driver's in the cell their app last connected to,
 * and every socket of theirs on a ride they are part of (the actors'
 * `closeSuspended`, durable-objects/user-sockets.ts). The rides themselves
 * go on: the answer lists them, for the admin to cancel or follow.
 */
import { noteReinstated, noteSuspended } from "../auth/suspensions.ts";
import type { Database, HttpDatabase } from "../db/client.ts";
import { lockUser, markReinstated, markSuspended } from "../db/queries/admin-users.ts";
import { driverCell } from "../db/queries/drivers.ts";
import { activeRideIds } from "../db/queries/rides.ts";
import type { UserRow } from "../db/queries/users.ts";
import { errorFields, log } from "../log.ts";
import { type AuditActor, auditStatement } from "./audit.ts";

export type StatusChange =
  | { ok: true; user: UserRow; activeRides: string[]; socketsClosed: number }
  | { ok: false; reason: "not_found" | "own_account" | "already_suspended" | "not_suspended" | "deleted" };

type Refused = Extract<StatusChange, { ok: false }>;

/**
 * One status change in one transaction: the account locked, `decide` says
 * why not or writes the change, and the audit row is written with it.
 */
function change(
  db: HttpDatabase,
  by: AuditActor,
  userId: string,
  action: "user.suspend" | "user.reinstate",
  reason: string,
  decide: (tx: Database, user: UserRow) => Promise<UserRow | Refused>,
): Promise<{ ok: true; user: UserRow } | Refused> {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, userId);
    if (!user) return { ok: false, reason: "not_found" };
    const changed = await decide(tx, user);
    if ("ok" in changed) return changed;
    const details = { role: user.role, reason };
    await auditStatement(tx, by, { action, targetType: "user", targetId: userId, details });
    return { ok: true, user: changed };
  });
}

/** Suspends the account, with the admin's reason (kept in the audit log only). */
export async function suspendUser(
  env: Env,
  db: HttpDatabase,
  by: AuditActor,
  userId: string,
  reason: string,
): Promise<StatusChange> {
  const changed = await change(db, by, userId, "user.suspend", reason, async (tx, user) => {
    if (user.id === by.adminId) return { ok: false, reason: "own_account" };
    if (user.status === "suspended") return { ok: false, reason: "already_suspended" };
    if (user.status === "deleted") return { ok: false, reason: "deleted" };
    return (await markSuspended(tx, userId, new Date())) ?? user;
  });
  if (!changed.ok) return changed;
  noteSuspended(userId);
  const { activeRides, socketsClosed } = await closeSockets(env, db, changed.user);
  return { ok: true, user: changed.user, activeRides, socketsClosed };
}

/** Lifts the suspension; the user signs in again (their sessions were revoked). */
export async function reinstateUser(
  db: HttpDatabase,
  by: AuditActor,
  userId: string,
  reason: string,
): Promise<StatusChange> {
  const changed = await change(db, by, userId, "user.reinstate", reason, async (tx, user) => {
    if (user.status !== "suspended") return { ok: false, reason: "not_suspended" };
    return (await markReinstated(tx, userId, new Date())) ?? user;
  });
  if (!changed.ok) return changed;
  noteReinstated(userId);
  return { ok: true, user: changed.user, activeRides: [], socketsClosed: 0 };
}

/** Closes the user's sockets in their cell (a driver's) and on their rides; an actor that fails is logged. */
async function closeSockets(env: Env, db: Database, user: UserRow) {
  const [cell, activeRides] = await Promise.all([
    user.role === "driver" ? driverCell(db, user.id) : Promise.resolve(null),
    activeRideIds(db, user.id),
  ]);
  const closing = [
    ...(cell ? [env.CELL.getByName(cell).closeSuspended(user.id)] : []),
    ...activeRides.map((id) => env.RIDE.getByName(id).closeSuspended(user.id)),
  ];
  let socketsClosed = 0;
  for (const outcome of await Promise.allSettled(closing)) {
    if (outcome.status === "fulfilled") socketsClosed += outcome.value;
    else log("error", "admin.suspension.close_sockets", { user_id: user.id, ...errorFields(outcome.reason) });
  }
  return { activeRides, socketsClosed };
}
