/**
 * Admins make and manage coupons. Mounted at /v1/admin/coupons.
 *
 *   POST  /v1/admin/coupons         create (the code is stored upper-cased; 409 `coupon_code_taken`)
 *   GET   /v1/admin/coupons         every coupon with its uses, newest first (cursor-paginated)
 *   PATCH /v1/admin/coupons/{id}    {is_active?, description?, valid_until?, usage_limit?}: deactivate, extend, …
 */

import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { auditActor, auditStatement } from "../admin/audit.ts";
import { coupons } from "../db/schema/index.ts";
import { couponTermsProblem, normalizeCode } from "../domain/coupons.ts";
import type { AppEnv } from "../env.ts";
import { allCoupons, type CouponRow } from "../growth/coupons.ts";
import { requireAuth } from "../http/auth.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, jsonBody, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { databaseFault } from "../log.ts";
import { CouponSchema, couponJson } from "./coupons.ts";

const AdminCouponSchema = CouponSchema.extend({
  id: z.uuid(),
  usage_limit: z.number().int().nullable(),
  usage_count: z.number().int().openapi({ description: "Uses reserved or redeemed." }),
  per_user_limit: z.number().int(),
  is_active: z.boolean(),
  created_at: z.string(),
}).openapi("AdminCoupon");

function adminJson(row: CouponRow): z.infer<typeof AdminCouponSchema> {
  return {
    ...couponJson(row),
    id: row.id,
    usage_limit: row.usageLimit,
    usage_count: row.usageCount,
    per_user_limit: row.perUserLimit,
    is_active: row.isActive,
    created_at: row.createdAt.toISOString(),
  };
}

const Minor = z.number().int().nonnegative().max(1_000_000_000);
const Currency = z.string().regex(/^[A-Z]{3}$/);
const Text = z.string().trim().max(500);

const CreateBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{3,40}$/, "3–40 letters, digits, _ or -"),
  description: Text.optional(),
  discount_type: z.enum(["percent", "fixed"]),
  discount_value: z
    .number()
    .int()
    .positive()
    .max(1_000_000_000)
    .openapi({ description: "Basis points for `percent` (at most 10000), minor units for `fixed`." }),
  currency: Currency.optional().openapi({ description: "Needed for a fixed amount, a maximum or a minimum." }),
  max_discount_amount: Minor.optional(),
  min_order_amount: Minor.optional(),
  usage_limit: z.number().int().positive().max(100_000_000).optional(),
  per_user_limit: z.number().int().positive().max(1000).default(1),
  new_users_only: z.boolean().default(false),
  city_id: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional(),
  services: z
    .array(z.enum(["passenger", "goods", "parking"]))
    .min(1)
    .optional()
    .openapi({ description: "What it applies to; all when absent." }),
  vehicle_classes: z
    .array(z.string().regex(/^[a-z_]{1,32}$/))
    .min(1)
    .max(20)
    .optional(),
  valid_from: z.iso.datetime({ offset: true }).optional(),
  valid_until: z.iso.datetime({ offset: true }).optional(),
});

const PatchBody = z.object({
  is_active: z.boolean().optional(),
  description: Text.optional(),
  valid_until: z.iso.datetime({ offset: true }).nullable().optional(),
  usage_limit: z.number().int().positive().max(100_000_000).nullable().optional(),
});

const adminOnly = requireAuth({ roles: ["admin"] });
const asCoupon = (description: string) => ({
  description,
  content: { "application/json": { schema: AdminCouponSchema } },
});

