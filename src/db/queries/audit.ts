/** The admin audit log, newest first, for GET /v1/admin/audit (the writes: src/admin/audit.ts). */
import { and, eq, gte, lt } from "drizzle-orm";
import type { Database } from "../client.ts";
import { adminAudit } from "../schema/index.ts";
import { afterCursor, type Cursor, keysetOrder } from "./cursor.ts";

export type AuditRow = typeof adminAudit.$inferSelect;

export interface AuditFilter {
  actorId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export function listAudit(db: Database, f: AuditFilter, limit: number, cursor?: Cursor) {
  return db
    .select()
    .from(adminAudit)
    .where(
      and(
        f.actorId !== undefined ? eq(adminAudit.actorId, f.actorId) : undefined,
        f.action !== undefined ? eq(adminAudit.action, f.action) : undefined,
        f.targetType !== undefined ? eq(adminAudit.targetType, f.targetType) : undefined,
        f.targetId !== undefined ? eq(adminAudit.targetId, f.targetId) : undefined,
        f.from !== undefined ? gte(adminAudit.createdAt, f.from) : undefined,
        f.to !== undefined ? lt(adminAudit.createdAt, f.to) : undefined,
        cursor ? afterCursor(adminAudit.createdAt, adminAudit.id, cursor, "desc") : undefined,
      ),
    )
    .orderBy(...keysetOrder(adminAudit.createdAt, adminAudit.id, "desc"))
    .limit(limit + 1);
}
