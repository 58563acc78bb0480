/**
 * Proof of delivery over HTTP (domain/proofs.ts): the assigned driver's
 * photos at the pickup and at each drop, in R2 (the DOCUMENTS bucket, under
 * `rides/<id>/photos/`), and the proofs for the ride's sender and admins.
 * Mounted at /v1/rides beside the ride's own routes.
 *
 *   POST /v1/rides/{id}/photos              multipart `stage` (pickup|drop), `index` (a drop), `file`: JPEG or PNG ≤ 10 MB (the assigned driver)
 *   GET  /v1/rides/{id}/proofs              the photos (stage, index, time, position, URL) and each drop's code status (sender, admins)
 *   GET  /v1/rides/{id}/photos/{photo_id}   one photo, streamed from R2 (sender, admins)
 *
 * The RideActor records each photo with the driver's last known position
 * (durable-objects/ride-proofs.ts). Anyone else gets 404 `ride_not_found`,
 * the driver too for the proofs: the drops' codes are in them.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { CODE_STATUSES, PHOTO_STAGES } from "../domain/proofs.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { imageContent, imageResponse, MAX_IMAGE_BYTES, sniffImage } from "../http/images.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, problemResponses } from "../http/schemas.ts";
import { refusal } from "./rides.ts";

/** The upload path's shape, for the body limit in app.ts. */
export const RIDE_PHOTO_UPLOAD = /^\/v1\/rides\/[0-9a-f-]{36}\/photos$/i;

const drivers = requireAuth({ roles: ["driver"] });
const signedIn = requireAuth();
const keyOf = (rideId: string, photo: string) => `rides/${rideId}/photos/${photo}`;

const PhotoParams = IdParam.extend({ photo_id: z.uuid().openapi({ param: { name: "photo_id", in: "path" } }) });

const Upload = z
  .object({
    stage: z.enum(PHOTO_STAGES).openapi({ description: "pickup, or drop (with `index`)" }),
    index: z
      .string()
      .regex(/^[0-4]$/, "a stop's index, 0 to 4")
      .transform(Number)
      .optional()
      .openapi({ type: "string", description: "The drop, 0 for the first stop; only with `stage: drop`." }),
    file: z
      .instanceof(File, { message: "attach the photo as a file" })
      .refine((f) => f.size > 0, "the file is empty")
      .openapi({ type: "string", format: "binary", description: "JPEG or PNG, at most 10 MB." }),
  })
  .refine((f) => (f.stage === "drop") === (f.index !== undefined), {
    path: ["index"],
    message: "a drop photo names its stop's index; a pickup photo none",
  });

const Position = z
  .object({ lat: z.number(), lng: z.number(), ts: z.string() })
  .nullable()
  .openapi({ description: "The driver's last known position when the photo came; null when none was known." });

const PhotoSchema = z
  .object({
    id: z.uuid(),
    stage: z.enum(PHOTO_STAGES),
    index: z.number().int().nullable().openapi({ description: "The drop; null for the pickup." }),
    taken_at: z.string().openapi({ description: "When the photo was received (ISO 8601)." }),
    position: Position,
    content_type: z.string(),
    bytes: z.number().int(),
    url: z.string().openapi({ description: "GET it (the sender and admins): `/v1/rides/{id}/photos/{photo_id}`." }),
  })
  .openapi("ProofPhoto");

const ProofsSchema = z
  .object({
    ride_id: z.uuid(),
    photos: z.array(PhotoSchema),
    stops: z.array(
      z.object({
        index: z.number().int(),
        status: z.string(),
        code: z
          .string()
          .nullable()
          .openapi({ description: "The drop's 4-digit code; null for a ride opened before codes." }),
        code_status: z.enum(CODE_STATUSES).openapi({
          description:
            "`pending` until the driver gives it, `confirmed` when they did, `locked` after five wrong codes (then only a drop photo completes the drop), `none` before codes.",
        }),
        wrong_codes: z.number().int(),
        flagged: z.boolean().openapi({ description: "Five wrong codes: for an admin to look at." }),
        flagged_at: z.string().nullable(),
        proof: z.enum(["code", "photo"]).nullable().openapi({ description: "How the completed drop was proved." }),
        photos: z.array(z.uuid()),
      }),
    ),
  })
  .openapi("RideProofs");

