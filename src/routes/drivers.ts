/**
 * Driver onboarding: the driver's profile, vehicles and documents. Mounted at /v1/drivers/me.
 *
 *   GET   /v1/drivers/me                        profile and verification status
 *   GET   /v1/drivers/me/vehicles               the driver's vehicles
 *   POST  /v1/drivers/me/vehicles               {vehicle_class, plate, model, make?, color?, seats?, max_weight_kg?, is_active?}
 *   GET   /v1/drivers/me/vehicles/{id}
 *   PATCH /v1/drivers/me/vehicles/{id}          {is_active}: choose the vehicle to drive
 *   GET   /v1/drivers/me/documents              uploaded documents
 *   POST  /v1/drivers/me/documents              multipart: kind, file (JPEG, PNG or PDF, ≤ 10 MB), vehicle_id?
 *   GET   /v1/drivers/me/documents/{id}         metadata;  …/{id}/file  the file itself
 *
 * Documents are stored in R2 (DOCUMENTS). Another driver's vehicle or
 * document is a 404.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import {
  addVehicle,
  type DocumentRow,
  driverProfile,
  getDocument,
  getVehicle,
  listDocuments,
  listVehicles,
  setVehicleActive,
  type VehicleRow,
  vehicleClassExists,
} from "../db/queries/drivers.ts";
import { documentKind, driverStatus, reviewStatus } from "../db/schema/enums.ts";
import { documents } from "../db/schema/index.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, jsonBody, problemResponses } from "../http/schemas.ts";

/** Where app.ts mounts these routes. */
export const DRIVERS_ME_PREFIX = "/v1/drivers/me";
/** The documents, relative to the mount: listed (GET) and uploaded (POST) here. */
const DOCUMENTS_PATH = "/documents";
/** Where documents are uploaded: app.ts gives it a larger body limit. */
export const DOCUMENT_UPLOAD_PATH = `${DRIVERS_ME_PREFIX}${DOCUMENTS_PATH}`;
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const DOCUMENT_TYPES = ["image/jpeg", "image/png", "application/pdf"] as const;

export const VehicleSchema = z
  .object({
    id: z.uuid(),
    vehicle_class: z.string(),
    plate: z.string(),
    make: z.string().nullable(),
    model: z.string(),
    color: z.string().nullable(),
    seats: z.number().int().nullable(),
    max_weight_kg: z.number().int().nullable(),
    is_active: z.boolean(),
    created_at: z.string(),
  })
  .openapi("Vehicle");

export const vehicleJson = (v: VehicleRow): z.infer<typeof VehicleSchema> => ({
  id: v.id,
  vehicle_class: v.vehicleClassId,
  plate: v.plate,
  make: v.make,
  model: v.model,
  color: v.color,
  seats: v.seats,
  max_weight_kg: v.maxWeightKg,
  is_active: v.isActive,
  created_at: v.createdAt.toISOString(),
});

export const DocumentSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(documentKind.enumValues),
    vehicle_id: z.uuid().nullable(),
    content_type: z.string(),
    size_bytes: z.number().int(),
    status: z.enum(reviewStatus.enumValues),
    rejection_reason: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Document");

export const documentJson = (d: DocumentRow): z.infer<typeof DocumentSchema> => ({
  id: d.id,
  kind: d.kind,
  vehicle_id: d.vehicleId,
  content_type: d.contentType,
  size_bytes: d.sizeBytes,
  status: d.status,
  rejection_reason: d.rejectionReason,
  created_at: d.createdAt.toISOString(),
});

const ProfileSchema = z
  .object({
    user_id: z.uuid(),
    status: z.enum(driverStatus.enumValues),
    rejection_reason: z.string().nullable(),
    verified_at: z.string().nullable(),
    rating: z.number(),
    completed_rides: z.number().int(),
    can_go_online: z.boolean().openapi({ description: "Verified, with an active vehicle." }),
  })
  .openapi("DriverProfile");

