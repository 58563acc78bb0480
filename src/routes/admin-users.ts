/**
 * Admins and accounts. Mounted at /v1/admin/users.
 *
 *   GET  /v1/admin/users?q=&role=&status=     accounts, newest first (cursor-paginated); `q` is part of
 *                                             a name, an email or a phone number
 *   POST /v1/admin/users/{id}/suspend         {reason}: tokens refused and sockets closed at once (admin/suspension.ts)
 *   POST /v1/admin/users/{id}/reinstate       {reason}
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditActor } from "../admin/audit.ts";
import { reinstateUser, type StatusChange, suspendUser } from "../admin/suspension.ts";
import { searchUsers } from "../db/queries/admin-users.ts";
import type { UserRow } from "../db/queries/users.ts";
import { userRole, userStatus } from "../db/schema/enums.ts";
import type { AppEnv } from "../env.ts";
import { adminOnly } from "../http/admin.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, jsonBody, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { UserSchema, userJson } from "../http/user-json.ts";

const AdminUserSchema = UserSchema.extend({
  last_login_at: z.string().nullable(),
  suspended_at: z.string().nullable(),
}).openapi("AdminUser");

const StatusChangeSchema = z
  .object({
    user: AdminUserSchema,
    active_ride_ids: z
      .array(z.uuid())
      .openapi({ description: "Rides the user is part of that have not ended: they go on; cancel them if need be." }),
    sockets_closed: z.number().int(),
  })
  .openapi("UserStatusChange");

const ReasonBody = jsonBody(
  z.object({ reason: z.string().trim().min(3).max(500).openapi({ description: "Why; kept in the audit log." }) }),
);

const UsersQuery = PageQuerySchema.extend({
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: "Part of a name, an email or a phone number (digits, in any format)." }),
  role: z.enum(userRole.enumValues).optional(),
  status: z.enum(userStatus.enumValues).optional(),
});

function adminUserJson(row: UserRow): z.infer<typeof AdminUserSchema> {
  return {
    ...userJson(row),
    last_login_at: row.lastLoginAt?.toISOString() ?? null,
    suspended_at: row.suspendedAt?.toISOString() ?? null,
  };
}

const REFUSALS: Record<Extract<StatusChange, { ok: false }>["reason"], [number, string]> = {
  not_found: [404, "No such user."],
  own_account: [409, "Admins cannot suspend their own account."],
  already_suspended: [409, "The account is already suspended."],
  not_suspended: [409, "The account is not suspended."],
  deleted: [409, "The account is deleted."],
};

function answer(change: StatusChange) {
  if (!change.ok) {
    const [status, message] = REFUSALS[change.reason];
    throw new ProblemError(status, change.reason === "not_found" ? "user_not_found" : change.reason, message);
  }
  return {
    user: adminUserJson(change.user),
    active_ride_ids: change.activeRides,
    sockets_closed: change.socketsClosed,
  };
}

function statusRoute(action: "suspend" | "reinstate", operationId: string, summary: string, description: string) {
  return createRoute({
    method: "post",
    path: `/{id}/${action}`,
    operationId,
    tags: ["Admin"],
    summary,
    description,
    security: bearerSecurity,
    middleware: [adminOnly] as const,
    request: { params: IdParam, body: ReasonBody },
    responses: {
      200: {
        description: "The account after the change",
        content: { "application/json": { schema: StatusChangeSchema } },
      },
      ...problemResponses(400, 401, 404, 409),
    },
  });
}

export const adminUsersRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "searchUsers",
      tags: ["Admin"],
      summary: "Accounts, newest first: by name, email or phone, role and status",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { query: UsersQuery },
      responses: {
        200: {
          description: "A page of accounts",
          content: { "application/json": { schema: pageOf(AdminUserSchema) } },
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { limit, cursor, q, role, status } = c.req.valid("query");
      const rows = await searchUsers(c.var.db(), { q, role, status }, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.createdAt, r.id));
      return c.json({ data: result.data.map(adminUserJson), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    statusRoute(
      "suspend",
      "suspendUser",
      "Suspend an account",
      "At once: the account's refresh tokens are revoked, its access tokens are refused (403 `account_suspended`: by the Worker isolate that answers this at once, by every other isolate serving traffic within about 2 s), and its sockets close with 4403 `account_suspended`. Rides under way go on and are listed. 409 `already_suspended`, `own_account`, `deleted`.",
    ),
    async (c) => {
      const { id } = c.req.valid("param");
      const change = await suspendUser(c.env, c.var.db(), auditActor(c), id, c.req.valid("json").reason);
      return c.json(answer(change), 200);
    },
  )
  .openapi(
    statusRoute(
      "reinstate",
      "reinstateUser",
      "Lift a suspension",
      "The account is active again; its user signs in anew (the suspension ended their sessions). 409 `not_suspended`.",
    ),
    async (c) => {
      const { id } = c.req.valid("param");
      const change = await reinstateUser(c.var.db(), auditActor(c), id, c.req.valid("json").reason);
      return c.json(answer(change), 200);
    },
  );
