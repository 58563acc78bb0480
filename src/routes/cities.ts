/**
 * Cities: where Curbside operates, each with its service area, taxes and
 * pricing per vehicle class and service. Mounted at /v1/cities.
 *
 *   GET /v1/cities                 list (cursor-paginated)
 *   GET /v1/cities/locate?lat&lng  the city serving a point, or 404 outside_service_area
 *   GET /v1/cities/{id}            one city with its pricing
 *
 * A city's id is a slug (ahmedabad), not a UUID: its routes take `CityIdParam`.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { catalog, cityAt } from "../db/catalog.ts";
import { type CityRow, cityPricing, getCity, listCities, type PricingRow } from "../db/queries/cities.ts";
import { service } from "../db/schema/enums.ts";
import type { AppEnv } from "../env.ts";
import { background } from "../http/background.ts";
import { decodeIdCursor, idCursor, page } from "../http/cursor.ts";
import { publicSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { MoneySchema, PageQuerySchema, pageOf, problemResponses, queryNumber } from "../http/schemas.ts";

const ServiceSchema = z.enum(service.enumValues);

const CitySchema = z
  .object({
    id: z.string(),
    code: z.string().openapi({ description: "The short code in the city's order numbers (`AMD` in `CB-AMD-000123`)." }),
    name: z.string(),
    country_code: z.string(),
    currency: z.string(),
    timezone: z.string(),
    service_area: z
      .object({ type: z.literal("Polygon"), coordinates: z.array(z.array(z.tuple([z.number(), z.number()]))) })
      .openapi({ description: "GeoJSON polygon ([lng, lat] pairs)." }),
    surge_cap: z.number(),
    cancellation_grace_s: z.number().int(),
    taxes: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        rate_ppm: z.number().int().openapi({ description: "Parts per million: 90000 = 9 %." }),
      }),
    ),
  })
  .openapi("City");

export const PricingSchema = z
  .object({
    vehicle_class: z.string(),
    service: ServiceSchema,
    base_fare: MoneySchema,
    per_km: MoneySchema,
    per_minute: MoneySchema,
    minimum_fare: MoneySchema,
    cancellation_fee: MoneySchema,
    load_assist: MoneySchema.nullable().openapi({
      description: "The price of load assist on a delivery of this class; null where it is not offered.",
    }),
  })
  .openapi("Pricing");

const CityDetailSchema = CitySchema.extend({ pricing: z.array(PricingSchema) }).openapi("CityDetail");

function cityJson(row: CityRow): z.infer<typeof CitySchema> {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    country_code: row.countryCode,
    currency: row.currency,
    timezone: row.timezone,
    service_area: {
      type: "Polygon",
      coordinates: row.serviceArea.map((ring) => ring.map((p): [number, number] => [p.lng, p.lat])),
    },
    surge_cap: row.surgeCap,
    cancellation_grace_s: row.cancellationGraceS,
    taxes: row.taxes.map((t) => ({ code: t.code, name: t.name, rate_ppm: t.ratePpm })),
  };
}

export function pricingJson(row: PricingRow): z.infer<typeof PricingSchema> {
  const m = (amount: number) => ({ amount, currency: row.currency });
  return {
    vehicle_class: row.vehicleClassId,
    service: row.service,
    base_fare: m(row.baseFare),
    per_km: m(row.perKm),
    per_minute: m(row.perMinute),
    minimum_fare: m(row.minimumFare),
    cancellation_fee: m(row.cancellationFee),
    load_assist: row.loadAssistFee === null ? null : m(row.loadAssistFee),
  };
}

/** A city id: a slug such as ahmedabad. */
const CITY_ID = /^[a-z0-9-]{1,64}$/;

const CityIdParam = z.object({
  id: z
    .string()
    .regex(CITY_ID, "must be a city slug such as ahmedabad")
    .openapi({ param: { name: "id", in: "path" }, example: "ahmedabad" }),
});

export const citiesRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listCities",
      tags: ["Cities"],
      security: publicSecurity,
      summary: "List the cities Curbside serves",
      request: { query: PageQuerySchema },
      responses: {
        200: { description: "A page of cities", content: { "application/json": { schema: pageOf(CitySchema) } } },
        ...problemResponses(400),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await listCities(c.var.db(), limit, decodeIdCursor(cursor, CITY_ID));
      const result = page(rows, limit, (r) => idCursor(r.id));
      return c.json({ data: result.data.map(cityJson), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/locate",
      operationId: "locateCity",
      tags: ["Cities"],
      security: publicSecurity,
      summary: "The city whose service area covers a point",
      request: {
        query: z.object({
          lat: queryNumber(-90, 90),
          lng: queryNumber(-180, 180),
        }),
      },
      responses: {
        200: { description: "The serving city", content: { "application/json": { schema: CitySchema } } },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const point = c.req.valid("query");
      // The same in-memory test as the estimate's, so the two never disagree about a point.
      const row = cityAt(await catalog(c.var.db, background(c)), point);
      if (!row) {
        throw new ProblemError(404, "outside_service_area", "No Curbside city serves this point.");
      }
      return c.json(cityJson(row), 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getCity",
      tags: ["Cities"],
      security: publicSecurity,
      summary: "One city with its pricing",
      request: { params: CityIdParam },
      responses: {
        200: { description: "The city", content: { "application/json": { schema: CityDetailSchema } } },
        ...problemResponses(400, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const db = c.var.db();
      const row = await getCity(db, id);
      if (!row) throw new ProblemError(404, "city_not_found", `No city with id ${id}.`);
      const prices = await cityPricing(db, id);
      return c.json({ ...cityJson(row), pricing: prices.map(pricingJson) }, 200);
    },
  );
