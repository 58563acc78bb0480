/** What admins did: the audit log, one row per admin action (append-only). */
import { index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./identity.ts";

/**
 * An admin action: who (`actor_id`), what (`action`, `user.suspend`), to
 * what (`target_type`, `target_id`) and when. `details` holds ids, amounts,
 * statuses and the admin's stated reason, never a user's name, email or
 * phone. Rows are never changed or deleted (a trigger refuses it).
 */
export const adminAudit = pgTable(
  "admin_audit",
  {
    id: uuid().primaryKey().defaultRandom(),
    actorId: uuid()
      .notNull()
      .references(() => users.id),
    action: text().notNull(),
    targetType: text().notNull(),
    /** A uuid, or a composite key such as `ahmedabad/car/passenger` for a tariff. */
    targetId: text().notNull(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    requestId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("admin_audit_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("admin_audit_actor_idx").on(t.actorId, t.createdAt.desc()),
    index("admin_audit_target_idx").on(t.targetType, t.targetId, t.createdAt.desc()),
    index("admin_audit_action_idx").on(t.action, t.createdAt.desc()),
  ],
);
