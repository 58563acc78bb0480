/**
 * Admins and parking bookings. Mounted at /v1/admin/bookings.
 *
 *   GET /v1/admin/bookings?status=&spot_id=&renter_id=&owner_id=&from=&to=   newest first (cursor-paginated);
 *                                                                          `from`/`to` bound when it was made
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { searchBookings } from "../db/queries/admin-bookings.ts";
import { bookingStatus } from "../db/schema/enums.ts";
import type { AppEnv } from "../env.ts";
import { adminOnly, TimeWindowQuery, timeWindow } from "../http/admin.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { bookingJson } from "../parking/booking-json.ts";
import { BookingSchema } from "./bookings.ts";

const BookingsQuery = PageQuerySchema.extend(TimeWindowQuery.shape).extend({
  status: z.enum(bookingStatus.enumValues).optional(),
  spot_id: z.uuid().optional(),
  renter_id: z.uuid().optional(),
  owner_id: z.uuid().optional().openapi({ description: "The spots' owner." }),
});

export const adminBookingsRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "searchBookings",
    tags: ["Admin"],
    summary: "Parking bookings, newest first: by status, spot, renter, owner or when made",
    security: bearerSecurity,
    middleware: [adminOnly] as const,
    request: { query: BookingsQuery },
    responses: {
      200: { description: "A page of bookings", content: { "application/json": { schema: pageOf(BookingSchema) } } },
      ...problemResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const filter = {
      status: q.status,
      spotId: q.spot_id,
      renterId: q.renter_id,
      ownerId: q.owner_id,
      ...timeWindow(q),
    };
    const rows = await searchBookings(c.var.db(), filter, q.limit, decodeCursor(q.cursor));
    const result = page(rows, q.limit, (r) => timeIdCursor(r.booking.createdAt, r.booking.id));
    const data = result.data.map((r) => bookingJson(r.booking, "admin", r.renterName));
    return c.json({ data, next_cursor: result.next_cursor }, 200);
  },
);
