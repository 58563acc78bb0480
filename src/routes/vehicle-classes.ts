/**
 * The vehicle classes every city prices (bike, auto, car, van, truck …).
 * Mounted at /v1/vehicle-classes. Served from the catalog (db/catalog.ts),
 * in display order, at most CATALOG_TTL_MS old.
 *
 *   GET /v1/vehicle-classes        every vehicle class
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { catalog } from "../db/catalog.ts";
import { service } from "../db/schema/enums.ts";
import type { AppEnv } from "../env.ts";
import { background } from "../http/background.ts";
import { publicSecurity } from "../http/openapi.ts";
import { problemResponses } from "../http/schemas.ts";

const VehicleClassSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    services: z.array(z.enum(service.enumValues)),
    seats: z.number().int(),
    max_weight_kg: z.number().int().openapi({ description: "The heaviest package a delivery of this class carries." }),
    max_distance_km: z
      .number()
      .int()
      .nullable()
      .openapi({ description: "The longest trip of this class (road distance as estimated); null: no limit." }),
  })
  .openapi("VehicleClass");

export const vehicleClassesRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "listVehicleClasses",
    tags: ["Cities"],
    security: publicSecurity,
    summary: "Every vehicle class",
    responses: {
      200: {
        description: "The vehicle classes",
        content: { "application/json": { schema: z.object({ data: z.array(VehicleClassSchema) }) } },
      },
      // The edge's text rules (http/input-guard.ts): a NUL in the path or a query parameter.
      ...problemResponses(400),
    },
  }),
  async (c) => {
    const { vehicleClasses } = await catalog(c.var.db, background(c));
    return c.json(
      {
        data: vehicleClasses.map((v) => ({
          id: v.id,
          name: v.name,
          description: v.description,
          services: v.services,
          seats: v.seats,
          max_weight_kg: v.maxWeightKg,
          max_distance_km: v.maxDistanceKm,
        })),
      },
      200,
    );
  },
);
