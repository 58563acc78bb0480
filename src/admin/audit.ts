/**
 * The admin audit log: every admin action is written here, in the same
 * transaction as the action when the action is Postgres's (a suspension, a
 * driver's review, a tariff), or just after it when the action happens
 * elsewhere (a ride cancelled in its actor, a refund at the provider).
 * Details carry ids, amounts, statuses and the admin's stated reason, never
 * a user's name, email or phone. Read by GET /v1/admin/audit.
 *
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.update(users).set({ status: "suspended" }).where(eq(users.id, id));
 *   await auditStatement(tx, auditActor(c), { action: "user.suspend", targetType: "user", targetId: id });
 * });
 */
import type { Context } from "hono";
import type { Database } from "../db/client.ts";
import { adminAudit } from "../db/schema/index.ts";
import type { AppEnv } from "../env.ts";
import { caller } from "../http/auth.ts";

/** What admins do. Coupons and other admin routes add theirs here. */
export type AdminActionName =
  | "driver.verify"
  | "driver.reject"
  | "ride.cancel"
  | "payment.refund"
  | "user.suspend"
  | "user.reinstate"
  | "pricing.update"
  | "coupon.create"
  | "coupon.update"
  | "rating.resolve";

export interface AdminAction {
  action: AdminActionName;
  targetType: "user" | "driver" | "ride" | "payment" | "pricing" | "coupon" | "rating";
  targetId: string;
  details?: Record<string, unknown>;
}

/** Who acts: the admin, and the request it came with (for the logs). */
export interface AuditActor {
  adminId: string;
  requestId: string | undefined;
}

export function auditActor(c: Context<AppEnv>): AuditActor {
  return { adminId: caller(c).userId, requestId: c.get("requestId") };
}

/** The insert of one audit row, to run on the action's own transaction (`tx`) or alone. */
export function auditStatement(db: Database, by: AuditActor, action: AdminAction) {
  return db.insert(adminAudit).values({
    actorId: by.adminId,
    action: action.action,
    targetType: action.targetType,
    targetId: action.targetId,
    details: action.details ?? {},
    requestId: by.requestId ?? null,
  });
}

/** Writes the audit row of an action that happened outside Postgres (an actor's, the provider's). */
export async function recordAdminAction(c: Context<AppEnv>, action: AdminAction): Promise<void> {
  await auditStatement(c.var.db(), auditActor(c), action);
}
