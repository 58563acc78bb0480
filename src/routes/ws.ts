/**
 * Websocket upgrades, checked here before they reach an actor. Mounted at /v1/ws.
 *
 *   GET /v1/ws/driver?lat=&lng=   (driver) → the CellActor of that position (dispatch/admit-driver.ts)
 *   GET /v1/ws/rides/{id}         (the ride's rider, its driver, admins) → the RideActor
 *
 * Credentials, refusals and the headers that may reach an actor: http/websocket.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { admitDriver } from "../dispatch/admit-driver.ts";
import type { AppEnv } from "../env.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { IdParam, problemResponses, queryNumber } from "../http/schemas.ts";
import {
  authenticateSocket,
  refuseSocket,
  requireUpgrade,
  socketCredentials,
  upgradeHeaders,
  withProtocol,
} from "../http/websocket.ts";
import { CLOSE, TRUSTED } from "../protocol/close-codes.ts";

const DriverSocketQuery = z.object({
  lat: queryNumber(-90, 90),
  lng: queryNumber(-180, 180),
  token: z.string().optional().openapi({ description: "Access token, if not sent as Sec-WebSocket-Protocol." }),
});

const switchingProtocols = { description: "Switching protocols: the websocket, or a refusal on it (see above)" };

export const wsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/driver",
      operationId: "connectDriverSocket",
      tags: ["Realtime"],
      summary: "Driver websocket (upgrade): connects to the cell of the driver's position",
      description:
        "Only a verified driver with an active vehicle is connected. Refusals close the socket with 4401 (unauthenticated), 4001 (token_expired), 4403 (not_a_driver, driver_not_verified, no_active_vehicle, account_suspended — also sent to an open socket when an admin suspends the account) or 4400 (invalid_position), the code string as the reason.",
      security: bearerSecurity,
      responses: { 101: switchingProtocols, ...problemResponses(426) },
    }),
    // Validation happens inside: a refused socket must still be told why.
    async (c) => {
      requireUpgrade(c);
      const { token, protocol } = socketCredentials(c.req.raw);
      const query = DriverSocketQuery.safeParse(c.req.query());
      if (!query.success) {
        const message = "lat and lng must be a valid position.";
        return refuseSocket({ close: CLOSE.badRequest, code: "invalid_position", message }, protocol);
      }
      const caller = await authenticateSocket(token, c);
      if (!caller.ok) return refuseSocket(caller, protocol);
      const { lat, lng } = query.data;
      const admission = await admitDriver(c.env, c.var.db(), caller.claims, { lat, lng }, upgradeHeaders(c.req.raw));
      return admission.ok ? withProtocol(admission.response, protocol) : refuseSocket(admission, protocol);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/rides/{id}",
      operationId: "connectRideSocket",
      tags: ["Realtime"],
      summary: "Ride websocket (upgrade): live status and driver position",
      description:
        "For the ride's rider, its driver and admins. The socket first receives `ride.status`, then `driver.assigned`, `driver.location`, `ride.stop {index, status, reason}` (a multi-stop ride's drops), `ride.completed` and `ride.cancelled` as they happen. Refusals: 4401 / 4001 / 4403 `account_suspended` as for the driver socket, 4404 `ride_not_found` for a ride that is not the caller's.",
      security: bearerSecurity,
      request: { params: IdParam },
      responses: { 101: switchingProtocols, ...problemResponses(400, 426) },
    }),
    async (c) => {
      requireUpgrade(c);
      const { token, protocol } = socketCredentials(c.req.raw);
      const caller = await authenticateSocket(token, c);
      if (!caller.ok) return refuseSocket(caller, protocol);
      const { id } = c.req.valid("param");
      const viewer = { userId: caller.claims.userId, role: caller.claims.role };
      const ride = c.env.RIDE.getByName(id);
      if (!(await ride.canWatch(viewer))) {
        return refuseSocket({ close: CLOSE.notFound, code: "ride_not_found", message: "No such ride." }, protocol);
      }
      const headers = upgradeHeaders(c.req.raw);
      headers.set(TRUSTED.userId, viewer.userId);
      headers.set(TRUSTED.role, viewer.role);
      return withProtocol(await ride.fetch(new Request(`https://ride.internal/${id}`, { headers })), protocol);
    },
  );
