/**
 * Wire schemas shared by routes and the OpenAPI document: points, money,
 * problems, path ids, pagination. Field names are the public contract (DESIGN.md).
 */
import { z } from "@hono/zod-openapi";

export const LatLngSchema = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .openapi("LatLng", { example: { lat: 23.0225, lng: 72.5714 } });

export const MoneySchema = z
  .object({
    amount: z.number().int().openapi({ description: "Integer minor units (paise, cents)." }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .openapi({ description: "ISO 4217 code." }),
  })
  .openapi("Money", { example: { amount: 9440, currency: "INR" } });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: "Stable machine-readable error code." }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z
      .array(
        z.object({
          path: z.string(),
          in: z.enum(["body", "query", "path", "header"]),
          message: z.string(),
        }),
      )
      .optional(),
    vehicle_class: z
      .string()
      .optional()
      .openapi({ description: "`too_heavy`, `too_far`, `load_assist_not_offered`: the class whose limit it is." }),
    max_weight_kg: z
      .number()
      .int()
      .optional()
      .openapi({ description: "`too_heavy`: the heaviest package the class carries." }),
    max_distance_km: z
      .number()
      .int()
      .optional()
      .openapi({ description: "`too_far`: the longest trip the class makes." }),
    earliest: z
      .string()
      .optional()
      .openapi({ description: "`scheduled_at_out_of_range`: the earliest time a ride may be booked for now." }),
    latest: z
      .string()
      .optional()
      .openapi({ description: "`scheduled_at_out_of_range`: the latest time a ride may be booked for now." }),
  })
  .openapi("Problem", {
    description: "RFC 9457 problem details.",
    example: {
      type: "https://curbside.dev/problems/validation-failed",
      title: "Bad Request",
      status: 400,
      code: "validation_failed",
      detail: "The request is invalid: lat.",
      errors: [{ path: "lat", in: "query", message: "Too big: expected number to be <=90" }],
    },
  });

/** The problem+json response entry for a route's `responses`. */
export function problemResponses<const S extends number>(...statuses: S[]) {
  const entries = statuses.map((status) => [
    status,
    {
      description: `Problem (${status})`,
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  ]);
  return Object.fromEntries(entries) as Record<
    S,
    { description: string; content: { "application/problem+json": { schema: typeof ProblemSchema } } }
  >;
}

/**
 * Numbers in query strings are plain decimals: an optional minus, digits, an
 * optional fraction. No hex (`0x10`), exponent (`1e3`), sign `+`, spaces,
 * `Infinity` or empty value (`?lat=` is not 0): each is a 400 naming the parameter.
 */
const DECIMAL = /^-?\d+(\.\d+)?$/;
const INTEGER = /^-?\d+$/;

/** A decimal number in a query string, within [min, max]. */
export function queryNumber(min: number, max: number) {
  return z
    .string()
    .regex(DECIMAL, "must be a decimal number such as 23.0225")
    .transform(Number)
    .pipe(z.number().min(min).max(max));
}

/** A whole number in a query string, within [min, max]; `fallback` when absent. */
export function queryInteger(min: number, max: number, fallback: number) {
  return z
    .string()
    .regex(INTEGER, "must be a whole number")
    .default(String(fallback))
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** The `{id}` path parameter of every route that names a record by its UUID. */
export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

export const PageQuerySchema = z.object({
  limit: queryInteger(1, 100, 20).openapi({ description: "Page size, 1–100 (20)." }),
  cursor: z.string().max(200).optional().openapi({ description: "`next_cursor` of the previous page." }),
});

/** A page of `item`: `{ data, next_cursor }`, `next_cursor` null on the last page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/**
 * Whether a Content-Type names JSON (`application/json`, `application/*+json`),
 * with any parameters. Media types are case-insensitive (RFC 9110 §8.3.1):
 * `APPLICATION/JSON` is JSON, as it is to Hono's validator.
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const essence = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return /^application\/([\w.-]+\+)?json$/.test(essence);
}

/** A required JSON request body for `createRoute`. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { "application/json": { schema } }, required: true } as const;
}

/** An amount a client asks to move: positive integer minor units, at most 10^9 (ten million of a two-decimal currency). */
export const AmountSchema = z
  .object({
    amount: z
      .number()
      .int()
      .positive()
      .max(1_000_000_000)
      .openapi({ description: "Integer minor units (paise, cents)." }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .openapi({ description: "ISO 4217 code." }),
  })
  .openapi("Amount", { example: { amount: 50000, currency: "INR" } });

/** The Idempotency-Key header of a write a client may retry. */
export const IdempotencyHeader = z.object({ "idempotency-key": z.string().min(8).max(200).optional() });
