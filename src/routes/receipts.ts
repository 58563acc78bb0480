/**
 * Receipts as PDF (src/receipts/): drawn once per content, kept in R2.
 *
 *   GET /v1/rides/{id}/receipt      (the ride's rider, admins) once the ride is completed
 *   GET /v1/bookings/{id}/receipt   (the booking's renter, admins) once the booking is completed
 *
 * Anyone else gets 404, as for the ride or booking itself; before completion, 409 `receipt_not_ready`.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Receipt } from "../domain/receipt.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { IdParam, problemResponses } from "../http/schemas.ts";
import { bookingReceiptOf, receiptFileName, receiptOrThrow, receiptPdf, rideReceiptOf } from "../receipts/receipts.ts";

const authed = requireAuth();

function receiptRoute(what: "ride" | "booking") {
  return createRoute({
    method: "get",
    path: "/{id}/receipt",
    operationId: what === "ride" ? "getRideReceipt" : "getBookingReceipt",
    tags: [what === "ride" ? "Rides" : "Bookings"],
    summary: `The ${what}'s receipt (PDF): fare lines, taxes with the city's tax registrations, discounts, tip, payment`,
    security: bearerSecurity,
    middleware: [authed] as const,
    request: { params: IdParam },
    responses: {
      200: {
        description: "The receipt",
        content: { "application/pdf": { schema: z.string().openapi({ format: "binary" }) } },
      },
      ...problemResponses(400, 401, 404, 409),
    },
  });
}

async function pdfResponse(bucket: R2Bucket, receipt: Receipt): Promise<Response> {
  const pdf = await receiptPdf(bucket, receipt);
  return new Response(pdf, {
    status: 200,
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="${receiptFileName(receipt)}"`,
      "cache-control": "private, max-age=300",
    },
  });
}

export const rideReceiptRoutes = new OpenAPIHono<AppEnv>().openapi(receiptRoute("ride"), async (c) => {
  const me = caller(c);
  const result = await rideReceiptOf(c.env, c.var.db(), c.req.valid("param").id, { userId: me.userId, role: me.role });
  return pdfResponse(c.env.RECEIPTS, receiptOrThrow(result, "ride"));
});

export const bookingReceiptRoutes = new OpenAPIHono<AppEnv>().openapi(receiptRoute("booking"), async (c) => {
  const me = caller(c);
  const result = await bookingReceiptOf(c.var.db(), c.req.valid("param").id, { userId: me.userId, role: me.role });
  return pdfResponse(c.env.RECEIPTS, receiptOrThrow(result, "booking"));
});
