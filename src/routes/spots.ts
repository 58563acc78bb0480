/**
 * Parking spots. Mounted at /v1/spots.
 *
 *   POST   /v1/spots                       an owner lists a spot (its city, currency and time zone from its location)
 *   GET    /v1/spots?lat&lng&radius_m&starts_at&ends_at&…   search (cursor-paginated)
 *   GET    /v1/spots/{id}                  one spot (access instructions for its owner, admins, a confirmed renter)
 *   PATCH  /v1/spots/{id}                  its owner or an admin
 *   DELETE /v1/spots/{id}                  its owner or an admin; with bookings ahead it is deactivated instead
 *   GET    /v1/spots/{id}/availability?from&to   open, held and free intervals
 *
 * Another owner's spot cannot be changed: 404, as if it did not exist.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { catalog, cityAt } from "../db/catalog.ts";
import { holdsOf } from "../db/queries/bookings.ts";
import {
  deleteSpot,
  hasAnyBooking,
  hasFutureBookings,
  insertSpot,
  type NewSpot,
  type SpotRow,
  spotById,
  updateSpot,
} from "../db/queries/spots.ts";
import { cancellationPolicy, spotType, vehicleSize } from "../db/schema/enums.ts";
import { hoursProblems, openIntervals, type WeeklyHours } from "../domain/operating-hours.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { background } from "../http/background.ts";
import { decodeNumberIdCursor, numberIdCursor } from "../http/cursor.ts";
import { jsonTextResponse, pageText } from "../http/json-text.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import {
  IdParam,
  jsonBody,
  LatLngSchema,
  MoneySchema,
  PageQuerySchema,
  pageOf,
  problemResponses,
  queryInteger,
  queryNumber,
} from "../http/schemas.ts";
import { canSeeAccess } from "../parking/access.ts";
import { findSpots, resultJson, resultSortValue } from "../parking/search.ts";
import { spotIndex } from "../parking/spot-index.ts";
import { AMENITIES, AMENITY_NAMES, type Amenity, amenityColumns, spotJson } from "../parking/spot-json.ts";

const Amenities = z.array(z.enum(AMENITY_NAMES as [Amenity, ...Amenity[]])).max(AMENITY_NAMES.length);
const Rate = z.number().int().min(0).max(100_000_000);
const Hours = z
  .record(z.string(), z.array(z.string().max(20)).max(8))
  .superRefine((hours, ctx) => {
    for (const problem of hoursProblems(hours)) ctx.addIssue({ code: "custom", message: problem });
  })
  .openapi({
    description:
      'Weekly hours in the spot\'s time zone: `{"mon": ["08:00-20:00"], …}`; a day left out is closed; `"00:00-24:00"` all day. Omit for always open.',
  });

const SpotFields = {
  title: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000),
  spot_type: z.enum(spotType.enumValues),
  vehicle_size: z.enum(vehicleSize.enumValues),
  address: z.string().trim().min(1).max(300),
  postal_code: z.string().trim().max(20).nullable(),
  location: LatLngSchema,
  hourly_rate: Rate.openapi({ description: "Minor units of the city's currency" }),
  daily_rate: Rate.nullable(),
  monthly_rate: Rate.nullable(),
  amenities: Amenities,
  operating_hours: Hours.nullable(),
  access_instructions: z.string().trim().max(1000).nullable(),
  cancellation_policy: z.enum(cancellationPolicy.enumValues),
  is_active: z.boolean(),
};
const CreateSpot = z.object({
  ...SpotFields,
  description: SpotFields.description.optional(),
  postal_code: SpotFields.postal_code.optional(),
  daily_rate: SpotFields.daily_rate.optional(),
  monthly_rate: SpotFields.monthly_rate.optional(),
  amenities: SpotFields.amenities.optional(),
  operating_hours: SpotFields.operating_hours.optional(),
  access_instructions: SpotFields.access_instructions.optional(),
  cancellation_policy: SpotFields.cancellation_policy.optional(),
  is_active: SpotFields.is_active.optional(),
});
const UpdateSpot = z
  .object(SpotFields)
  .omit({ location: true })
  .partial()
  .refine((b) => Object.keys(b).length > 0, "nothing to change");

const Interval = z.object({ start: z.string(), end: z.string() });
const SpotSchema = z
  .object({
    id: z.uuid(),
    owner_id: z.uuid(),
    title: z.string(),
    description: z.string(),
    spot_type: z.string(),
    vehicle_size: z.string(),
    address: z.string(),
    city: z.string(),
    postal_code: z.string().nullable(),
    country_code: z.string(),
    timezone: z.string(),
    location: LatLngSchema,
    rates: z.object({ hourly: MoneySchema, daily: MoneySchema.nullable(), monthly: MoneySchema.nullable() }),
    amenities: z.array(z.string()),
    images: z.array(z.string()),
    operating_hours: z.record(z.string(), z.array(z.string())).nullable(),
    access_instructions: z.string().nullable(),
    cancellation_policy: z.string(),
    is_active: z.boolean(),
    rating: z.object({ average: z.number(), count: z.number().int() }),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Spot");

const QuoteSummary = z.object({
  duration_minutes: z.number().int(),
  subtotal: MoneySchema,
  service_fee: MoneySchema,
  total: MoneySchema,
});
const SpotResultSchema = SpotSchema.extend({ distance_m: z.number(), quote: QuoteSummary.nullable() }).openapi(
  "SpotResult",
);

const SearchQuery = PageQuerySchema.extend({
  lat: queryNumber(-90, 90),
  lng: queryNumber(-180, 180),
  radius_m: queryInteger(1, 50_000, 2_000).openapi({ description: "Metres, 1–50,000 (2,000)." }),
  starts_at: z.iso.datetime({ offset: true }).optional(),
  ends_at: z.iso.datetime({ offset: true }).optional(),
  spot_type: z.enum(spotType.enumValues).optional(),
  vehicle_size: z.enum(vehicleSize.enumValues).optional(),
  max_hourly_rate: z
    .string()
    .regex(/^\d{1,9}$/, "a whole number of minor units")
    .transform(Number)
    .optional(),
  amenities: z
    .string()
    .max(100)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(Amenities)
    .optional()
    .openapi({ description: "Comma-separated: covered, ev_charging, security, lighting, accessible." }),
  sort: z.enum(["distance", "price", "rating"]).default("distance"),
});

const signedIn = requireAuth();
const owners = requireAuth({ roles: ["owner", "admin"] });
const spotNotFound = () => new ProblemError(404, "spot_not_found", "No such spot.");

/** The spot if the caller may change it (its owner or an admin), else 404. */
async function ownSpot(c: Context<AppEnv>, id: string): Promise<SpotRow> {
  const me = caller(c);
  const spot = await spotById(c.var.db(), id);
  if (!spot || (spot.ownerId !== me.userId && me.role !== "admin")) throw spotNotFound();
  return spot;
}