/** The ride's proofs if the caller may read them (its sender, admins), else 404 as if there were no ride. */
async function proofsFor(c: Context<AppEnv>, rideId: string) {
  const me = caller(c);
  const proofs = await c.env.RIDE.getByName(rideId).proofs({ userId: me.userId, role: me.role });
  if (!proofs) throw refusal({ code: "ride_not_found", message: "No such ride." });
  return proofs;
}

export const rideProofsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/photos",
      operationId: "uploadRidePhoto",
      tags: ["Rides"],
      summary: "A proof-of-delivery photo at the pickup or a drop (the assigned driver)",
      description:
        "JPEG or PNG (checked on the bytes), at most 10 MB: 415 `unsupported_image`, 413 `photo_too_large`. Recorded with the driver's last known position and the time. A pickup photo from assignment to the trip; a drop photo after arriving at that stop (409 `stop_not_arrived`, `invalid_state`); 404 `stop_not_found`, and `ride_not_found` for a ride that is not the driver's.",
      security: bearerSecurity,
      middleware: [drivers] as const,
      request: {
        params: IdParam,
        body: { content: { "multipart/form-data": { schema: Upload } }, required: true },
      },
      responses: {
        201: { description: "The photo as recorded", content: { "application/json": { schema: PhotoSchema } } },
        ...problemResponses(400, 401, 403, 404, 409, 413, 415),
      },
    }),
    async (c) => {
      const me = caller(c);
      const { id } = c.req.valid("param");
      const form = c.req.valid("form");
      if (form.file.size > MAX_IMAGE_BYTES) {
        throw new ProblemError(413, "photo_too_large", `A photo is at most ${MAX_IMAGE_BYTES} bytes.`);
      }
      const bytes = new Uint8Array(await form.file.arrayBuffer());
      const type = sniffImage(bytes);
      if (!type) throw new ProblemError(415, "unsupported_image", "The file is not a JPEG or PNG image.");
      const photoId = crypto.randomUUID();
      await c.env.DOCUMENTS.put(keyOf(id, photoId), bytes, {
        httpMetadata: { contentType: type },
        customMetadata: { rideId: id, driverId: me.userId, stage: form.stage },
      });
      const ride = c.env.RIDE.getByName(id);
      const result = await ride
        .addPhoto(me.userId, {
          id: photoId,
          stage: form.stage,
          index: form.index ?? null,
          contentType: type,
          bytes: bytes.length,
        })
        .catch(async (error: unknown) => {
          await c.env.DOCUMENTS.delete(keyOf(id, photoId)).catch(() => {});
          throw error;
        });
      if (!result.ok) {
        // Nothing half-written: no photo the ride does not list.
        await c.env.DOCUMENTS.delete(keyOf(id, photoId)).catch(() => {});
        if (result.code === "stop_not_found") throw new ProblemError(404, result.code, result.message);
        throw refusal(result);
      }
      const { at, ...photo } = result.photo;
      return c.json({ ...photo, taken_at: at, url: `/v1/rides/${id}/photos/${photoId}` }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/proofs",
      operationId: "getRideProofs",
      tags: ["Rides"],
      summary: "The proofs of delivery: photos and each drop's code (the sender, admins)",
      description: "404 `ride_not_found` for anyone else, the driver included.",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The proofs", content: { "application/json": { schema: ProofsSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const proofs = await proofsFor(c, c.req.valid("param").id);
      return c.json(proofs, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/photos/{photo_id}",
      operationId: "getRidePhoto",
      tags: ["Rides"],
      summary: "A proof-of-delivery photo (the sender, admins)",
      description: "404 `photo_not_found`, and `ride_not_found` for anyone else, the driver included.",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: PhotoParams },
      responses: {
        200: {
          description: "The photo",
          content: imageContent,
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, photo_id } = c.req.valid("param");
      const proofs = await proofsFor(c, id);
      const object = proofs.photos.some((p) => p.id === photo_id)
        ? await c.env.DOCUMENTS.get(keyOf(id, photo_id))
        : null;
      if (!object) throw new ProblemError(404, "photo_not_found", "No such photo.");
      return imageResponse(object);
    },
  );
