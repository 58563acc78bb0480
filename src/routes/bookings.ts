/**
 * Parking bookings. Mounted at /v1/bookings.
 *
 *   POST /v1/bookings/quote          {spot_id, starts_at, ends_at} → duration, subtotal, service fee, total, owner payout
 *   POST /v1/bookings                book (Idempotency-Key): 201 pending (card, with the PaymentIntent to confirm)
 *                                    or confirmed (wallet); 409 spot_unavailable when any part of the window is held
 *   GET  /v1/bookings                the renter's bookings, newest first (cursor-paginated)
 *   GET  /v1/bookings/{id}           its renter, the spot's owner (renter's name and vehicle only), admins
 *   POST /v1/bookings/{id}/cancel    {reason?}: the renter under the spot's policy; the owner or an admin, in full
 *   POST /v1/bookings/{id}/check-in  {code}: the code or its QR payload, by the renter or the owner at the spot
 *   POST /v1/bookings/{id}/check-out the renter or the owner
 *   POST /v1/bookings/{id}/extend    {ends_at}: the renter; the difference charged the way the booking was paid
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bookingsOfRenter } from "../db/queries/bookings.ts";
import { userById } from "../db/queries/users.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import {
  IdempotencyHeader,
  IdParam,
  jsonBody,
  MoneySchema,
  PageQuerySchema,
  pageOf,
  problemResponses,
} from "../http/schemas.ts";
import { bookSpot, priceWindow } from "../parking/book.ts";
import { bookingFor } from "../parking/booking-access.ts";
import { bookingJson } from "../parking/booking-json.ts";
import { cancelBooking } from "../parking/cancel.ts";
import { codeMatches, moveBooking } from "../parking/check-in.ts";
import { checkOut } from "../parking/check-out.ts";
import { bookingEvents } from "../parking/events.ts";
import { extendBooking } from "../parking/extend.ts";
import { paymentContext } from "../payments/context.ts";

const Instant = z.iso.datetime({ offset: true });
const Window = { spot_id: z.uuid(), starts_at: Instant, ends_at: Instant };

const QuoteSchema = z
  .object({
    spot_id: z.uuid(),
    starts_at: z.string(),
    ends_at: z.string(),
    duration_minutes: z.number().int(),
    lines: z.array(z.object({ unit: z.enum(["hour", "day", "month"]), count: z.number().int(), amount: MoneySchema })),
    subtotal: MoneySchema,
    service_fee: MoneySchema.openapi({
      description: "10 % of the subtotal + 0.50 of the currency, paid by the renter",
    }),
    total: MoneySchema,
    owner_payout: MoneySchema.openapi({ description: "The subtotal: what the owner is paid" }),
  })
  .openapi("BookingQuote");

const Text = (max: number) => z.string().trim().max(max);
const CreateBooking = z.object({
  ...Window,
  payment_method: z.enum(["card", "wallet"]).default("card"),
  vehicle_plate: Text(20).optional(),
  vehicle_make: Text(50).optional(),
  vehicle_model: Text(50).optional(),
  vehicle_color: Text(30).optional(),
  special_requests: Text(500).optional(),
  coupon_code: z.string().trim().min(1).max(40).optional().openapi({
    description:
      "A coupon (`POST /v1/coupons/validate` with `service: parking`): its discount comes off the total, the owner is still paid the subtotal. An unusable code is 422 naming why; no booking is made. Its use is given back if the booking is cancelled or expires unpaid.",
  }),
});

export const BookingSchema = z
  .object({
    id: z.uuid(),
    spot_id: z.uuid(),
    renter_id: z.uuid(),
    renter_name: z.string().nullable(),
    status: z.enum(["pending", "confirmed", "in_progress", "completed", "cancelled", "refunded"]),
    starts_at: z.string(),
    ends_at: z.string(),
    subtotal: MoneySchema,
    service_fee: MoneySchema,
    total: MoneySchema,
    discount: MoneySchema.openapi({ description: "A coupon's discount, already taken off `total`" }),
    owner_payout: MoneySchema,
    refunded: MoneySchema,
    overstay: MoneySchema.openapi({ description: "Charged at check-out for staying past the end (beyond `total`)" }),
    payment_method: z.string(),
    payment_status: z.string(),
    check_in_code: z.string().nullable().openapi({ description: "Shown to the renter (and admins) only" }),
    check_in_qr: z
      .string()
      .nullable()
      .openapi({ description: "The QR code's payload: `curbside:booking:<id>:<code>`" }),
    vehicle: z.object({
      plate: z.string().nullable(),
      make: z.string().nullable(),
      model: z.string().nullable(),
      color: z.string().nullable(),
    }),
    special_requests: z.string().nullable(),
    cancelled_by: z.string().nullable(),
    cancellation_reason: z.string().nullable(),
    checked_in_at: z.string().nullable(),
    checked_out_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Booking");

const BookedSchema = BookingSchema.extend({
  payment: z.object({ payment_intent_id: z.string(), client_secret: z.string().nullable() }).nullable().openapi({
    description: "A card booking's PaymentIntent: confirm it in the app; the booking is confirmed on its webhook.",
  }),
}).openapi("BookingCreated");

const signedIn = requireAuth();
const renters = requireAuth({ roles: ["rider", "driver"] });
const ctxOf = (c: Context<AppEnv>) => paymentContext(c.env, c.var.db());

export const bookingsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/quote",
      operationId: "quoteBooking",
      tags: ["Parking"],
      summary: "What a window at a spot costs",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { body: jsonBody(z.object(Window)) },
      responses: {
        200: { description: "The quote", content: { "application/json": { schema: QuoteSchema } } },
        ...problemResponses(400, 401, 404, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const startsAt = new Date(body.starts_at);
      const endsAt = new Date(body.ends_at);
      const { spot, quote } = await priceWindow(c.var.db(), body.spot_id, startsAt, endsAt, new Date());
      return c.json(
        {
          spot_id: spot.id,
          starts_at: startsAt.toISOString(),
          ends_at: endsAt.toISOString(),
          duration_minutes: quote.durationMinutes,
          lines: quote.lines.map((l) => ({ ...l, amount: { amount: l.amount, currency: spot.currency } })),
          subtotal: quote.subtotal,
          service_fee: quote.serviceFee,
          total: quote.total,
          owner_payout: quote.ownerPayout,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createBooking",
      tags: ["Parking"],
      summary: "Book a spot for a window",
      description:
        "Windows start in the future, last at least 30 minutes, start at most 30 days ahead and lie inside the spot's hours. Any part of the window held by another booking is 409 `spot_unavailable` (the database's exclusion constraint decides, under any concurrency). A card booking is `pending` until its PaymentIntent succeeds, and releases its window if unpaid after 15 minutes; a wallet booking is `confirmed` at once (402 `insufficient_funds`). Send an `Idempotency-Key` to retry safely.",
      security: bearerSecurity,
      middleware: [renters] as const,
      request: { headers: IdempotencyHeader, body: jsonBody(CreateBooking) },
      responses: {
        201: { description: "The booking", content: { "application/json": { schema: BookedSchema } } },
        200: {
          description: "The booking an earlier request with this Idempotency-Key made",
          content: { "application/json": { schema: BookedSchema } },
        },
        ...problemResponses(400, 401, 402, 403, 404, 409, 422, 502, 503),
      },
    }),
    async (c) => {
      const booked = await bookSpot(
        ctxOf(c),
        caller(c).userId,
        c.req.valid("json"),
        c.req.valid("header")["idempotency-key"],
      );
      const body = {
        ...bookingJson(booked.booking, "renter"),
        payment: booked.payment && {
          payment_intent_id: booked.payment.intentId,
          client_secret: booked.payment.clientSecret,
        },
      };
      return booked.created ? c.json(body, 201) : c.json(body, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listBookings",
      tags: ["Parking"],
      summary: "The caller's bookings as a renter, newest first",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: { description: "A page of bookings", content: { "application/json": { schema: pageOf(BookingSchema) } } },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await bookingsOfRenter(c.var.db(), caller(c).userId, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.createdAt, r.id));
      return c.json({ data: result.data.map((b) => bookingJson(b, "renter")), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getBooking",
      tags: ["Parking"],
      summary: "A booking (its renter, the spot's owner, admins)",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The booking", content: { "application/json": { schema: BookingSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const me = caller(c);
      const { booking, as } = await bookingFor(c.var.db(), c.req.valid("param").id, me);
      const renter = as === "renter" ? null : await userById(c.var.db(), booking.renterId);
      return c.json(bookingJson(booking, as, renter?.name), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/check-in",
      operationId: "checkInBooking",
      tags: ["Parking"],
      summary: "Check in at the spot with the booking's code (from 15 minutes before the start)",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam, body: jsonBody(z.object({ code: z.string().trim().min(6).max(120) })) },
      responses: {
        200: { description: "The booking, in progress", content: { "application/json": { schema: BookingSchema } } },
        ...problemResponses(400, 401, 404, 409, 422),
      },
    }),
    async (c) => {
      const me = caller(c);
      const { booking, spot, as } = await bookingFor(c.var.db(), c.req.valid("param").id, me);
      if (!codeMatches(booking, c.req.valid("json").code)) {
        throw new ProblemError(422, "wrong_code", "That is not this booking's code.");
      }
      const inside = await moveBooking(c.var.db(), booking, { type: "check_in" });
      // The renter's live channel hears of the check-in (events/notifications.ts).
      await ctxOf(c).announce(bookingEvents("booking_update", inside, spot.ownerId));
      return c.json(bookingJson(inside, as), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/check-out",
      operationId: "checkOutBooking",
      tags: ["Parking"],
      summary: "Leave the spot: the booking completes",
      description:
        "By the renter, or the owner at the spot. After the end, the overstay is charged the way the booking was paid: the hourly rate in 15-minute steps (`overstay` in the answer). A decline does not hold the renter: the booking completes with `overstay` 0 and the owner is told what is owed. A later booking the overstay ran into is told, and the owner's notice flags it.",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The booking, completed", content: { "application/json": { schema: BookingSchema } } },
        ...problemResponses(400, 401, 404, 409),
      },
    }),
    async (c) => {
      const { booking, spot, as } = await bookingFor(c.var.db(), c.req.valid("param").id, caller(c));
      return c.json(bookingJson(await checkOut(ctxOf(c), booking, spot), as), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/extend",
      operationId: "extendBooking",
      tags: ["Parking"],
      summary: "Stay longer: a later end, charged the difference the way the booking was paid",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam, body: jsonBody(z.object({ ends_at: Instant })) },
      responses: {
        200: { description: "The booking, longer", content: { "application/json": { schema: BookingSchema } } },
        ...problemResponses(400, 401, 402, 404, 409, 422, 502, 503),
      },
    }),
    async (c) => {
      const booking = await extendBooking(
        ctxOf(c),
        c.req.valid("param").id,
        caller(c),
        new Date(c.req.valid("json").ends_at),
      );
      return c.json(bookingJson(booking, "renter"), 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/cancel",
      operationId: "cancelBooking",
      tags: ["Parking"],
      summary: "Cancel a booking",
      description:
        "The renter, under the spot's policy — flexible: all back until the start; moderate: all until 24 h before, 50 % after; strict: 50 % until 7 days before, nothing after — or the spot's owner or an admin, always in full. The refund goes back the way it was paid.",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam, body: jsonBody(z.object({ reason: Text(500).optional() })) },
      responses: {
        200: { description: "The booking, cancelled", content: { "application/json": { schema: BookingSchema } } },
        ...problemResponses(400, 401, 404, 409, 502, 503),
      },
    }),
    async (c) => {
      const me = caller(c);
      const booking = await cancelBooking(ctxOf(c), c.req.valid("param").id, me, c.req.valid("json").reason ?? null);
      const as = booking.renterId === me.userId ? "renter" : me.role === "admin" ? "admin" : "owner";
      return c.json(bookingJson(booking, as), 200);
    },
  );
