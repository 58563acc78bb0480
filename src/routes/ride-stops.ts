/**
 * The drops of a multi-stop ride, for the assigned driver's app without a
 * socket (the socket sends `ride.stop.arrived|completed|failed`). Mounted at
 * /v1/rides beside the ride's own steps.
 *
 *   POST /v1/rides/{id}/stops/{index}/arrived     the driver is at stop `index` (0 is the first)
 *   POST /v1/rides/{id}/stops/{index}/completed   {code}: the drop is done (after arriving), with its code (domain/proofs.ts)
 *   POST /v1/rides/{id}/stops/{index}/failed      {reason}: the drop could not be done
 *
 * Each goes to the ride's RideActor (durable-objects/ride-stops.ts), which
 * keeps the rules of domain/ride-stops.ts and tells the rider (`ride.stop`).
 */
import { createRoute, OpenAPIHono, type RouteConfig, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { StopAction } from "../domain/ride-stops.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { jsonBody, problemResponses } from "../http/schemas.ts";
import { DropCode, StopFailReason } from "../protocol/driver.ts";
import { RideSchema, refusal } from "./rides.ts";

const drivers = requireAuth({ roles: ["driver"] });

const StopParams = z.object({
  id: z.uuid().openapi({ param: { name: "id", in: "path" } }),
  index: z
    .string()
    .regex(/^[0-4]$/, "a stop's index, 0 to 4")
    .transform(Number)
    .openapi({ param: { name: "index", in: "path" }, description: "The stop, 0 for the first.", example: "0" }),
});

const REFUSALS =
  "A drop completes with its code (`code_required`, `wrong_code`, `code_locked`: see the body). Stops go in order: 409 `stop_out_of_order` while an earlier stop is open, `stop_not_arrived` for a drop completed before arriving, `invalid_stop_state` for a stop already past this step, `invalid_state` before the pickup (the ride is not in progress); 404 `stop_not_found` for an index the ride does not have, `ride_not_found` for a ride that is not the driver's.";

/** Optional: a drop made before codes needs none; a body-less request still validates. */
const CompleteBody = {
  content: {
    "application/json": {
      schema: z.object({
        code: DropCode.optional().openapi({
          description:
            "The drop's 4-digit code, from its recipient. 409 `code_required` without it, `wrong_code` for another (the fifth wrong one locks the drop: then 409 `code_locked` until a drop photo is sent, `POST /v1/rides/{id}/photos`, and the drop is flagged for an admin).",
          example: "4821",
        }),
      }),
    },
  },
  required: false,
} as const;

const FailBody = jsonBody(z.object({ reason: StopFailReason.openapi({ description: "What the sender is told." }) }));

const stopRoute = <const R extends Omit<NonNullable<RouteConfig["request"]>, "params">>(
  path: "arrived" | "completed" | "failed",
  operationId: string,
  summary: string,
  request: R,
) =>
  createRoute({
    method: "post",
    path: `/{id}/stops/{index}/${path}`,
    operationId,
    tags: ["Rides"],
    summary,
    description: REFUSALS,
    security: bearerSecurity,
    middleware: [drivers] as const,
    request: { params: StopParams, ...request },
    responses: {
      200: { description: "The ride, with every stop", content: { "application/json": { schema: RideSchema } } },
      ...problemResponses(400, 401, 403, 404, 409),
    },
  });

async function stopStep(
  c: Context<AppEnv>,
  id: string,
  index: number,
  action: StopAction,
  given: { reason?: string; code?: string | undefined } = {},
) {
  const me = caller(c);
  const ride = c.env.RIDE.getByName(id);
  const step = {
    index,
    action,
    reason: given.reason ?? null,
    ...(given.code === undefined ? {} : { code: given.code }),
  };
  const result = await ride.driverStop(me.userId, step);
  if (!result.ok && result.code === "stop_not_found") throw new ProblemError(404, result.code, result.message);
  if (!result.ok) throw refusal(result);
  const view = await ride.view({ userId: me.userId, role: me.role });
  if (!view) throw refusal({ code: "ride_not_found", message: "No such ride." });
  return view;
}

export const rideStopsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(stopRoute("arrived", "arriveAtStop", "The driver is at a stop", {}), async (c) => {
    const { id, index } = c.req.valid("param");
    return c.json(await stopStep(c, id, index, "arrive"), 200);
  })
  .openapi(stopRoute("completed", "completeStop", "The drop at a stop is done", { body: CompleteBody }), async (c) => {
    const { id, index } = c.req.valid("param");
    const code = c.req.header("content-type") ? c.req.valid("json").code : undefined;
    return c.json(await stopStep(c, id, index, "complete", { code }), 200);
  })
  .openapi(stopRoute("failed", "failStop", "The drop at a stop could not be done", { body: FailBody }), async (c) => {
    const { id, index } = c.req.valid("param");
    return c.json(await stopStep(c, id, index, "fail", { reason: c.req.valid("json").reason }), 200);
  });