function rowFields(body: Partial<z.infer<typeof CreateSpot>>): Partial<NewSpot> {
  const fields: Partial<NewSpot> = {};
  if (body.title !== undefined) fields.title = body.title;
  if (body.description !== undefined) fields.description = body.description;
  if (body.spot_type !== undefined) fields.spotType = body.spot_type;
  if (body.vehicle_size !== undefined) fields.vehicleSize = body.vehicle_size;
  if (body.address !== undefined) fields.address = body.address;
  if (body.postal_code !== undefined) fields.postalCode = body.postal_code;
  if (body.hourly_rate !== undefined) fields.hourlyRate = body.hourly_rate;
  if (body.daily_rate !== undefined) fields.dailyRate = body.daily_rate;
  if (body.monthly_rate !== undefined) fields.monthlyRate = body.monthly_rate;
  if (body.amenities !== undefined) Object.assign(fields, amenityColumns(body.amenities));
  if (body.operating_hours !== undefined) fields.operatingHours = body.operating_hours as WeeklyHours | null;
  if (body.access_instructions !== undefined) fields.accessInstructions = body.access_instructions;
  if (body.cancellation_policy !== undefined) fields.cancellationPolicy = body.cancellation_policy;
  if (body.is_active !== undefined) fields.isActive = body.is_active;
  return fields;
}