const driverOnly = requireAuth({ roles: ["driver"] });
const vehicleNotFound = () => new ProblemError(404, "vehicle_not_found", "No such vehicle.");
const documentNotFound = () => new ProblemError(404, "document_not_found", "No such document.");

/** Streams a stored document back with its content type; shared with the admin routes. */
export async function documentFileResponse(bucket: R2Bucket, doc: DocumentRow): Promise<Response> {
  const object = await bucket.get(doc.storageKey);
  if (!object) throw new ProblemError(404, "document_file_missing", "The document's file is missing from storage.");
  return new Response(object.body, {
    headers: {
      "content-type": doc.contentType,
      "content-length": String(doc.sizeBytes),
      "cache-control": "private, no-store",
    },
  });
}

const UploadForm = z.object({
  kind: z.enum(documentKind.enumValues),
  file: z
    .instanceof(File, { message: "attach the document as a file" })
    .refine((f) => f.size > 0, "the file is empty")
    .refine((f) => f.size <= MAX_DOCUMENT_BYTES, `at most ${MAX_DOCUMENT_BYTES} bytes`)
    .refine(
      (f) => (DOCUMENT_TYPES as readonly string[]).includes(f.type),
      `must be one of ${DOCUMENT_TYPES.join(", ")}`,
    )
    .openapi({ type: "string", format: "binary" }),
  vehicle_id: z.uuid().optional(),
});

