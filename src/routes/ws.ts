/**
 * Websocket upgrades, checked here before they reach an actor.
 *
 *   GET /v1/ws/driver?lat=&lng=   (driver) → the CellActor of that position
 *   GET /v1/ws/rides/{id}         (the ride's rider, its driver, admins) → the RideActor
 *
 * The access token comes as `?token=` or as a `bearer.<token>` entry of
 * Sec-WebSocket-Protocol (with `curbside.v1`, which the answer echoes). A
 * refused upgrade is still answered with a websocket, which at once gets an
 * `error {code, message}` frame and closes with a 44xx code and the same
 * code as reason, so every client can tell why (see protocol/close-codes.ts).
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { latLngToCell } from "h3-js";
import { verifyAccessToken } from "../auth/tokens.ts";
import { driverReadiness, moveDriverToCell } from "../db/queries/drivers.ts";
import type { AppEnv } from "../env.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { problemResponses, queryNumber } from "../http/schemas.ts";
import { CLOSE, TRUSTED } from "../protocol/close-codes.ts";
import type { DriverServerMessage } from "../protocol/driver.ts";

export const SUBPROTOCOL = "curbside.v1";

/** Accepts the upgrade only to say no: an error frame, then a close with code and reason. */
export function refuseSocket(closeCode: number, code: string, message: string, protocol?: string): Response {
  const pair = new WebSocketPair();
  const [client, server] = [pair[0], pair[1]];
  server.accept();
  server.send(JSON.stringify({ type: "error", code, message } satisfies DriverServerMessage));
  server.close(closeCode, code);
  return new Response(null, {
    status: 101,
    webSocket: client,
    headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
  });
}

