/**
 * The caller's own account and saved addresses. Mounted at /v1/me.
 *
 *   GET   /v1/me                     the account (drivers: with their verification status)
 *   PATCH /v1/me                     {name?, email?}
 *   GET   /v1/me/addresses           list, newest first (cursor-paginated)
 *   POST  /v1/me/addresses           {label?, line, landmark?, location, is_default?}
 *   GET | PATCH | DELETE /v1/me/addresses/{id}
 *
 * Another user's address is a 404, never a 403.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import {
  type AddressRow,
  createAddress,
  deleteAddress,
  getAddress,
  listAddresses,
  updateAddress,
} from "../db/queries/addresses.ts";
import { userById } from "../db/queries/users.ts";
import { driverStatus } from "../db/schema/enums.ts";
import { driverProfiles, users } from "../db/schema/index.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, jsonBody, LatLngSchema, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { UserSchema, userJson } from "../http/user-json.ts";

const AddressSchema = z
  .object({
    id: z.uuid(),
    label: z.string(),
    line: z.string(),
    landmark: z.string().nullable(),
    location: LatLngSchema,
    is_default: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Address");

const addressJson = (row: AddressRow): z.infer<typeof AddressSchema> => ({
  id: row.id,
  label: row.label,
  line: row.line,
  landmark: row.landmark,
  location: row.location,
  is_default: row.isDefault,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

const AddressFields = {
  label: z.string().trim().min(1).max(50),
  line: z.string().trim().min(1).max(500),
  landmark: z.string().trim().max(200).nullable(),
  location: LatLngSchema,
  is_default: z.boolean(),
};
const CreateAddress = z.object({
  ...AddressFields,
  label: AddressFields.label.optional(),
  landmark: AddressFields.landmark.optional(),
  is_default: AddressFields.is_default.optional(),
});
const UpdateAddress = z
  .object(AddressFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, "nothing to change");

const authed = requireAuth();
const notFound = () => new ProblemError(404, "address_not_found", "No such address.");

const MeSchema = UserSchema.extend({
  driver: z
    .object({
      status: z.enum(driverStatus.enumValues),
      rejection_reason: z.string().nullable(),
    })
    .nullable(),
}).openapi("Me");

export const meRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "getMe",
      tags: ["Account"],
      summary: "The caller's account",
      security: bearerSecurity,
      middleware: [authed] as const,
      responses: {
        200: { description: "The account", content: { "application/json": { schema: MeSchema } } },
        ...problemResponses(401, 404),
      },
    }),
    async (c) => {
      const db = c.var.db();
      const user = await userById(db, caller(c).userId);
      if (!user) throw new ProblemError(404, "account_not_found", "The account no longer exists.");
      const [profile] =
        user.role === "driver" ? await db.select().from(driverProfiles).where(eq(driverProfiles.userId, user.id)) : [];
      return c.json(
        {
          ...userJson(user),
          driver: profile ? { status: profile.status, rejection_reason: profile.rejectionReason } : null,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/",
      operationId: "updateMe",
      tags: ["Account"],
      summary: "Change the caller's name or email",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: {
        body: jsonBody(
          z
            .object({ name: z.string().trim().min(1).max(100), email: z.email().max(254) })
            .partial()
            .refine((b) => Object.keys(b).length > 0, "nothing to change"),
        ),
      },
      responses: {
        200: { description: "The account", content: { "application/json": { schema: UserSchema } } },
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const db = c.var.db();
      try {
        const [row] = await db
          .update(users)
          .set({
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.email !== undefined ? { email: body.email.toLowerCase() } : {}),
            updatedAt: new Date(),
          })
          .where(eq(users.id, caller(c).userId))
          .returning();
        if (!row) throw new ProblemError(404, "account_not_found", "The account no longer exists.");
        return c.json(userJson(row), 200);
      } catch (error) {
        if ((error as { cause?: { code?: string } }).cause?.code === "23505") {
          throw new ProblemError(409, "account_exists", "Another account uses this email.");
        }
        throw error;
      }
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/addresses",
      operationId: "listAddresses",
      tags: ["Account"],
      summary: "The caller's saved addresses, newest first",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: { description: "A page of addresses", content: { "application/json": { schema: pageOf(AddressSchema) } } },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await listAddresses(c.var.db(), caller(c).userId, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.createdAt, r.id));
      return c.json({ data: result.data.map(addressJson), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/addresses",
      operationId: "createAddress",
      tags: ["Account"],
      summary: "Save an address",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { body: jsonBody(CreateAddress) },
      responses: {
        201: { description: "The address", content: { "application/json": { schema: AddressSchema } } },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const row = await createAddress(c.var.db(), caller(c).userId, {
        label: body.label,
        line: body.line,
        landmark: body.landmark,
        location: body.location,
        isDefault: body.is_default,
      });
      return c.json(addressJson(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/addresses/{id}",
      operationId: "getAddress",
      tags: ["Account"],
      summary: "One saved address",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The address", content: { "application/json": { schema: AddressSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const row = await getAddress(c.var.db(), caller(c).userId, c.req.valid("param").id);
      if (!row) throw notFound();
      return c.json(addressJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/addresses/{id}",
      operationId: "updateAddress",
      tags: ["Account"],
      summary: "Change a saved address (or make it the default)",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { params: IdParam, body: jsonBody(UpdateAddress) },
      responses: {
        200: { description: "The address", content: { "application/json": { schema: AddressSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const row = await updateAddress(c.var.db(), caller(c).userId, c.req.valid("param").id, {
        label: body.label,
        line: body.line,
        landmark: body.landmark,
        location: body.location,
        isDefault: body.is_default,
      });
      if (!row) throw notFound();
      return c.json(addressJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/addresses/{id}",
      operationId: "deleteAddress",
      tags: ["Account"],
      summary: "Delete a saved address",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { params: IdParam },
      responses: { 204: { description: "Deleted" }, ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      if (!(await deleteAddress(c.var.db(), caller(c).userId, c.req.valid("param").id))) throw notFound();
      return c.body(null, 204);
    },
  );
