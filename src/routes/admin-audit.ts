/**
 * The admin audit log. Mounted at /v1/admin/audit.
 *
 *   GET /v1/admin/audit?actor_id=&action=&target_type=&target_id=&from=&to=   newest first (cursor-paginated)
 *
 * Every admin action is written by src/admin/audit.ts; rows are never changed.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { listAudit } from "../db/queries/audit.ts";
import type { AppEnv } from "../env.ts";
import { adminOnly, TimeWindowQuery, timeWindow } from "../http/admin.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";

const AuditEntrySchema = z
  .object({
    id: z.uuid(),
    actor_id: z.uuid().openapi({ description: "The admin who acted." }),
    action: z.string().openapi({ example: "user.suspend" }),
    target_type: z.string().openapi({ example: "user" }),
    target_id: z.string(),
    details: z
      .record(z.string(), z.unknown())
      .openapi({ description: "Ids, amounts, statuses and the stated reason." }),
    request_id: z.string().nullable(),
    at: z.string(),
  })
  .openapi("AdminAuditEntry");

const AuditQuery = PageQuerySchema.extend(TimeWindowQuery.shape).extend({
  actor_id: z.uuid().optional(),
  action: z
    .string()
    .regex(/^[a-z_]{1,32}\.[a-z_]{1,32}$/)
    .optional()
    .openapi({ description: "`user.suspend`, `driver.verify`, `payment.refund`, …", example: "user.suspend" }),
  target_type: z
    .string()
    .regex(/^[a-z_]{1,32}$/)
    .optional()
    .openapi({ description: "`user`, `driver`, `ride`, `payment`, `pricing`, …" }),
  target_id: z.string().min(1).max(200).optional(),
});

export const adminAuditRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listAdminAudit",
    tags: ["Admin"],
    summary: "What admins did, newest first: by admin, action, target or time",
    security: bearerSecurity,
    middleware: [adminOnly] as const,
    request: { query: AuditQuery },
    responses: {
      200: {
        description: "A page of the audit log",
        content: { "application/json": { schema: pageOf(AuditEntrySchema) } },
      },
      ...problemResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const filter = {
      actorId: q.actor_id,
      action: q.action,
      targetType: q.target_type,
      targetId: q.target_id,
      ...timeWindow(q),
    };
    const rows = await listAudit(c.var.db(), filter, q.limit, decodeCursor(q.cursor));
    const result = page(rows, q.limit, (r) => timeIdCursor(r.createdAt, r.id));
    return c.json(
      {
        data: result.data.map((r) => ({
          id: r.id,
          actor_id: r.actorId,
          action: r.action,
          target_type: r.targetType,
          target_id: r.targetId,
          details: r.details,
          request_id: r.requestId,
          at: r.createdAt.toISOString(),
        })),
        next_cursor: result.next_cursor,
      },
      200,
    );
  },
);
