/**
 * Admins find rides. Mounted at /v1/admin/rides.
 *
 *   GET /v1/admin/rides?order_number=&city_id=&status=&service=&driver_id=&rider_id=&from=&to=
 *       every ride, newest first (cursor-paginated); `from`/`to` bound the request time
 *
 * `order_number` finds the ride someone reads out (`CB-AMD-000123`, in any
 * case); the list comes from Postgres, with live rides' status from their
 * actors, as the riders' own list (routes/rides.ts).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { searchRides } from "../db/queries/rides.ts";
import { rideStatus, service } from "../db/schema/enums.ts";
import { normalizeOrderNumber } from "../domain/order-number.ts";
import type { AppEnv } from "../env.ts";
import { adminOnly, TimeWindowQuery, timeWindow } from "../http/admin.ts";
import { caller } from "../http/auth.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { RideSummarySchema, summaries } from "./rides.ts";

const AdminRideSchema = RideSummarySchema.extend({
  city_id: z.string(),
  rider_id: z.uuid(),
  driver_id: z.uuid().nullable(),
}).openapi("AdminRide");

const AdminRidesQuery = PageQuerySchema.extend({
  order_number: z
    .string()
    .max(40)
    .transform((typed, ctx) => {
      const normal = normalizeOrderNumber(typed);
      if (normal === null) {
        ctx.addIssue({ code: "custom", message: "not an order number such as CB-AMD-000123" });
        return z.NEVER;
      }
      return normal;
    })
    .optional()
    .openapi({ description: "An order number, in any case (`cb-amd-000123`).", example: "CB-AMD-000123" }),
  city_id: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .optional()
    .openapi({ description: "A city's id (`ahmedabad`)." }),
  status: z.enum(rideStatus.enumValues).optional(),
  service: z.enum(service.enumValues).optional(),
  driver_id: z.uuid().optional(),
  rider_id: z.uuid().optional(),
}).extend(TimeWindowQuery.shape);

export const adminRidesRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "searchRides",
    tags: ["Admin"],
    summary: "Rides, newest first: by order number, status, city, service, driver, rider or request time",
    description:
      "An order number that is well formed but names no ride is an empty page; one that cannot be an order number is 400 naming `order_number`.",
    security: bearerSecurity,
    middleware: [adminOnly] as const,
    request: { query: AdminRidesQuery },
    responses: {
      200: { description: "A page of rides", content: { "application/json": { schema: pageOf(AdminRideSchema) } } },
      ...problemResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const me = caller(c);
    const q = c.req.valid("query");
    const { limit, cursor } = q;
    const filter = {
      orderNumber: q.order_number,
      cityId: q.city_id,
      status: q.status,
      service: q.service,
      driverId: q.driver_id,
      riderId: q.rider_id,
      ...timeWindow(q),
    };
    const rows = await searchRides(c.var.db(), filter, limit, decodeCursor(cursor));
    const result = page(rows, limit, (r) => timeIdCursor(r.requestedAt, r.id));
    const shown = await summaries(c, result.data, { userId: me.userId, role: me.role });
    const data = shown.map((summary, i) => {
      const row = result.data[i] as (typeof result.data)[number];
      return { ...summary, city_id: row.cityId, rider_id: row.riderId, driver_id: row.driverId };
    });
    return c.json({ data, next_cursor: result.next_cursor }, 200);
  },
);