export const driversRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "getDriverProfile",
      tags: ["Drivers"],
      summary: "The driver's profile and verification status",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      responses: {
        200: { description: "The profile", content: { "application/json": { schema: ProfileSchema } } },
        ...problemResponses(401, 403, 404),
      },
    }),
    async (c) => {
      const db = c.var.db();
      const me = caller(c).userId;
      const profile = await driverProfile(db, me);
      if (!profile) throw new ProblemError(404, "driver_profile_not_found", "This account has no driver profile.");
      const active = (await listVehicles(db, me)).some((v) => v.isActive);
      return c.json(
        {
          user_id: profile.userId,
          status: profile.status,
          rejection_reason: profile.rejectionReason,
          verified_at: profile.verifiedAt?.toISOString() ?? null,
          rating: profile.ratingAvg,
          completed_rides: profile.completedRides,
          can_go_online: profile.status === "verified" && active,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/vehicles",
      operationId: "listVehicles",
      tags: ["Drivers"],
      summary: "The driver's vehicles",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      responses: {
        200: {
          description: "The vehicles",
          content: { "application/json": { schema: z.object({ data: z.array(VehicleSchema) }) } },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ data: (await listVehicles(c.var.db(), caller(c).userId)).map(vehicleJson) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/vehicles",
      operationId: "createVehicle",
      tags: ["Drivers"],
      summary: "Add a vehicle",
      description: "The first vehicle becomes the active one; `is_active: true` switches to the new one.",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      request: {
        body: jsonBody(
          z.object({
            vehicle_class: z.string().regex(/^[a-z_]{1,32}$/),
            plate: z.string().trim().min(2).max(20),
            make: z.string().trim().max(50).optional(),
            model: z.string().trim().min(1).max(50),
            color: z.string().trim().max(30).optional(),
            seats: z.number().int().min(0).max(60).optional(),
            max_weight_kg: z.number().int().min(0).max(50_000).optional(),
            is_active: z.boolean().optional(),
          }),
        ),
      },
      responses: {
        201: { description: "The vehicle", content: { "application/json": { schema: VehicleSchema } } },
        ...problemResponses(400, 401, 403, 409, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const db = c.var.db();
      if (!(await vehicleClassExists(db, body.vehicle_class))) {
        throw new ProblemError(422, "unknown_vehicle_class", `There is no vehicle class "${body.vehicle_class}".`, {
          errors: [{ path: "vehicle_class", in: "body", message: "unknown vehicle class" }],
        });
      }
      const row = await addVehicle(db, caller(c).userId, {
        vehicleClassId: body.vehicle_class,
        plate: body.plate,
        make: body.make,
        model: body.model,
        color: body.color,
        seats: body.seats,
        maxWeightKg: body.max_weight_kg,
        isActive: body.is_active,
      });
      if (!row) throw new ProblemError(409, "plate_taken", "A vehicle with this plate is already registered.");
      return c.json(vehicleJson(row), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/vehicles/{id}",
      operationId: "getVehicle",
      tags: ["Drivers"],
      summary: "One of the driver's vehicles",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The vehicle", content: { "application/json": { schema: VehicleSchema } } },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const row = await getVehicle(c.var.db(), caller(c).userId, c.req.valid("param").id);
      if (!row) throw vehicleNotFound();
      return c.json(vehicleJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/vehicles/{id}",
      operationId: "updateVehicle",
      tags: ["Drivers"],
      summary: "Choose the vehicle to drive",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      request: { params: IdParam, body: jsonBody(z.object({ is_active: z.boolean() })) },
      responses: {
        200: { description: "The vehicle", content: { "application/json": { schema: VehicleSchema } } },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const row = await setVehicleActive(
        c.var.db(),
        caller(c).userId,
        c.req.valid("param").id,
        c.req.valid("json").is_active,
      );
      if (!row) throw vehicleNotFound();
      return c.json(vehicleJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: DOCUMENTS_PATH,
      operationId: "listDocuments",
      tags: ["Drivers"],
      summary: "The driver's uploaded documents",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      responses: {
        200: {
          description: "The documents",
          content: { "application/json": { schema: z.object({ data: z.array(DocumentSchema) }) } },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => c.json({ data: (await listDocuments(c.var.db(), caller(c).userId)).map(documentJson) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: DOCUMENTS_PATH,
      operationId: "uploadDocument",
      tags: ["Drivers"],
      summary: "Upload a licence, registration, insurance or other document",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      request: { body: { content: { "multipart/form-data": { schema: UploadForm } }, required: true } },
      responses: {
        201: {
          description: "The stored document, pending review",
          content: { "application/json": { schema: DocumentSchema } },
        },
        ...problemResponses(400, 401, 403, 404, 413),
      },
    }),
    async (c) => {
      const form = c.req.valid("form");
      const db = c.var.db();
      const me = caller(c).userId;
      if (form.vehicle_id && !(await getVehicle(db, me, form.vehicle_id))) throw vehicleNotFound();
      const id = crypto.randomUUID();
      const storageKey = `drivers/${me}/documents/${id}`;
      await c.env.DOCUMENTS.put(storageKey, await form.file.arrayBuffer(), {
        httpMetadata: { contentType: form.file.type },
        customMetadata: { ownerId: me, kind: form.kind },
      });
      try {
        const [row] = await db
          .insert(documents)
          .values({
            id,
            ownerId: me,
            vehicleId: form.vehicle_id ?? null,
            kind: form.kind,
            storageKey,
            contentType: form.file.type,
            sizeBytes: form.file.size,
          })
          .returning();
        if (!row) throw new Error("insert returned nothing");
        return c.json(documentJson(row), 201);
      } catch (error) {
        // Nothing half-written: no row, no orphaned file.
        await c.env.DOCUMENTS.delete(storageKey).catch(() => {});
        throw error;
      }
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/documents/{id}",
      operationId: "getDocument",
      tags: ["Drivers"],
      summary: "One uploaded document's details",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The document", content: { "application/json": { schema: DocumentSchema } } },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const row = await getDocument(c.var.db(), caller(c).userId, c.req.valid("param").id);
      if (!row) throw documentNotFound();
      return c.json(documentJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/documents/{id}/file",
      operationId: "downloadDocument",
      tags: ["Drivers"],
      summary: "Download an uploaded document",
      security: bearerSecurity,
      middleware: [driverOnly] as const,
      request: { params: IdParam },
      responses: {
        200: {
          description: "The file",
          content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } },
        },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const row = await getDocument(c.var.db(), caller(c).userId, c.req.valid("param").id);
      if (!row) throw documentNotFound();
      return documentFileResponse(c.env.DOCUMENTS, row);
    },
  );
