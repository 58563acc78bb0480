/**
 *   GET /v1/drivers/nearby?lat=&lng=&vehicle_class=&radius_m=&limit=   (mounted at /v1/drivers/nearby)
 *
 * Available drivers around a point, nearest first, from the cell actors'
 * memory: the cars on a rider's map before they ask. Positions are rounded
 * to about 10 m and drivers are not named.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { nearbyDrivers } from "../dispatch/nearby.ts";
import type { AppEnv } from "../env.ts";
import { requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { problemResponses, queryInteger, queryNumber } from "../http/schemas.ts";

const NearbyDriver = z
  .object({
    vehicle_class: z.string(),
    lat: z.number(),
    lng: z.number(),
    heading: z.number().nullable(),
    distance_m: z.number().int(),
  })
  .openapi("NearbyDriver");

export const nearbyRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listNearbyDrivers",
    tags: ["Dispatch"],
    summary: "Available drivers near a point, nearest first",
    description:
      "For a rider's map. Searches every cell the circle touches; positions are rounded to 4 decimal places (about 10 m) and drivers are not identified.",
    security: bearerSecurity,
    middleware: [requireAuth()] as const,
    request: {
      query: z.object({
        lat: queryNumber(-90, 90),
        lng: queryNumber(-180, 180),
        vehicle_class: z
          .string()
          .regex(/^[a-z_]{1,32}$/)
          .optional(),
        radius_m: queryInteger(100, 8000, 3000).openapi({ description: "Search radius, 100–8000 m (3000)." }),
        limit: queryInteger(1, 20, 10).openapi({ description: "At most this many drivers, 1–20 (10)." }),
      }),
    },
    responses: {
      200: {
        description: "The drivers found",
        content: { "application/json": { schema: z.object({ data: z.array(NearbyDriver) }) } },
      },
      ...problemResponses(400, 401),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const found = await nearbyDrivers(c.env, {
      lat: q.lat,
      lng: q.lng,
      vehicleClass: q.vehicle_class,
      radiusM: q.radius_m,
      k: q.limit,
    });
    const round = (v: number) => Math.round(v * 10_000) / 10_000;
    return c.json(
      {
        data: found.map((d) => ({
          vehicle_class: d.vehicleClass,
          lat: round(d.lat),
          lng: round(d.lng),
          heading: d.heading === null ? null : Math.round(d.heading),
          distance_m: Math.round(d.distanceM),
        })),
      },
      200,
    );
  },
);
