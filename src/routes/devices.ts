/**
 * Where the caller's push notifications go, and which ones they want.
 * Mounted at /v1/me.
 *
 *   POST   /v1/me/devices {platform, token}     registers a device (again: the same device)
 *   DELETE /v1/me/devices/{id}                  forgets it
 *   GET    /v1/me/notification-preferences      every channel × category, defaults filled in
 *   PUT    /v1/me/notification-preferences      {push?: {ride?: bool, …}, sms?: …, email?: …}
 *
 * A token registered by another account moves to the caller (a phone that
 * changed hands); another user's device is a 404.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import { devicePlatform } from "../db/schema/enums.ts";
import { devices } from "../db/schema/index.ts";
import { NOTIFICATION_CATEGORIES } from "../domain/notifications.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { IdParam, jsonBody, problemResponses } from "../http/schemas.ts";
import { changePreferences, preferencesOf } from "../notify/preferences.ts";

const DeviceSchema = z
  .object({
    id: z.uuid(),
    platform: z.enum(devicePlatform.enumValues),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("Device");

const RegisterDevice = z
  .object({
    platform: z.enum(devicePlatform.enumValues).openapi({ description: "`android` and `web`: FCM; `ios`: APNs." }),
    // FCM registration tokens and APNs device tokens (64 hex) are printable ASCII, well under 4 KB.
    token: z
      .string()
      .min(8)
      .max(4096)
      .regex(/^[\x21-\x7e]+$/, "must be the push service's token"),
  })
  .openapi("RegisterDevice");

const CategorySwitches = z.object(
  Object.fromEntries(NOTIFICATION_CATEGORIES.map((c) => [c, z.boolean()])) as Record<
    (typeof NOTIFICATION_CATEGORIES)[number],
    z.ZodBoolean
  >,
);

const PreferencesSchema = z
  .object({ push: CategorySwitches, sms: CategorySwitches, email: CategorySwitches })
  .openapi("NotificationPreferences", {
    description:
      "Per channel, per category. The live socket and the list always get every notification; these choose push, SMS and email.",
  });

const Switches = CategorySwitches.partial().strict().optional();
const PreferencesChange = z
  .object({ push: Switches, sms: Switches, email: Switches })
  .strict()
  .refine((b) => Object.values(b).some((v) => v && Object.keys(v).length > 0), "nothing to change")
  .openapi("NotificationPreferencesChange", { example: { push: { promotion: true }, sms: { ride: true } } });

const authed = requireAuth();

const deviceJson = (row: typeof devices.$inferSelect) => ({
  id: row.id,
  platform: row.platform,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

export const devicesRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/devices",
      operationId: "registerDevice",
      tags: ["Notifications"],
      summary: "Register a device for push notifications",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { body: jsonBody(RegisterDevice) },
      responses: {
        201: { description: "The device", content: { "application/json": { schema: DeviceSchema } } },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const { platform, token } = c.req.valid("json");
      const [row] = await c.var
        .db()
        .insert(devices)
        .values({ userId: caller(c).userId, platform, token })
        .onConflictDoUpdate({
          target: devices.token,
          set: { userId: caller(c).userId, platform, updatedAt: sql`now()` },
        })
        .returning();
      return c.json(deviceJson(row as typeof devices.$inferSelect), 201);
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/devices/{id}",
      operationId: "forgetDevice",
      tags: ["Notifications"],
      summary: "Forget a device: no more push to it",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { params: IdParam },
      responses: { 204: { description: "Forgotten" }, ...problemResponses(400, 401, 404) },
    }),
    async (c) => {
      const gone = await c.var
        .db()
        .delete(devices)
        .where(and(eq(devices.id, c.req.valid("param").id), eq(devices.userId, caller(c).userId)))
        .returning({ id: devices.id });
      if (gone.length === 0) throw new ProblemError(404, "device_not_found", "No such device.");
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/notification-preferences",
      operationId: "getNotificationPreferences",
      tags: ["Notifications"],
      summary: "The caller's notification channels per category",
      security: bearerSecurity,
      middleware: [authed] as const,
      responses: {
        200: { description: "The preferences", content: { "application/json": { schema: PreferencesSchema } } },
        ...problemResponses(401),
      },
    }),
    async (c) => c.json(await preferencesOf(c.var.db(), caller(c).userId), 200),
  )
  .openapi(
    createRoute({
      method: "put",
      path: "/notification-preferences",
      operationId: "updateNotificationPreferences",
      tags: ["Notifications"],
      summary: "Turn channels on or off per category (only those named change)",
      security: bearerSecurity,
      middleware: [authed] as const,
      request: { body: jsonBody(PreferencesChange) },
      responses: {
        200: { description: "The preferences after", content: { "application/json": { schema: PreferencesSchema } } },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => c.json(await changePreferences(c.var.db(), caller(c).userId, c.req.valid("json")), 200),
  );
