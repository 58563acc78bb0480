/**
 * The driver's day over HTTP, for apps that cannot hold a socket (seed 001
 * §4.4). Mounted at /v1/drivers/me beside the onboarding routes.
 *
 *   PUT  /v1/drivers/me/online-status           {status: online, lat, lng} | {status: offline}
 *   PUT  /v1/drivers/me/location                {lat, lng, heading?, speed?, ts}: the socket's location frame
 *   GET  /v1/drivers/me/jobs                    status, the open offer and the current ride
 *   POST /v1/drivers/me/jobs/{ride_id}/accept   the socket's offer.accept
 *   POST /v1/drivers/me/jobs/{ride_id}/decline  the socket's offer.decline
 *
 * The ride's steps after accepting are POST /v1/rides/{id}/arrived|started|completed
 * (routes/rides.ts). Every call counts as hearing from the app: one that
 * stops calling goes offline after the same silence as a socket.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import {
  answerOffer,
  type DriverHttpResult,
  goOffline,
  goOnline,
  jobs,
  reportLocation,
} from "../dispatch/driver-http.ts";
import type { DriverJobs } from "../domain/driver-jobs.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { jsonBody, LatLngSchema, MoneySchema, problemResponses } from "../http/schemas.ts";
import { LocationFrame } from "../protocol/driver.ts";

const OfferSchema = z
  .object({
    ride_id: z.uuid(),
    service: z.enum(["passenger", "goods"]),
    pickup: LatLngSchema,
    dropoff: LatLngSchema,
    fare: MoneySchema,
    expires_at: z.string().openapi({ description: "ISO 8601; accept before then." }),
    order_number: z.string().optional().openapi({ description: "The ride's order number, as on the socket's offer" }),
  })
  .openapi("DriverOffer");

const DriverRideSchema = z
  .object({
    ride_id: z.uuid(),
    status: z.string(),
    pickup: LatLngSchema,
    dropoff: LatLngSchema,
    rider_id: z.uuid(),
    order_number: z.string().optional(),
  })
  .openapi("DriverRide");

const JobsSchema = z
  .object({
    status: z.enum(["available", "offered", "on_ride", "break", "offline"]),
    offer: OfferSchema.nullable(),
    ride: DriverRideSchema.nullable(),
  })
  .openapi("DriverJobs");

const OnlineStatusBody = z.discriminatedUnion("status", [
  z.object({ status: z.literal("online"), lat: LatLngSchema.shape.lat, lng: LatLngSchema.shape.lng }),
  z.object({ status: z.literal("offline") }),
]);

const LocationBody = LocationFrame.omit({ type: true });

const RideIdParam = z.object({ ride_id: z.uuid().openapi({ param: { name: "ride_id", in: "path" } }) });

/** Problem statuses of the refusals a driver's call can meet. */
const REFUSED: Record<string, number> = {
  not_a_driver: 403,
  driver_not_verified: 403,
  no_active_vehicle: 403,
  offer_not_found: 404,
  driver_offline: 409,
  offer_expired: 409,
  status_locked: 409,
};

const drivers = requireAuth({ roles: ["driver"] });
const jobsResponse = { description: "The driver's jobs", content: { "application/json": { schema: JobsSchema } } };

/** The jobs as JSON (without the socket messages' `type`), or the refusal as problem+json. */
function answered(c: Context<AppEnv>, result: DriverHttpResult) {
  if (!result.ok) throw new ProblemError(REFUSED[result.code] ?? 409, result.code, result.message);
  return c.json(jobsJson(result.jobs), 200);
}

function jobsJson(j: DriverJobs): z.infer<typeof JobsSchema> {
  const offer = j.offer ? (({ type: _, ...rest }) => rest)(j.offer) : null;
  const ride = j.ride ? (({ type: _, ...rest }) => rest)(j.ride) : null;
  return { status: j.status, offer, ride };
}

const offerRoute = (answer: "accept" | "decline", operationId: string, summary: string) =>
  createRoute({
    method: "post",
    path: `/jobs/{ride_id}/${answer}`,
    operationId,
    tags: ["Drivers"],
    summary,
    description:
      "404 `offer_not_found` when the driver holds no open offer of this ride; 409 `offer_expired` when it lapsed or the ride went elsewhere meanwhile.",
    security: bearerSecurity,
    middleware: [drivers] as const,
    request: { params: RideIdParam },
    responses: { 200: jobsResponse, ...problemResponses(400, 401, 403, 404, 409) },
  });

export const driverJobsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "put",
      path: "/online-status",
      operationId: "setDriverOnlineStatus",
      tags: ["Drivers"],
      summary: "Go online at a position, or offline, without a socket",
      description:
        "Online takes the checks of the driver websocket: 403 `not_a_driver`, `driver_not_verified` or `no_active_vehicle`. Going online again resumes an open offer or ride. Offline returns an open offer to its ride; on a ride it is 409 `status_locked`. A driver who makes no call for 60 s (the socket's silence) goes offline by themselves.",
      security: bearerSecurity,
      middleware: [drivers] as const,
      request: { body: jsonBody(OnlineStatusBody) },
      responses: { 200: jobsResponse, ...problemResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const me = caller(c);
      if (body.status === "offline") return answered(c, await goOffline(c.env, c.var.db(), me.userId));
      return answered(c, await goOnline(c.env, c.var.db(), me, { lat: body.lat, lng: body.lng }));
    },
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/location",
      operationId: "reportDriverLocation",
      tags: ["Drivers"],
      summary: "Report the driver's position, as the socket's location frame",
      description:
        "Taken by the driver's cell as a socket's `location` frame: the riders of a ride in progress see it. A position in the next cell moves the driver there. 409 `driver_offline` when the driver is not online.",
      security: bearerSecurity,
      middleware: [drivers] as const,
      request: { body: jsonBody(LocationBody) },
      responses: { 200: jobsResponse, ...problemResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const location = { ...c.req.valid("json"), type: "location" } as const;
      return answered(c, await reportLocation(c.env, c.var.db(), caller(c), location));
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/jobs",
      operationId: "getDriverJobs",
      tags: ["Drivers"],
      summary: "The driver's status, open offer and current ride",
      description: "Poll this instead of holding a socket; status `offline` when the driver is not online.",
      security: bearerSecurity,
      middleware: [drivers] as const,
      responses: { 200: jobsResponse, ...problemResponses(401, 403) },
    }),
    async (c) => c.json(jobsJson(await jobs(c.env, c.var.db(), caller(c).userId)), 200),
  )
  .openapi(offerRoute("accept", "acceptJob", "Accept the open offer of a ride"), async (c) =>
    answered(c, await answerOffer(c.env, c.var.db(), caller(c).userId, c.req.valid("param").ride_id, "accept")),
  )
  .openapi(offerRoute("decline", "declineJob", "Decline the open offer of a ride"), async (c) =>
    answered(c, await answerOffer(c.env, c.var.db(), caller(c).userId, c.req.valid("param").ride_id, "decline")),
  );
