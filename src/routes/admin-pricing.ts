/**
 * Tariffs per city, vehicle class and service, for admins. Mounted at /v1/admin/pricing.
 *
 *   GET /v1/admin/pricing?city=&service=                   active tariffs (cursor-paginated)
 *   PUT /v1/admin/pricing/{city}/{class}/{service}         the new tariff; If-Match: <version> to change
 *                                                         one, If-None-Match: * to create one
 *
 * A change is a new version (db/queries/admin-pricing.ts) written with its
 * audit row in one transaction. New estimates use it at once in the isolate
 * that took the change (the catalog is dropped: db/catalog.ts), and in every
 * other isolate once its catalog is refreshed, CATALOG_TTL_MS (30 s) at most
 * after its last load, plus the one request that starts the refresh. Rides
 * already requested keep the price they were quoted.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { auditActor, auditStatement } from "../admin/audit.ts";
import { invalidateCatalog } from "../db/catalog.ts";
import {
  listTariffs,
  lockActiveTariff,
  type NewTariff,
  replaceTariff,
  tariffTarget,
} from "../db/queries/admin-pricing.ts";
import type { PricingRow } from "../db/queries/cities.ts";
import { service } from "../db/schema/enums.ts";
import type { AppEnv } from "../env.ts";
import { adminOnly, CityId } from "../http/admin.ts";
import { decodeIdCursor, idCursor, page } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { jsonBody, PageQuerySchema, pageOf, problemResponses } from "../http/schemas.ts";
import { PricingSchema, pricingJson } from "./cities.ts";

const Service = z.enum(service.enumValues);
const VehicleClass = z
  .string()
  .regex(/^[a-z_]{1,32}$/)
  .openapi({ description: "A vehicle class's id (`car`).", example: "car" });

/** A price in the body: at most 10^8 minor units (a million of a two-decimal currency). */
const Price = z.object({
  amount: z.number().int().min(0).max(100_000_000).openapi({ description: "Integer minor units." }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .openapi({ description: "The city's currency (ISO 4217)." }),
});

const TariffBody = z.object({
  base_fare: Price,
  per_km: Price,
  per_minute: Price,
  minimum_fare: Price,
  cancellation_fee: Price,
  load_assist: Price.nullable().openapi({ description: "null: this class offers no load assist here." }),
  commission_bps: z.number().int().min(0).max(10_000).openapi({ description: "The platform's share, 2000 = 20 %." }),
});

const TariffSchema = PricingSchema.extend({
  city_id: z.string(),
  commission_bps: z.number().int(),
  version: z.uuid().openapi({ description: "Send it as If-Match to change this tariff." }),
  updated_at: z.string(),
}).openapi("AdminTariff");

const TariffParams = z.object({
  city: CityId.openapi({ param: { name: "city", in: "path" } }),
  class: VehicleClass.openapi({ param: { name: "class", in: "path" } }),
  service: Service.openapi({ param: { name: "service", in: "path" } }),
});

const Preconditions = z.object({
  "if-match": z
    .string()
    .max(100)
    .optional()
    .openapi({ description: "The `version` of the tariff being changed (as an ETag, quoted or not)." }),
  "if-none-match": z.literal("*").optional().openapi({ description: "`*`: create a tariff where there is none." }),
});

const KEY = /^[a-z0-9-]{1,64}\/[a-z_]{1,32}\/(passenger|goods)$/;

function tariffJson(row: PricingRow): z.infer<typeof TariffSchema> {
  const since = row.createdAt.toISOString();
  return {
    ...pricingJson(row),
    city_id: row.cityId,
    commission_bps: row.commissionBps,
    version: row.id,
    updated_at: since,
  };
}

/** The amounts of a tariff, as the audit log keeps them. */
function amounts(t: NewTariff) {
  return {
    base_fare: t.baseFare,
    per_km: t.perKm,
    per_minute: t.perMinute,
    minimum_fare: t.minimumFare,
    cancellation_fee: t.cancellationFee,
    load_assist: t.loadAssistFee,
    commission_bps: t.commissionBps,
  };
}

const same = (a: NewTariff, b: NewTariff) => JSON.stringify(amounts(a)) === JSON.stringify(amounts(b));

/** The body's tariff, every price in the city's currency (else 422 `currency_mismatch`). */
function newTariff(body: z.infer<typeof TariffBody>, currency: string): NewTariff {
  const prices = [body.base_fare, body.per_km, body.per_minute, body.minimum_fare, body.cancellation_fee];
  if ([...prices, body.load_assist].some((p) => p !== null && p.currency !== currency)) {
    throw new ProblemError(422, "currency_mismatch", `Prices here are in ${currency}.`);
  }
  return {
    baseFare: body.base_fare.amount,
    perKm: body.per_km.amount,
    perMinute: body.per_minute.amount,
    minimumFare: body.minimum_fare.amount,
    cancellationFee: body.cancellation_fee.amount,
    loadAssistFee: body.load_assist?.amount ?? null,
    commissionBps: body.commission_bps,
  };
}

const etag = (header: string) => header.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");

export const adminPricingRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "listTariffs",
      tags: ["Admin"],
      summary: "Active tariffs by city, vehicle class and service",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { query: PageQuerySchema.extend({ city: CityId.optional(), service: Service.optional() }) },
      responses: {
        200: { description: "A page of tariffs", content: { "application/json": { schema: pageOf(TariffSchema) } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const { limit, cursor, city, service } = c.req.valid("query");
      const key = decodeIdCursor(cursor, KEY)?.split("/");
      const after = key && {
        cityId: key[0] ?? "",
        vehicleClassId: key[1] ?? "",
        service: key[2] as PricingRow["service"],
      };
      const rows = await listTariffs(c.var.db(), { cityId: city, service }, limit, after);
      const result = page(rows, limit, (r) => idCursor(`${r.cityId}/${r.vehicleClassId}/${r.service}`));
      return c.json({ data: result.data.map(tariffJson), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/{city}/{class}/{service}",
      operationId: "putTariff",
      tags: ["Admin"],
      summary: "Set a city's tariff for a vehicle class and service",
      description:
        "Send If-Match with the tariff's `version` to change it, or If-None-Match: * to create one (neither: 428; a stale version: 412 `version_mismatch`; a tariff that exists: 412 `tariff_exists`). Every price is in the city's currency (422 `currency_mismatch`). New estimates use it at once here, and in every Worker isolate within 30 s; an unchanged tariff is not written again.",
      security: bearerSecurity,
      middleware: [adminOnly] as const,
      request: { params: TariffParams, headers: Preconditions, body: jsonBody(TariffBody) },
      responses: {
        200: { description: "The tariff now in force", content: { "application/json": { schema: TariffSchema } } },
        ...problemResponses(400, 401, 404, 409, 412, 422, 428),
      },
    }),
    async (c) => {
      const p = c.req.valid("param");
      const headers = c.req.valid("header");
      const key = { cityId: p.city, vehicleClassId: p.class, service: p.service };
      const db = c.var.db();
      const target = await tariffTarget(db, key);
      if (!target) throw new ProblemError(404, "unknown_city_or_class", "No such city or vehicle class.");
      if (!target.offersService) {
        throw new ProblemError(422, "service_not_offered", `A ${p.class} does not carry ${p.service} trips.`);
      }
      const next = newTariff(c.req.valid("json"), target.currency);
      const ifMatch = headers["if-match"];
      if (ifMatch === undefined && headers["if-none-match"] === undefined) {
        throw new ProblemError(
          428,
          "precondition_required",
          "Send If-Match: <version>, or If-None-Match: * to create.",
        );
      }
      const by = auditActor(c);
      const row = await db.transaction(async (tx) => {
        const current = await lockActiveTariff(tx, key);
        if (ifMatch === undefined && current) {
          throw new ProblemError(412, "tariff_exists", "This tariff exists; change it with If-Match: <version>.");
        }
        if (ifMatch !== undefined && current?.id !== etag(ifMatch)) {
          throw new ProblemError(412, "version_mismatch", "The tariff has changed since; read it again.");
        }
        if (current && same(current, next)) return current;
        const saved = await replaceTariff(tx, key, target.currency, current, next);
        const details = {
          currency: target.currency,
          before: current ? amounts(current) : null,
          after: amounts(next),
          version: saved.id,
        };
        const targetId = `${key.cityId}/${key.vehicleClassId}/${key.service}`;
        await auditStatement(tx, by, { action: "pricing.update", targetType: "pricing", targetId, details });
        return saved;
      });
      invalidateCatalog();
      c.header("ETag", `"${row.id}"`);
      return c.json(tariffJson(row), 200);
    },
  );
