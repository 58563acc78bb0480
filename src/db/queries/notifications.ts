/**
 * A user's notifications: made (once per dedupe key), listed newest first,
 * replayed oldest first after a cursor (the live channel's resume), counted
 * unread and marked read. Every read and write is scoped to the user.
 */
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, sql } from "drizzle-orm";
import type { NotificationDraft } from "../../domain/notifications.ts";
import type { Database } from "../client.ts";
import { notifications } from "../schema/index.ts";

export type NotificationRow = typeof notifications.$inferSelect;

/** Stores the drafts; a draft whose dedupe key is already stored is skipped. Returns the rows made now. */
export async function insertNotifications(db: Database, drafts: NotificationDraft[]): Promise<NotificationRow[]> {
  if (drafts.length === 0) return [];
  return db
    .insert(notifications)
    .values(
      drafts.map((d) => ({
        userId: d.user_id,
        category: d.category,
        type: d.type,
        title: d.title,
        body: d.body,
        data: d.data,
        dedupeKey: d.dedupe_key ?? null,
      })),
    )
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning();
}

/** Newest first, before `beforeSeq` when given; `limit + 1` rows for `page()`. */
export function listNotifications(
  db: Database,
  userId: string,
  limit: number,
  options: { beforeSeq?: number | undefined; unreadOnly?: boolean | undefined } = {},
) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        options.beforeSeq !== undefined ? lt(notifications.seq, options.beforeSeq) : undefined,
        options.unreadOnly ? isNull(notifications.readAt) : undefined,
      ),
    )
    .orderBy(desc(notifications.seq))
    .limit(limit + 1);
}

/** Oldest first, after `afterSeq`: what a live channel missed while it was away. */
export function notificationsAfter(db: Database, userId: string, afterSeq: number, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), gt(notifications.seq, afterSeq)))
    .orderBy(asc(notifications.seq))
    .limit(limit);
}

export async function unreadCount(db: Database, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks the user's notifications read: these ids (others' ids are ignored), or all. Returns how many changed. */
export async function markRead(db: Database, userId: string, which: { ids: string[] } | { all: true }) {
  const changed = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        "ids" in which ? inArray(notifications.id, which.ids) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  return changed.length;
}

export async function notificationById(db: Database, id: string): Promise<NotificationRow | undefined> {
  const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
  return row;
}
