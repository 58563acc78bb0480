/**
 * Websocket upgrades, checked here before they reach an actor. Mounted at /v1/ws.
 *
 *   GET /v1/ws/driver?lat=&lng=   (driver) → the CellActor of that position (dispatch/admit-driver.ts)
 *   GET /v1/ws/rides/{id}         (the ride's rider, its driver, admins) → the RideActor
 *   GET /v1/ws/admin/map?city=    (admins; others are told 4404) → the city's CityMapActor
 *   GET /v1/ws/me?cursor=         (any signed-in user) → their UserActor: notifications, live and missed
 *
 * Credentials, refusals and the headers that may reach an actor: http/websocket.ts.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { catalog } from "../db/catalog.ts";
import { admitDriver } from "../dispatch/admit-driver.ts";
import type { AppEnv } from "../env.ts";
import { decodeSeqCursor } from "../http/cursor.ts";
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

const MapSocketQuery = z.object({
  city: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/)
    .openapi({ description: "A city's id (`ahmedabad`)." }),
  token: z.string().optional().openapi({ description: "Access token, if not sent as Sec-WebSocket-Protocol." }),
});

const MeSocketQuery = z.object({
  cursor: z.string().max(200).optional().openapi({
    description: "The `cursor` of the last notification the client saw: what came after it is sent first.",
  }),
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
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/admin/map",
      operationId: "connectAdminMapSocket",
      tags: ["Realtime", "Admin"],
      summary: "Admins' live map of a city (upgrade): supply per hexagon, demand, surge, drivers on rides",
      description:
        "`?city=` a city's id (`ahmedabad`). For admins only: anyone else is refused with 4404 `not_found`, as if the socket did not exist. The socket first receives `map.snapshot` (the service area, each cell's last summary, the drivers on rides), then `map.cell` (at most every ~500 ms a cell), `map.driver` and `map.driver.gone` as they happen (src/protocol/admin-map.ts). The city's cells publish only while an admin watches. An open socket is closed with 4001 `token_expired` within 10 s of its token's expiry (reconnect with a fresh one). Other refusals: 4401 / 4001 as for the driver socket, 4400 `invalid_request` for a malformed city, 4404 `city_not_found`.",
      security: bearerSecurity,
      responses: { 101: switchingProtocols, ...problemResponses(426) },
    }),
    // Validation happens inside: a refused socket must still be told why.
    async (c) => {
      requireUpgrade(c);
      const { token, protocol } = socketCredentials(c.req.raw);
      const caller = await authenticateSocket(token, c);
      if (!caller.ok) return refuseSocket(caller, protocol);
      if (caller.claims.role !== "admin") {
        return refuseSocket({ close: CLOSE.notFound, code: "not_found", message: "No such socket." }, protocol);
      }
      const query = MapSocketQuery.safeParse(c.req.query());
      if (!query.success) {
        const message = "city must be a city's id, such as ahmedabad.";
        return refuseSocket({ close: CLOSE.badRequest, code: "invalid_request", message }, protocol);
      }
      const cat = await catalog(c.var.db, (work) => c.executionCtx.waitUntil(work));
      const city = cat.cities.find((row) => row.id === query.data.city);
      if (!city) {
        return refuseSocket({ close: CLOSE.notFound, code: "city_not_found", message: "No such city." }, protocol);
      }
      const map = c.env.MAP.getByName(city.id);
      const serviceArea = city.serviceArea.map((ring) => ring.map((p): [number, number] => [p.lng, p.lat]));
      await map.open({ id: city.id, name: city.name, service_area: serviceArea });
      const headers = upgradeHeaders(c.req.raw);
      headers.set(TRUSTED.userId, caller.claims.userId);
      headers.set(TRUSTED.role, caller.claims.role);
      headers.set(TRUSTED.tokenExp, String(caller.claims.exp));
      return withProtocol(await map.fetch(new Request(`https://map.internal/${city.id}`, { headers })), protocol);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/me",
      operationId: "connectMeSocket",
      tags: ["Realtime"],
      summary: "The user's own websocket (upgrade): their notifications as they happen",
      description:
        "For any signed-in user. With `?cursor=` (a notification's `cursor`), first every notification made after it (up to 100, oldest first), then `ready {unread_count, replayed, more}`; then `notification {notification}` for each new one — rides, bookings, payments, ratings, reviews, promotions. Refusals: 4401 / 4001 as for the driver socket, 4400 `invalid_cursor`.",
      security: bearerSecurity,
      responses: { 101: switchingProtocols, ...problemResponses(426) },
    }),
    async (c) => {
      requireUpgrade(c);
      const { token, protocol } = socketCredentials(c.req.raw);
      const query = MeSocketQuery.safeParse(c.req.query());
      let afterSeq: number | undefined;
      try {
        if (!query.success) throw new Error("invalid query");
        afterSeq = decodeSeqCursor(query.data.cursor);
      } catch {
        const message = "cursor must be the cursor of a notification.";
        return refuseSocket({ close: CLOSE.badRequest, code: "invalid_cursor", message }, protocol);
      }
      const caller = await authenticateSocket(token, c);
      if (!caller.ok) return refuseSocket(caller, protocol);
      const userId = caller.claims.userId;
      const headers = upgradeHeaders(c.req.raw);
      headers.set(TRUSTED.userId, userId);
      if (afterSeq !== undefined) headers.set(TRUSTED.afterSeq, String(afterSeq));
      const actor = c.env.USER.getByName(userId);
      return withProtocol(await actor.fetch(new Request(`https://user.internal/${userId}`, { headers })), protocol);
    },
  );
