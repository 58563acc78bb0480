/** A stored notification as the list, the socket and push show it (protocol/me.ts `NotificationWire`). */
import type { NotificationRow } from "../db/queries/notifications.ts";
import { seqCursor } from "../http/cursor.ts";
import type { NotificationWire } from "../protocol/me.ts";

export function notificationJson(row: NotificationRow): NotificationWire {
  return {
    id: row.id,
    cursor: seqCursor(row.seq),
    category: row.category,
    type: row.type,
    title: row.title,
    body: row.body,
    data: row.data ?? {},
    read_at: row.readAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  };
}
