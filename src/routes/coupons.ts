/**
 * Coupons for users (growth/coupons.ts, domain/coupons.ts). Mounted at /v1/coupons.
 *
 *   GET  /v1/coupons            the coupons the caller can use now, newest first (cursor-paginated)
 *   POST /v1/coupons/validate   {code, service, vehicle_class?, city_id?, amount} → the discount, or a 422 naming why not
 *
 * A coupon is applied with `coupon_code` on POST /v1/rides and POST /v1/bookings.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { type CouponRow, checkCode, couponProblem, usableCoupons } from "../growth/coupons.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { AmountSchema, jsonBody, MoneySchema, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";

export const CouponCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .openapi({ description: "Any case: codes are compared upper-cased.", example: "WELCOME50" });

/** What anyone who may use a coupon sees of it. */
export const CouponSchema = z
  .object({
    code: z.string(),
    description: z.string(),
    discount_type: z.enum(["percent", "fixed"]),
    discount_value: z
      .number()
      .int()
      .openapi({ description: "Basis points for `percent` (1000 = 10 %), minor units for `fixed`." }),
    currency: z.string().nullable(),
    max_discount_amount: z.number().int().nullable(),
    min_order_amount: z.number().int(),
    services: z.array(z.enum(["passenger", "goods", "parking"])).nullable(),
    vehicle_classes: z.array(z.string()).nullable(),
    city_id: z.string().nullable(),
    new_users_only: z.boolean(),
    valid_from: z.string(),
    valid_until: z.string().nullable(),
  })
  .openapi("Coupon");

export function couponJson(row: CouponRow): z.infer<typeof CouponSchema> {
  const services =
    row.services === null && row.parking
      ? null
      : [...(row.services ?? ["passenger", "goods"]), ...(row.parking ? (["parking"] as const) : [])];
  return {
    code: row.code,
    description: row.description,
    discount_type: row.discountType,
    discount_value: row.discountValue,
    currency: row.currency,
    max_discount_amount: row.maxDiscountAmount,
    min_order_amount: row.minFareAmount,
    services,
    vehicle_classes: row.vehicleClassIds,
    city_id: row.cityId,
    new_users_only: row.audience === "new_users",
    valid_from: row.validFrom.toISOString(),
    valid_until: row.validUntil?.toISOString() ?? null,
  };
}

const UsableSchema = CouponSchema.extend({
  uses_left: z.number().int().openapi({ description: "How many more times the caller may use it." }),
}).openapi("UsableCoupon");

const ValidateBody = z.object({
  code: CouponCode,
  service: z.enum(["passenger", "goods", "parking"]),
  vehicle_class: z
    .string()
    .regex(/^[a-z_]{1,32}$/)
    .optional(),
  city_id: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional()
    .openapi({ description: "The city of the ride or spot; a coupon of one city is refused without it." }),
  amount: AmountSchema.openapi({ description: "The order before taxes: a ride's subtotal, a booking's total." }),
});

const signedIn = requireAuth();

export const couponsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listUsableCoupons",
      tags: ["Coupons"],
      summary: "The coupons the caller can use now",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: { description: "A page of coupons", content: { "application/json": { schema: pageOf(UsableSchema) } } },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await usableCoupons(c.var.db(), caller(c).userId, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.coupon.createdAt, r.coupon.id));
      const data = result.data.map((r) => ({ ...couponJson(r.coupon), uses_left: r.coupon.perUserLimit - r.uses }));
      return c.json({ data, next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/validate",
      operationId: "validateCoupon",
      tags: ["Coupons"],
      summary: "What a coupon takes off an order, or why it cannot be used",
      description:
        "422 with the reason as `code`: `coupon_not_found`, `coupon_inactive`, `coupon_not_started`, `coupon_expired`, `coupon_used_up`, `coupon_already_used`, `coupon_new_users_only`, `coupon_not_for_service`, `coupon_not_for_vehicle_class`, `coupon_not_for_city`, `coupon_wrong_currency`, `coupon_below_minimum`. Nothing is reserved: that happens with the ride or booking.",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { body: jsonBody(ValidateBody) },
      responses: {
        200: {
          description: "The coupon can be used",
          content: {
            "application/json": {
              schema: z.object({ coupon: CouponSchema, discount: MoneySchema, amount_after: MoneySchema }),
            },
          },
        },
        ...problemResponses(400, 401, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const found = await checkCode(
        c.var.db(),
        caller(c).userId,
        body.code,
        {
          service: body.service,
          vehicleClass: body.vehicle_class ?? null,
          cityId: body.city_id ?? null,
          amount: body.amount,
        },
        new Date(),
      );
      if (!found?.check.ok) throw couponProblem(found);
      const discount = found.check.discount;
      return c.json(
        {
          coupon: couponJson(found.row),
          discount,
          amount_after: { amount: body.amount.amount - discount.amount, currency: discount.currency },
        },
        200,
      );
    },
  );
