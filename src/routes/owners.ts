/**
 * An owner's side of parking. Mounted at /v1/owners/me.
 *
 *   GET /v1/owners/me/spots                      their spots, newest first (cursor-paginated)
 *   GET /v1/owners/me/bookings?spot_id&from&to   bookings of their spots: the renter's name and vehicle only
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bookingsOfOwner } from "../db/queries/bookings.ts";
import { spotsOfOwner } from "../db/queries/spots.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { PageQuerySchema, problemResponses } from "../http/schemas.ts";
import { bookingJson } from "../parking/booking-json.ts";
import { spotJson } from "../parking/spot-json.ts";

const owners = requireAuth({ roles: ["owner"] });
const Page = z.object({ data: z.array(z.looseObject({ id: z.uuid() })), next_cursor: z.string().nullable() });

export const ownersRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/spots",
      operationId: "listOwnSpots",
      tags: ["Parking"],
      summary: "The caller's spots, newest first",
      security: bearerSecurity,
      middleware: [owners] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: { description: "A page of spots (see Spot)", content: { "application/json": { schema: Page } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await spotsOfOwner(c.var.db(), caller(c).userId, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.createdAt, r.id));
      return c.json(
        { data: result.data.map((s) => spotJson(s, { accessInstructions: true })), next_cursor: result.next_cursor },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/bookings",
      operationId: "listOwnSpotBookings",
      tags: ["Parking"],
      summary: "Bookings of the caller's spots, newest first",
      security: bearerSecurity,
      middleware: [owners] as const,
      request: {
        query: PageQuerySchema.extend({
          spot_id: z.uuid().optional(),
          from: z.iso.datetime({ offset: true }).optional(),
          to: z.iso.datetime({ offset: true }).optional(),
        }),
      },
      responses: {
        200: { description: "A page of bookings (see Booking)", content: { "application/json": { schema: Page } } },
        ...problemResponses(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const rows = await bookingsOfOwner(
        c.var.db(),
        caller(c).userId,
        { spotId: q.spot_id, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined },
        q.limit,
        decodeCursor(q.cursor),
      );
      const result = page(rows, q.limit, (r) => timeIdCursor(r.booking.createdAt, r.booking.id));
      return c.json(
        {
          data: result.data.map((r) => bookingJson(r.booking, "owner", r.renterName)),
          next_cursor: result.next_cursor,
        },
        200,
      );
    },
  );
