/**
 * Figures for admins. Mounted at /v1/admin/analytics.
 *
 *   GET /v1/admin/analytics?city=&from=&to=&bucket=hour|day
 *
 * Per UTC hour or day from `from` to `to` (at most 31 days by the hour,
 * 366 by the day): rides requested, completed, cancelled and without a
 * driver, the completion rate, the median time to assignment and pickup
 * distance, active drivers (those assigned a ride requested in the
 * bucket); gross bookings and commission per currency; parking bookings
 * and occupancy. The queries: db/queries/analytics.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type Bucket, moneyFigures, parkingFigures, rideFigures } from "../db/queries/analytics.ts";
import type { AppEnv } from "../env.ts";
import { adminOnly, CityId, Instant, timeWindow } from "../http/admin.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { MoneySchema, problemResponses } from "../http/schemas.ts";

const HOUR_MS = 3_600_000;
const MAX_BUCKETS: Record<Bucket, number> = { hour: 31 * 24, day: 366 };

const BucketSchema = z
  .object({
    start: z.string().openapi({ description: "The bucket's start (UTC); it lasts an hour or a day." }),
    rides: z.object({
      requested: z.number().int(),
      completed: z.number().int(),
      cancelled: z.number().int(),
      no_driver: z.number().int(),
      completion_rate: z
        .number()
        .nullable()
        .openapi({ description: "completed / requested; null with none requested." }),
      median_assignment_s: z
        .number()
        .nullable()
        .openapi({ description: "From the search's start to a driver's accept, seconds." }),
      median_pickup_distance_m: z
        .number()
        .nullable()
        .openapi({ description: "From the driver to the pickup when assigned, straight line, metres." }),
      active_drivers: z.number().int(),
    }),
    gross_bookings: z.array(MoneySchema).openapi({ description: "Fares of rides completed in the bucket." }),
    commission: z.array(MoneySchema).openapi({ description: "The platform's ride commission, less refunds." }),
    parking: z.object({
      bookings: z.number().int(),
      occupancy: z
        .number()
        .nullable()
        .openapi({ description: "Booked spot-time / active spots' time, 0–1; null without spots." }),
    }),
  })
  .openapi("AnalyticsBucket");

const AnalyticsSchema = z
  .object({
    city: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    bucket: z.enum(["hour", "day"]),
    buckets: z.array(BucketSchema),
  })
  .openapi("Analytics");

const AnalyticsQuery = z.object({
  city: CityId.optional().openapi({ description: "A city's id; every city when absent." }),
  from: Instant.openapi({ description: "From this instant, inclusive (ISO 8601)." }),
  to: Instant.openapi({ description: "Until this instant, exclusive (ISO 8601)." }),
  bucket: z.enum(["hour", "day"]).default("day"),
});

/** The start of each bucket from the one `from` falls in to the one before `to`, epoch ms (UTC). */
function bucketStarts(from: Date, to: Date, bucket: Bucket): number[] {
  const first = new Date(from);
  first.setUTCMinutes(0, 0, 0);
  if (bucket === "day") first.setUTCHours(0);
  const step = bucket === "hour" ? HOUR_MS : 24 * HOUR_MS;
  const starts: number[] = [];
  for (let at = first.getTime(); at < to.getTime(); at += step) starts.push(at);
  return starts;
}

const round = (n: number | null, places = 0) => (n === null ? null : Math.round(n * 10 ** places) / 10 ** places);

export const adminAnalyticsRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "getAnalytics",
    tags: ["Admin"],
    summary: "Rides, money and parking per UTC hour or day",
    description:
      "At most 744 hourly or 366 daily buckets (else 400 `window_too_long`). Rides are counted in the bucket they were requested in, money in the bucket it moved in, parking bookings when made; occupancy is the booked share of the active spots' time.",
    security: bearerSecurity,
    middleware: [adminOnly] as const,
    request: { query: AnalyticsQuery },
    responses: {
      200: { description: "The figures", content: { "application/json": { schema: AnalyticsSchema } } },
      ...problemResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const { from, to } = timeWindow(q) as { from: Date; to: Date };
    const starts = bucketStarts(from, to, q.bucket);
    if (starts.length > MAX_BUCKETS[q.bucket]) {
      throw new ProblemError(400, "window_too_long", `At most ${MAX_BUCKETS[q.bucket]} buckets of a ${q.bucket}.`, {
        errors: [{ path: "to", in: "query", message: "too far after from for this bucket" }],
      });
    }
    const db = c.var.db();
    const w = { cityId: q.city, from, to, bucket: q.bucket };
    const [rides, money, parking] = await Promise.all([rideFigures(db, w), moneyFigures(db, w), parkingFigures(db, w)]);
    const ridesAt = new Map(rides.map((r) => [Number(r.at), r]));
    const parkingAt = new Map(parking.map((p) => [Number(p.at), p]));
    const buckets = starts.map((at) => {
      const r = ridesAt.get(at);
      const p = parkingAt.get(at);
      const moneyHere = money.filter((m) => Number(m.at) === at);
      const requested = r?.requested ?? 0;
      const spotSeconds = (p?.spots ?? 0) * (q.bucket === "hour" ? 3600 : 86_400);
      return {
        start: new Date(at).toISOString(),
        rides: {
          requested,
          completed: r?.completed ?? 0,
          cancelled: r?.cancelled ?? 0,
          no_driver: r?.no_driver ?? 0,
          completion_rate: requested > 0 ? round((r?.completed ?? 0) / requested, 4) : null,
          median_assignment_s: round(r?.median_assignment_s ?? null, 1),
          median_pickup_distance_m: round(r?.median_pickup_m ?? null),
          active_drivers: r?.active_drivers ?? 0,
        },
        gross_bookings: moneyHere
          .filter((m) => m.gross !== 0)
          .map((m) => ({ amount: Math.round(m.gross), currency: m.currency })),
        commission: moneyHere
          .filter((m) => m.commission !== 0)
          .map((m) => ({ amount: Math.round(m.commission), currency: m.currency })),
        parking: {
          bookings: p?.bookings ?? 0,
          occupancy: spotSeconds > 0 ? round((p?.occupied_s ?? 0) / spotSeconds, 4) : null,
        },
      };
    });
    return c.json(
      { city: q.city ?? null, from: from.toISOString(), to: to.toISOString(), bucket: q.bucket, buckets },
      200,
    );
  },
);
