/**
 * The caller's notifications (src/notify/). Mounted at /v1/notifications.
 *
 *   GET  /v1/notifications?unread=&cursor=&limit=   newest first, with the unread count
 *   POST /v1/notifications/read {ids} | {all: true} marks them read; answers the unread count
 *
 * The same notifications arrive live on /v1/ws/me. Ids of another user's
 * notifications are ignored, never reported.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { listNotifications, markRead, unreadCount } from "../db/queries/notifications.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { decodeSeqCursor, page, seqCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { jsonBody, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { notificationJson } from "../notify/wire.ts";
import { NotificationWire } from "../protocol/me.ts";

const NotificationSchema = NotificationWire.openapi("Notification");

const NotificationPageSchema = pageOf(NotificationSchema)
  .extend({ unread_count: z.number().int().nonnegative() })
  .openapi("NotificationPage");

const ListQuery = PageQuerySchema.extend({
  unread: z.enum(["true", "false"]).optional().openapi({ description: "`true`: only unread ones." }),
});

const ReadBody = z
  .object({
    ids: z.array(z.uuid()).min(1).max(100).optional().openapi({ description: "These notifications." }),
    all: z.literal(true).optional().openapi({ description: "Every notification of the caller." }),
  })
  .strict()
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), "send either ids or all: true")
  .openapi("MarkNotificationsRead", { example: { ids: ["0b7c4d7e-8f7a-4c1e-9a53-2f0d6c1b9e11"] } });

const authed = requireAuth();

export const notificationsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listNotifications",
      tags: ["Notifications"],
      summary: "The caller's notifications, newest first, and how many are unread",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { query: ListQuery },
      responses: {
        200: {
          description: "A page of notifications",
          content: { "application/json": { schema: NotificationPageSchema } },
        },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const { limit, cursor, unread } = c.req.valid("query");
      const me = caller(c).userId;
      const db = c.var.db();
      const beforeSeq = decodeSeqCursor(cursor);
      const [rows, unreadTotal] = await Promise.all([
        listNotifications(db, me, limit, { beforeSeq, unreadOnly: unread === "true" }),
        unreadCount(db, me),
      ]);
      const { data, next_cursor } = page(rows, limit, (last) => seqCursor(last.seq));
      return c.json({ data: data.map(notificationJson), next_cursor, unread_count: unreadTotal }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/read",
      operationId: "markNotificationsRead",
      tags: ["Notifications"],
      summary: "Mark notifications read: these ids, or all",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { body: jsonBody(ReadBody) },
      responses: {
        200: {
          description: "How many changed, and the unread count after",
          content: {
            "application/json": {
              schema: z.object({
                marked: z.number().int().nonnegative(),
                unread_count: z.number().int().nonnegative(),
              }),
            },
          },
        },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const me = caller(c).userId;
      const db = c.var.db();
      const marked = await markRead(db, me, body.ids ? { ids: body.ids } : { all: true });
      return c.json({ marked, unread_count: await unreadCount(db, me) }, 200);
    },
  );
