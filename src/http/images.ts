/**
 * Photos that users upload and read back (spot photos, proof-of-delivery
 * photos): the size limit, the type told from the bytes (JPEG and PNG
 * signatures, not only what the client says), the OpenAPI content of a
 * photo answer, and the answer itself, streamed from R2.
 */
import { z } from "@hono/zod-openapi";

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

const TYPES = {
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
} as const;

/** The image type the bytes say, or null. */
export function sniffImage(bytes: Uint8Array): keyof typeof TYPES | null {
  for (const [type, signature] of Object.entries(TYPES) as [keyof typeof TYPES, readonly number[]][]) {
    if (signature.every((b, i) => bytes[i] === b)) return type;
  }
  return null;
}

/** A photo answer's content, for a route's OpenAPI `responses`. */
export const imageContent = {
  "image/jpeg": { schema: z.string().openapi({ format: "binary" }) },
  "image/png": { schema: z.string().openapi({ format: "binary" }) },
};

/** A stored photo, streamed as it was uploaded; private to the caller, cached an hour. */
export function imageResponse(object: R2ObjectBody): Response {
  return new Response(object.body, {
    headers: {
      "content-type": object.httpMetadata?.contentType ?? "application/octet-stream",
      "cache-control": "private, max-age=3600",
    },
  });
}
