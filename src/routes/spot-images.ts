/**
 * A spot's photos, in R2 (the DOCUMENTS bucket, under `spots/<id>/images/`).
 * Mounted at /v1/spots, beside routes/spots.ts.
 *
 *   POST   /v1/spots/{id}/images              multipart `file`: JPEG or PNG, ≤ 10 MB, at most 10 per spot (its owner, admins)
 *   GET    /v1/spots/{id}/images/{image}      the photo
 *   DELETE /v1/spots/{id}/images/{image}      its owner, admins
 *
 * The type is checked on the bytes (http/images.ts), not only on what the
 * client says.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { spotById, updateSpot } from "../db/queries/spots.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { imageContent, imageResponse, MAX_IMAGE_BYTES, sniffImage } from "../http/images.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, problemResponses } from "../http/schemas.ts";
import { spotIndex } from "../parking/spot-index.ts";
import { spotJson } from "../parking/spot-json.ts";

export const MAX_IMAGES = 10;
/** The upload path's shape, for the body limit in app.ts. */
export const SPOT_IMAGE_UPLOAD = /^\/v1\/spots\/[0-9a-f-]{36}\/images$/i;

const ImageParams = IdParam.extend({ image: z.uuid().openapi({ param: { name: "image", in: "path" } }) });
const Upload = z.object({
  file: z
    .instanceof(File, { message: "attach the photo as a file" })
    .refine((f) => f.size > 0, "the file is empty")
    .refine((f) => f.size <= MAX_IMAGE_BYTES, `at most ${MAX_IMAGE_BYTES} bytes`)
    .openapi({ type: "string", format: "binary" }),
});

const signedIn = requireAuth();
const owners = requireAuth({ roles: ["owner", "admin"] });
const keyOf = (spotId: string, image: string) => `spots/${spotId}/images/${image}`;

async function ownSpot(c: Context<AppEnv>, id: string) {
  const me = caller(c);
  const spot = await spotById(c.var.db(), id);
  if (!spot || (spot.ownerId !== me.userId && me.role !== "admin")) {
    throw new ProblemError(404, "spot_not_found", "No such spot.");
  }
  return spot;
}

export const spotImagesRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/images",
      operationId: "uploadSpotImage",
      tags: ["Parking"],
      summary: "Add a photo to a spot (JPEG or PNG, at most 10 MB, 10 per spot)",
      security: bearerSecurity,
      middleware: [owners] as const,
      request: {
        params: IdParam,
        body: { content: { "multipart/form-data": { schema: Upload } }, required: true },
      },
      responses: {
        201: {
          description: "The spot with its photos",
          content: { "application/json": { schema: z.looseObject({ images: z.array(z.string()) }) } },
        },
        ...problemResponses(400, 401, 403, 404, 409, 413, 415),
      },
    }),
    async (c) => {
      const spot = await ownSpot(c, c.req.valid("param").id);
      if (spot.images.length >= MAX_IMAGES) {
        throw new ProblemError(409, "too_many_images", `A spot has at most ${MAX_IMAGES} photos.`);
      }
      const bytes = new Uint8Array(await c.req.valid("form").file.arrayBuffer());
      const type = sniffImage(bytes);
      if (!type) throw new ProblemError(415, "unsupported_image", "The file is not a JPEG or PNG image.");
      const image = crypto.randomUUID();
      await c.env.DOCUMENTS.put(keyOf(spot.id, image), bytes, {
        httpMetadata: { contentType: type },
        customMetadata: { spotId: spot.id },
      });
      try {
        const updated = await updateSpot(c.var.db(), spot.id, { images: [...spot.images, image] });
        await spotIndex(c.env).changed([spot]);
        return c.json(spotJson(updated, { accessInstructions: true }), 201);
      } catch (error) {
        // Nothing half-written: no photo the spot does not list.
        await c.env.DOCUMENTS.delete(keyOf(spot.id, image)).catch(() => {});
        throw error;
      }
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/images/{image}",
      operationId: "getSpotImage",
      tags: ["Parking"],
      summary: "A spot's photo",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: ImageParams },
      responses: {
        200: {
          description: "The photo",
          content: imageContent,
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { id, image } = c.req.valid("param");
      const spot = await spotById(c.var.db(), id);
      const object = spot?.images.includes(image) ? await c.env.DOCUMENTS.get(keyOf(id, image)) : null;
      if (!object) throw new ProblemError(404, "image_not_found", "No such photo.");
      return imageResponse(object);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}/images/{image}",
      operationId: "deleteSpotImage",
      tags: ["Parking"],
      summary: "Remove a spot's photo",
      security: bearerSecurity,
      middleware: [owners] as const,
      request: { params: ImageParams },
      responses: { 204: { description: "Removed" }, ...problemResponses(400, 401, 403, 404) },
    }),
    async (c) => {
      const { id, image } = c.req.valid("param");
      const spot = await ownSpot(c, id);
      if (!spot.images.includes(image)) throw new ProblemError(404, "image_not_found", "No such photo.");
      await updateSpot(c.var.db(), spot.id, { images: spot.images.filter((i) => i !== image) });
      await spotIndex(c.env).changed([spot]);
      await c.env.DOCUMENTS.delete(keyOf(spot.id, image));
      return c.body(null, 204);
    },
  );