export const adminCouponsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createCoupon",
      tags: ["Admin"],
      summary: "Create a coupon",
      description:
        "409 `coupon_code_taken`; 422 `invalid_coupon` (a percentage over 10000 basis points, a fixed amount or a cap without a currency, an end before the start) or `city_not_found`.",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { body: jsonBody(CreateBody) },
      responses: { 201: asCoupon("The coupon"), ...problemResponses(400, 401, 403, 409, 422) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const problem = couponTermsProblem({
        discountType: b.discount_type,
        discountValue: b.discount_value,
        currency: b.currency ?? null,
        maxDiscountAmount: b.max_discount_amount ?? null,
        minFareAmount: b.min_order_amount ?? 0,
      });
      const validFrom = b.valid_from ? new Date(b.valid_from) : new Date();
      const validUntil = b.valid_until ? new Date(b.valid_until) : null;
      if (problem || (validUntil && validUntil <= validFrom)) {
        throw new ProblemError(422, "invalid_coupon", problem ?? "valid_until must come after valid_from.");
      }
      const rideServices = b.services?.filter((s): s is "passenger" | "goods" => s !== "parking") ?? null;
      try {
        const by = auditActor(c);
        const row = await c.var.db().transaction(async (tx) => {
          const [made] = await tx
            .insert(coupons)
            .values({
              code: normalizeCode(b.code),
              description: b.description ?? "",
              discountType: b.discount_type,
              discountValue: b.discount_value,
              currency: b.currency ?? null,
              maxDiscountAmount: b.max_discount_amount ?? null,
              minFareAmount: b.min_order_amount ?? 0,
              usageLimit: b.usage_limit ?? null,
              perUserLimit: b.per_user_limit,
              audience: b.new_users_only ? "new_users" : "all",
              cityId: b.city_id ?? null,
              services: rideServices,
              parking: b.services === undefined || b.services.includes("parking"),
              vehicleClassIds: b.vehicle_classes ?? null,
              validFrom,
              validUntil,
            })
            .returning();
          if (made) {
            const details = { code: made.code, discount_type: made.discountType, discount_value: made.discountValue };
            await auditStatement(tx, by, { action: "coupon.create", targetType: "coupon", targetId: made.id, details });
          }
          return made;
        });
        return c.json(adminJson(row as CouponRow), 201);
      } catch (error) {
        const code = databaseFault(error)?.code;
        if (code === "23505") throw new ProblemError(409, "coupon_code_taken", "A coupon has this code.");
        if (code === "23503") throw new ProblemError(422, "city_not_found", "No such city.");
        throw error;
      }
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listCoupons",
      tags: ["Admin"],
      summary: "Every coupon with its uses, newest first",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: {
          description: "A page of coupons",
          content: { "application/json": { schema: pageOf(AdminCouponSchema) } },
        },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await allCoupons(c.var.db(), limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.createdAt, r.id));
      return c.json({ data: result.data.map(adminJson), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "updateCoupon",
      tags: ["Admin"],
      summary: "Deactivate, describe, extend or limit a coupon",
      description:
        "`is_active: false` stops new uses (uses already reserved still complete). A `usage_limit` under the uses so far is 409 `usage_limit_below_uses`.",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { params: IdParam, body: jsonBody(PatchBody) },
      responses: { 200: asCoupon("The coupon"), ...problemResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const set = {
        ...(b.is_active !== undefined ? { isActive: b.is_active } : {}),
        ...(b.description !== undefined ? { description: b.description } : {}),
        ...(b.valid_until !== undefined ? { validUntil: b.valid_until === null ? null : new Date(b.valid_until) } : {}),
        ...(b.usage_limit !== undefined ? { usageLimit: b.usage_limit } : {}),
      };
      const id = c.req.valid("param").id;
      try {
        const by = auditActor(c);
        const [row] =
          Object.keys(set).length > 0
            ? await c.var.db().transaction(async (tx) => {
                const changed = await tx.update(coupons).set(set).where(eq(coupons.id, id)).returning();
                const details = { changed: Object.keys(b) };
                if (changed[0])
                  await auditStatement(tx, by, {
                    action: "coupon.update",
                    targetType: "coupon",
                    targetId: id,
                    details,
                  });
                return changed;
              })
            : await c.var.db().select().from(coupons).where(eq(coupons.id, id));
        if (!row) throw new ProblemError(404, "coupon_not_found", "No such coupon.");
        return c.json(adminJson(row), 200);
      } catch (error) {
        if (databaseFault(error)?.code === "23514") {
          throw new ProblemError(409, "usage_limit_below_uses", "The coupon has been used more times than that.");
        }
        throw error;
      }
    },
  );
