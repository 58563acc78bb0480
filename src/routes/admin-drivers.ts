/**
 * Admins review drivers. Mounted at /v1/admin.
 *
 *   GET  /v1/admin/drivers?status=pending     the review queue, oldest first (cursor-paginated)
 *   GET  /v1/admin/drivers/{id}               a driver with vehicles and documents
 *   POST /v1/admin/drivers/{id}/verify        the driver may go online (with an active vehicle)
 *   POST /v1/admin/drivers/{id}/reject        {reason}
 *   GET  /v1/admin/documents/{id}/file        a driver's uploaded document
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import type { Context } from "hono";
import { auditActor, auditStatement } from "../admin/audit.ts";
import {
  driverProfile,
  listDocuments,
  listDriversForReview,
  listVehicles,
  type ReviewDecision,
  reviewDriver,
} from "../db/queries/drivers.ts";
import { userById } from "../db/queries/users.ts";
import { driverStatus } from "../db/schema/enums.ts";
import { documents } from "../db/schema/index.ts";
import type { AppEnv } from "../env.ts";
import { adminOnly } from "../http/admin.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, jsonBody, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { UserSchema, userJson } from "../http/user-json.ts";
import { DocumentSchema, documentFileResponse, documentJson, VehicleSchema, vehicleJson } from "./drivers.ts";

const DriverStatus = z.enum(driverStatus.enumValues);
const ReviewSchema = z
  .object({
    user: UserSchema,
    status: DriverStatus,
    rejection_reason: z.string().nullable(),
    verified_at: z.string().nullable(),
    submitted_at: z.string(),
  })
  .openapi("DriverReview");
const DriverDetailSchema = ReviewSchema.extend({
  vehicles: z.array(VehicleSchema),
  documents: z.array(DocumentSchema),
}).openapi("DriverDetail");

const driverNotFound = () => new ProblemError(404, "driver_not_found", "No such driver.");

/** The review and its audit row, in one transaction; undefined when there is no such driver. */
function reviewed(c: Context<AppEnv>, driverId: string, decision: ReviewDecision) {
  const by = auditActor(c);
  return c.var.db().transaction(async (tx) => {
    const row = await reviewDriver(tx, driverId, decision, by.adminId);
    if (row) {
      const action = decision.status === "verified" ? "driver.verify" : "driver.reject";
      const details = decision.status === "rejected" ? { reason: decision.reason } : {};
      await auditStatement(tx, by, { action, targetType: "driver", targetId: driverId, details });
    }
    return row;
  });
}

export const adminDriversRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/drivers",
      operationId: "listDriversForReview",
      tags: ["Admin"],
      summary: "Drivers by verification status, oldest first (the review queue)",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { query: PageQuerySchema.extend({ status: DriverStatus.default("pending") }) },
      responses: {
        200: { description: "A page of drivers", content: { "application/json": { schema: pageOf(ReviewSchema) } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { status, limit, cursor } = c.req.valid("query");
      const rows = await listDriversForReview(c.var.db(), status, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.profile.createdAt, r.profile.userId));
      return c.json(
        {
          data: result.data.map(({ profile, user }) => ({
            user: userJson(user),
            status: profile.status,
            rejection_reason: profile.rejectionReason,
            verified_at: profile.verifiedAt?.toISOString() ?? null,
            submitted_at: profile.createdAt.toISOString(),
          })),
          next_cursor: result.next_cursor,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/drivers/{id}",
      operationId: "getDriverForReview",
      tags: ["Admin"],
      summary: "A driver with vehicles and documents",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The driver", content: { "application/json": { schema: DriverDetailSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const db = c.var.db();
      const [profile, user, vehicles, docs] = await Promise.all([
        driverProfile(db, id),
        userById(db, id),
        listVehicles(db, id),
        listDocuments(db, id),
      ]);
      if (!profile || !user) throw driverNotFound();
      return c.json(
        {
          user: userJson(user),
          status: profile.status,
          rejection_reason: profile.rejectionReason,
          verified_at: profile.verifiedAt?.toISOString() ?? null,
          submitted_at: profile.createdAt.toISOString(),
          vehicles: vehicles.map(vehicleJson),
          documents: docs.map(documentJson),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/drivers/{id}/verify",
      operationId: "verifyDriver",
      tags: ["Admin"],
      summary: "Verify a driver",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { params: IdParam },
      responses: {
        200: {
          description: "The driver's new status",
          content: { "application/json": { schema: z.object({ user_id: z.uuid(), status: DriverStatus }) } },
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const row = await reviewed(c, c.req.valid("param").id, { status: "verified" });
      if (!row) throw driverNotFound();
      return c.json({ user_id: row.userId, status: row.status }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/drivers/{id}/reject",
      operationId: "rejectDriver",
      tags: ["Admin"],
      summary: "Reject a driver, with the reason they will see",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { params: IdParam, body: jsonBody(z.object({ reason: z.string().trim().min(3).max(500) })) },
      responses: {
        200: {
          description: "The driver's new status",
          content: { "application/json": { schema: z.object({ user_id: z.uuid(), status: DriverStatus }) } },
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const row = await reviewed(c, c.req.valid("param").id, {
        status: "rejected",
        reason: c.req.valid("json").reason,
      });
      if (!row) throw driverNotFound();
      return c.json({ user_id: row.userId, status: row.status }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/documents/{id}/file",
      operationId: "downloadDriverDocument",
      tags: ["Admin"],
      summary: "Download a driver's document",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { params: IdParam },
      responses: {
        200: {
          description: "The file",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const [row] = await c.var
        .db()
        .select()
        .from(documents)
        .where(eq(documents.id, c.req.valid("param").id));
      if (!row) throw new ProblemError(404, "document_not_found", "No such document.");
      return documentFileResponse(c.env.DOCUMENTS, row);
    },
  );