/** `from`/`to` or `starts_at`/`ends_at` as a window: both or neither, the end after the start, at most `maxDays`. */
function windowOf(from: string | undefined, to: string | undefined, names: [string, string], maxDays: number) {
  if (from === undefined && to === undefined) return null;
  const startsAt = from ? new Date(from) : null;
  const endsAt = to ? new Date(to) : null;
  if (!startsAt || !endsAt || endsAt <= startsAt || endsAt.getTime() - startsAt.getTime() > maxDays * 86_400_000) {
    throw new ProblemError(
      400,
      "invalid_window",
      `\`${names[0]}\` and \`${names[1]}\` go together, the end after the start, at most ${maxDays} days apart.`,
      {
        errors: [{ path: names[1], in: "query", message: "after the start, within the limit" }],
      },
    );
  }
  return { startsAt, endsAt };
}

export const spotsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/",
      operationId: "createSpot",
      tags: ["Parking"],
      summary: "List a parking spot",
      description:
        "Owners. The spot's city, currency and time zone come from the city whose service area holds its location.",
      security: bearerSecurity,
      middleware: [owners] as const,
      request: { body: jsonBody(CreateSpot) },
      responses: {
        201: { description: "The spot", content: { "application/json": { schema: SpotSchema } } },
        ...problemResponses(400, 401, 403, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const city = cityAt(await catalog(c.var.db, background(c)), body.location);
      if (!city)
        throw new ProblemError(422, "outside_service_area", "The location is outside every city Curbside serves.");
      const spot = await insertSpot(c.var.db(), {
        ...(rowFields(body) as NewSpot),
        ownerId: caller(c).userId,
        location: body.location,
        city: city.name,
        countryCode: city.countryCode,
        timezone: city.timezone,
        currency: city.currency,
      });
      await spotIndex(c.env).changed([spot]);
      return c.json(spotJson(spot, { accessInstructions: true }), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "searchSpots",
      tags: ["Parking"],
      summary: "Spots near a place, free for a window",
      description:
        "Active spots within `radius_m` of the point; with `starts_at` and `ends_at`, only those open for the whole window by their hours and held by no booking in any part of it, each with the window's quote. Sorted by `distance` (default, great-circle metres), `price` (hourly rate) or `rating`. Searches the city whose service area holds the point; outside every city the page is empty.",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { query: SearchQuery },
      responses: {
        200: { description: "A page of spots", content: { "application/json": { schema: pageOf(SpotResultSchema) } } },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const window = windowOf(q.starts_at, q.ends_at, ["starts_at", "ends_at"], 31);
      const near = { lat: q.lat, lng: q.lng };
      const city = cityAt(await catalog(c.var.db, background(c)), near);
      const { spots, more } = city
        ? await findSpots(spotIndex(c.env), city.name, {
            ...near,
            radiusM: q.radius_m,
            window: window && { startMs: window.startsAt.getTime(), endMs: window.endsAt.getTime() },
            spotType: q.spot_type,
            vehicleSize: q.vehicle_size,
            maxHourlyRate: q.max_hourly_rate,
            amenities: (q.amenities ?? []).map((a) => AMENITIES[a]),
            sort: q.sort,
            after: decodeNumberIdCursor(q.cursor),
            limit: q.limit + 1,
          })
        : { spots: [], more: false };
      const last = spots.at(-1);
      const next = more && last ? numberIdCursor(resultSortValue(q.sort, last), last.id) : null;
      // Written as text: each card already is (parking/search.ts).
      return jsonTextResponse(
        c,
        pageText(
          spots.map((found) => resultJson(found, window)),
          next,
        ),
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}",
      operationId: "getSpot",
      tags: ["Parking"],
      summary: "A spot",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: IdParam },
      responses: {
        200: { description: "The spot", content: { "application/json": { schema: SpotSchema } } },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const spot = await spotById(c.var.db(), c.req.valid("param").id);
      const me = caller(c);
      if (!spot || (!spot.isActive && spot.ownerId !== me.userId && me.role !== "admin")) throw spotNotFound();
      return c.json(spotJson(spot, { accessInstructions: await canSeeAccess(c.var.db(), spot, me) }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "patch",
      path: "/{id}",
      operationId: "updateSpot",
      tags: ["Parking"],
      summary: "Change a spot (its owner or an admin)",
      security: bearerSecurity,
      middleware: [owners] as const,
      request: { params: IdParam, body: jsonBody(UpdateSpot) },
      responses: {
        200: { description: "The spot", content: { "application/json": { schema: SpotSchema } } },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const spot = await ownSpot(c, c.req.valid("param").id);
      const updated = await updateSpot(c.var.db(), spot.id, rowFields(c.req.valid("json")));
      await spotIndex(c.env).changed([spot]);
      return c.json(spotJson(updated, { accessInstructions: true }), 200);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/{id}",
      operationId: "deleteSpot",
      tags: ["Parking"],
      summary: "Remove a spot (its owner or an admin); one with bookings ahead is deactivated instead",
      security: bearerSecurity,
      middleware: [owners] as const,
      request: { params: IdParam },
      responses: {
        200: {
          description: "Deactivated (it has bookings ahead, or a booking history to keep)",
          content: { "application/json": { schema: SpotSchema } },
        },
        204: { description: "Deleted" },
        ...problemResponses(400, 401, 403, 404),
      },
    }),
    async (c) => {
      const spot = await ownSpot(c, c.req.valid("param").id);
      const db = c.var.db();
      if ((await hasFutureBookings(db, spot.id, new Date())) || (await hasAnyBooking(db, spot.id))) {
        const deactivated = await updateSpot(db, spot.id, { isActive: false });
        await spotIndex(c.env).changed([spot]);
        return c.json(spotJson(deactivated, { accessInstructions: true }), 200);
      }
      await deleteSpot(db, spot.id);
      await spotIndex(c.env).changed([spot]);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/{id}/availability",
      operationId: "getSpotAvailability",
      tags: ["Parking"],
      summary: "A spot's open, held and free intervals between two instants (at most 31 days)",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: {
        params: IdParam,
        query: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
      },
      responses: {
        200: {
          description: "The intervals, UTC",
          content: {
            "application/json": {
              schema: z.object({
                spot_id: z.uuid(),
                from: z.string(),
                to: z.string(),
                open: z.array(Interval),
                held: z.array(Interval),
                free: z.array(Interval),
              }),
            },
          },
        },
        ...problemResponses(400, 401, 404),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const window = windowOf(q.from, q.to, ["from", "to"], 31) as { startsAt: Date; endsAt: Date };
      const spot = await spotById(c.var.db(), c.req.valid("param").id);
      if (!spot?.isActive) throw spotNotFound();
      const open = openIntervals(spot.operatingHours, spot.timezone, window.startsAt, window.endsAt);
      const held = (await holdsOf(c.var.db(), spot.id, window.startsAt, window.endsAt)).map((b) => ({
        start: new Date(Math.max(b.startsAt.getTime(), window.startsAt.getTime())),
        end: new Date(Math.min(b.endsAt.getTime(), window.endsAt.getTime())),
      }));
      const iso = (xs: { start: Date; end: Date }[]) =>
        xs.map((x) => ({ start: x.start.toISOString(), end: x.end.toISOString() }));
      return c.json(
        {
          spot_id: spot.id,
          from: window.startsAt.toISOString(),
          to: window.endsAt.toISOString(),
          open: iso(open),
          held: iso(held),
          free: iso(subtract(open, held)),
        },
        200,
      );
    },
  );

/** `open` less `held`: both sorted, non-overlapping within themselves. */
function subtract(open: { start: Date; end: Date }[], held: { start: Date; end: Date }[]) {
  const free: { start: Date; end: Date }[] = [];
  for (const o of open) {
    let start = o.start.getTime();
    const end = o.end.getTime();
    for (const h of held) {
      const hs = h.start.getTime();
      const he = h.end.getTime();
      if (he <= start || hs >= end) continue;
      if (hs > start) free.push({ start: new Date(start), end: new Date(hs) });
      start = Math.max(start, he);
    }
    if (start < end) free.push({ start: new Date(start), end: new Date(end) });
  }
  return free;
}
