/**
 * Drivers' and owners' connected accounts. Mounted at /v1/payouts.
 *
 *   POST /v1/payouts/account    {country?, return_url?, refresh_url?} → an onboarding link (creates the account once)
 *   GET  /v1/payouts/account    the account's status (from the provider's `account.updated`)
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { profileOf } from "../db/queries/payments.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { jsonBody, problemResponses } from "../http/schemas.ts";
import { paymentContext } from "../payments/context.ts";
import { onboard } from "../payments/payouts.ts";

const AccountSchema = z
  .object({
    account_id: z.string().nullable(),
    status: z.enum(["none", "onboarding", "enabled", "restricted"]),
    payouts_enabled: z.boolean(),
    onboarding_url: z.string().nullable(),
  })
  .openapi("PayoutAccount");

const Url = z.url({ protocol: /^https?$/ }).max(2000);
const earners = requireAuth({ roles: ["driver", "owner"] });

export const payoutsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/account",
      operationId: "startPayoutOnboarding",
      tags: ["Payouts"],
      summary: "Create the caller's connected account (once) and a link to finish onboarding at the provider",
      security: bearerSecurity,
      middleware: [earners] as const,
      request: {
        body: jsonBody(
          z.object({
            country: z
              .string()
              .regex(/^[A-Z]{2}$/)
              .optional()
              .openapi({ description: "ISO 3166-1 alpha-2; default IN" }),
            return_url: Url.optional(),
            refresh_url: Url.optional(),
          }),
        ),
      },
      responses: {
        200: {
          description: "The account and its onboarding link",
          content: { "application/json": { schema: AccountSchema } },
        },
        ...problemResponses(400, 401, 403, 502, 503),
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const origin = new URL(c.req.url).origin;
      const account = await onboard(paymentContext(c.env, c.var.db()), caller(c).userId, {
        country: body.country ?? "IN",
        returnUrl: body.return_url ?? `${origin}/v1/payouts/account`,
        refreshUrl: body.refresh_url ?? `${origin}/v1/payouts/account`,
      });
      return c.json(
        {
          account_id: account.accountId,
          status: account.status as z.infer<typeof AccountSchema>["status"],
          payouts_enabled: account.payoutsEnabled,
          onboarding_url: account.onboardingUrl,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/account",
      operationId: "getPayoutAccount",
      tags: ["Payouts"],
      summary: "The caller's connected account",
      security: bearerSecurity,
      middleware: [earners] as const,
      responses: {
        200: { description: "The account", content: { "application/json": { schema: AccountSchema } } },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const profile = await profileOf(c.var.db(), caller(c).userId);
      return c.json(
        {
          account_id: profile?.connectAccountId ?? null,
          status: profile?.connectStatus ?? "none",
          payouts_enabled: profile?.payoutsEnabled ?? false,
          onboarding_url: null,
        },
        200,
      );
    },
  );
