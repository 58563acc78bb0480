/**
 * Admins and payments. Mounted at /v1/admin/payments.
 *
 *   GET  /v1/admin/payments                ?status=&purpose=&method=&user_id=&ride_id=&booking_id=&from=&to=
 *                                          newest first (cursor-paginated)
 *   POST /v1/admin/payments/{id}/refund    {amount?, reason}: the rest when no amount; idempotent
 *   GET  /v1/admin/payments/drifts         what the daily reconciliation found out of step
 *
 * A refund is sent to the provider with a key made of the payment and the
 * request's Idempotency-Key (or, without one, the amount), so a retry never
 * refunds twice; the ledger mirrors it (payments/refunds.ts).
 */

import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { recordAdminAction } from "../admin/audit.ts";
import { searchPayments } from "../db/queries/admin-payments.ts";
import { openDrifts, type PaymentRow, paymentById } from "../db/queries/payments.ts";
import { paymentMethod, paymentPurpose, paymentStatus } from "../db/schema/enums.ts";
import type { AppEnv } from "../env.ts";
import { adminOnly, TimeWindowQuery, timeWindow } from "../http/admin.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import {
  AmountSchema,
  IdempotencyHeader,
  IdParam,
  jsonBody,
  MoneySchema,
  PageQuerySchema,
  pageOf,
  problemResponses,
} from "../http/schemas.ts";
import { paymentContext } from "../payments/context.ts";
import { refundPayment } from "../payments/refunds.ts";

const PaymentSchema = z
  .object({
    id: z.uuid(),
    purpose: z.string(),
    method: z.string(),
    status: z.string(),
    amount: MoneySchema,
    captured: MoneySchema,
    refunded: MoneySchema,
    ride_id: z.uuid().nullable(),
    booking_id: z.uuid().nullable(),
    provider_ref: z.string().nullable(),
    user_id: z.uuid().openapi({ description: "Who pays." }),
    created_at: z.string(),
  })
  .openapi("Payment");

function paymentJson(p: PaymentRow): z.infer<typeof PaymentSchema> {
  const m = (amount: number) => ({ amount, currency: p.currency });
  return {
    id: p.id,
    purpose: p.purpose,
    method: p.method,
    status: p.status,
    amount: m(p.amount),
    captured: m(p.capturedAmount),
    refunded: m(p.refundedAmount),
    ride_id: p.rideId,
    booking_id: p.bookingId,
    provider_ref: p.providerRef,
    user_id: p.userId,
    created_at: p.createdAt.toISOString(),
  };
}

const PaymentsQuery = PageQuerySchema.extend(TimeWindowQuery.shape).extend({
  status: z.enum(paymentStatus.enumValues).optional(),
  purpose: z.enum(paymentPurpose.enumValues).optional(),
  method: z.enum(paymentMethod.enumValues).optional(),
  user_id: z.uuid().optional(),
  ride_id: z.uuid().optional(),
  booking_id: z.uuid().optional(),
});

const DriftSchema = z
  .object({
    id: z.uuid(),
    payment_id: z.uuid().nullable(),
    provider_ref: z.string().nullable(),
    field: z.string(),
    ours: z.string(),
    theirs: z.string(),
    found_at: z.string(),
  })
  .openapi("PaymentDrift");

export const adminPaymentsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "searchPayments",
      tags: ["Admin"],
      summary: "Payments, newest first: by status, purpose, method, payer, ride, booking or time",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { query: PaymentsQuery },
      responses: {
        200: { description: "A page of payments", content: { "application/json": { schema: pageOf(PaymentSchema) } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const filter = {
        status: q.status,
        purpose: q.purpose,
        method: q.method,
        userId: q.user_id,
        rideId: q.ride_id,
        bookingId: q.booking_id,
        ...timeWindow(q),
      };
      const rows = await searchPayments(c.var.db(), filter, q.limit, decodeCursor(q.cursor));
      const result = page(rows, q.limit, (r) => timeIdCursor(r.createdAt, r.id));
      return c.json({ data: result.data.map(paymentJson), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/refund",
      operationId: "refundPayment",
      tags: ["Admin"],
      summary: "Refund a payment, whole or in part",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: {
        headers: IdempotencyHeader,
        params: IdParam,
        body: jsonBody(z.object({ amount: AmountSchema.optional(), reason: z.string().trim().min(1).max(500) })),
      },
      responses: {
        200: {
          description: "The payment after the refund",
          content: { "application/json": { schema: PaymentSchema } },
        },
        ...problemResponses(400, 401, 404, 409, 422, 502, 503),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const body = c.req.valid("json");
      const ctx = paymentContext(c.env, c.var.db());
      const before = await paymentById(ctx.db, id);
      if (!before) throw new ProblemError(404, "payment_not_found", "No such payment.");
      if (body.amount && body.amount.currency !== before.currency) {
        throw new ProblemError(422, "currency_mismatch", `The payment is in ${before.currency}.`);
      }
      const p = await refundPayment(ctx, id, {
        amount: body.amount?.amount,
        reason: body.reason,
        key: c.req.valid("header")["idempotency-key"] ?? `amount-${body.amount?.amount ?? "rest"}`,
      });
      // After the provider and the ledger (their own transactions): the refund is done when this is written.
      await recordAdminAction(c, {
        action: "payment.refund",
        targetType: "payment",
        targetId: p.id,
        details: {
          asked: body.amount?.amount ?? null,
          refunded_before: before.refundedAmount,
          refunded: p.refundedAmount,
          currency: p.currency,
          status: p.status,
          reason: body.reason,
        },
      });
      return c.json(paymentJson(p), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/drifts",
      operationId: "listPaymentDrifts",
      tags: ["Admin"],
      summary: "Open differences between the provider and the ledger, newest first",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      responses: {
        200: {
          description: "Open drifts",
          content: { "application/json": { schema: z.object({ data: z.array(DriftSchema) }) } },
        },
        ...problemResponses(401, 404),
      },
    }),
    async (c) => {
      const rows = await openDrifts(c.var.db(), 200);
      return c.json(
        {
          data: rows.map((d) => ({
            id: d.id,
            payment_id: d.paymentId,
            provider_ref: d.providerRef,
            field: d.field,
            ours: d.ours,
            theirs: d.theirs,
            found_at: d.foundAt.toISOString(),
          })),
        },
        200,
      );
    },
  );