/** The token and the subprotocol to echo, from `?token=` or Sec-WebSocket-Protocol. */
export function socketCredentials(request: Request): { token: string | null; protocol: string | undefined } {
  const offered = (request.headers.get("Sec-WebSocket-Protocol") ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  const fromProtocol = offered.find((p) => p.startsWith("bearer."))?.slice("bearer.".length);
  const token = new URL(request.url).searchParams.get("token") ?? fromProtocol ?? null;
  return { token, protocol: offered.includes(SUBPROTOCOL) ? SUBPROTOCOL : undefined };
}

const DriverSocketQuery = z.object({
  lat: queryNumber(-90, 90),
  lng: queryNumber(-180, 180),
  token: z.string().optional().openapi({ description: "Access token, if not sent as Sec-WebSocket-Protocol." }),
});

/** The headers of an upgrade that the actor needs, and nothing else from the client. */
function upgradeHeaders(c: { req: { header(name: string): string | undefined } }): Headers {
  const headers = new Headers();
  for (const name of ["Upgrade", "Connection", "Sec-WebSocket-Key", "Sec-WebSocket-Version"]) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  return headers;
}

function withProtocol(res: Response, protocol: string | undefined): Response {
  if (res.status !== 101 || !res.webSocket) return res;
  return new Response(null, {
    status: 101,
    webSocket: res.webSocket,
    headers: protocol ? { "Sec-WebSocket-Protocol": protocol } : {},
  });
}

export const wsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/ws/driver",
      tags: ["Realtime"],
      summary: "Driver websocket (upgrade): connects to the cell of the driver's position",
      description:
        "Only a verified driver with an active vehicle is connected. Refusals close the socket with 4401 (unauthenticated), 4001 (token_expired), 4403 (not_a_driver, driver_not_verified, no_active_vehicle) or 4400 (invalid_position), the code string as the reason.",
      security: bearerSecurity,
      responses: {
        101: { description: "Switching protocols" },
        ...problemResponses(426),
      },
    }),
    // Validation happens inside: a refused socket must still be told why.
    async (c) => {
      if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
        throw new ProblemError(426, "upgrade_required", "Connect with a websocket client.", {
          headers: { Upgrade: "websocket" },
        });
      }
      const { token, protocol } = socketCredentials(c.req.raw);
      const query = DriverSocketQuery.safeParse(c.req.query());
      if (!query.success) {
        return refuseSocket(CLOSE.badRequest, "invalid_position", "lat and lng must be a valid position.", protocol);
      }
      if (!token) return refuseSocket(CLOSE.unauthenticated, "unauthenticated", "Send an access token.", protocol);
      const verified = await verifyAccessToken(token, c.env.JWT_SIGNING_KEYS);
      if (!verified.ok) {
        return verified.reason === "expired"
          ? refuseSocket(CLOSE.tokenExpired, "token_expired", "The access token has expired; refresh it.", protocol)
          : refuseSocket(CLOSE.unauthenticated, "invalid_token", "The access token is not valid.", protocol);
      }
      const { userId, role, exp } = verified.claims;
      if (role !== "driver") {
        return refuseSocket(CLOSE.forbidden, "not_a_driver", "Only drivers connect here.", protocol);
      }
      const readiness = await driverReadiness(c.var.db(), userId);
      if (readiness.status !== "verified") {
        return refuseSocket(
          CLOSE.forbidden,
          "driver_not_verified",
          "Your driver profile is not verified yet; an admin reviews your documents.",
          protocol,
        );
      }
      if (!readiness.vehicle) {
        return refuseSocket(
          CLOSE.forbidden,
          "no_active_vehicle",
          "Choose an active vehicle before going online.",
          protocol,
        );
      }
      const cell = latLngToCell(query.data.lat, query.data.lng, Number(c.env.CELL_RES) || 6);
      // Only what the Worker checked reaches the actor.
      const headers = upgradeHeaders(c);
      headers.set(TRUSTED.userId, userId);
      headers.set(TRUSTED.role, role);
      headers.set(TRUSTED.vehicleId, readiness.vehicle.id);
      headers.set(TRUSTED.vehicleClass, readiness.vehicle.vehicleClassId);
      headers.set(TRUSTED.tokenExp, String(exp));
      headers.set(TRUSTED.rating, String(readiness.rating));
      const previousCell = await moveDriverToCell(c.var.db(), userId, cell);
      if (previousCell && previousCell !== cell) headers.set(TRUSTED.previousCell, previousCell);
      // A fresh URL: nothing the client chose (partyserver reads `_pk`, say) reaches the actor.
      const url = new URL(`https://cell.internal/${cell}`);
      url.searchParams.set("lat", String(query.data.lat));
      url.searchParams.set("lng", String(query.data.lng));
      const res = await c.env.CELL.getByName(cell).fetch(new Request(url, { headers }));
      return withProtocol(res, protocol);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/v1/ws/rides/{id}",
      tags: ["Realtime"],
      summary: "Ride websocket (upgrade): live status and driver position",
      description:
        "For the ride's rider, its driver and admins. The socket first receives `ride.status`, then `driver.assigned`, `driver.location`, `ride.completed` and `ride.cancelled` as they happen. Refusals: 4401 / 4001 as for the driver socket, 4404 `ride_not_found` for a ride that is not the caller's.",
      security: bearerSecurity,
      request: { params: z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }) },
      responses: { 101: { description: "Switching protocols" }, ...problemResponses(400, 426) },
    }),
    async (c) => {
      if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
        throw new ProblemError(426, "upgrade_required", "Connect with a websocket client.", {
          headers: { Upgrade: "websocket" },
        });
      }
      const { token, protocol } = socketCredentials(c.req.raw);
      if (!token) return refuseSocket(CLOSE.unauthenticated, "unauthenticated", "Send an access token.", protocol);
      const verified = await verifyAccessToken(token, c.env.JWT_SIGNING_KEYS);
      if (!verified.ok) {
        return verified.reason === "expired"
          ? refuseSocket(CLOSE.tokenExpired, "token_expired", "The access token has expired; refresh it.", protocol)
          : refuseSocket(CLOSE.unauthenticated, "invalid_token", "The access token is not valid.", protocol);
      }
      const { id } = c.req.valid("param");
      const viewer = { userId: verified.claims.userId, role: verified.claims.role };
      const ride = c.env.RIDE.getByName(id);
      if (!(await ride.canWatch(viewer))) {
        return refuseSocket(CLOSE.notFound, "ride_not_found", "No such ride.", protocol);
      }
      const headers = upgradeHeaders(c);
      headers.set(TRUSTED.userId, viewer.userId);
      headers.set(TRUSTED.role, viewer.role);
      const res = await ride.fetch(new Request(`https://ride.internal/${id}`, { headers }));
      return withProtocol(res, protocol);
    },
  );
