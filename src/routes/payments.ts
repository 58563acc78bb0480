/**
 * Cards, saved at the provider (card data never reaches Curbside). Mounted at /v1/payments.
 *
 *   GET    /v1/payments/config                    the publishable key (and locally the stand-in's address)
 *   POST   /v1/payments/setup-intents             a SetupIntent the app confirms to save a card
 *   GET    /v1/payments/methods                   the caller's saved cards
 *   DELETE /v1/payments/methods/{id}              forget one
 *   POST   /v1/payments/methods/{id}/default      charge rides and tips to it
 *
 * Another user's card is a 404.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity, publicSecurity } from "../http/openapi.ts";
import { problemResponses } from "../http/schemas.ts";
import { paymentContext } from "../payments/context.ts";
import { makeDefault, methodsOf, removeMethod, startSetup } from "../payments/customers.ts";

const MethodId = z.object({
  id: z
    .string()
    .regex(/^pm_[A-Za-z0-9_]{1,100}$/)
    .openapi({ param: { name: "id", in: "path" }, example: "pm_1Q0PsIJvEtkwdCNYMSaVuRz6" }),
});

const MethodSchema = z
  .object({
    id: z.string(),
    brand: z.string(),
    last4: z.string(),
    exp_month: z.number().int(),
    exp_year: z.number().int(),
    is_default: z.boolean(),
  })
  .openapi("PaymentMethod");

const ConfigSchema = z
  .object({
    provider: z.literal("stripe"),
    publishable_key: z.string(),
    api_base: z.string().nullable().openapi({
      description: "Outside production, the Stripe stand-in's base URL: point the app's Stripe SDK there.",
    }),
  })
  .openapi("PaymentsConfig");

const signedIn = requireAuth();
const ctxOf = (c: Context<AppEnv>) => paymentContext(c.env, c.var.db());

export const paymentsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/config",
      operationId: "getPaymentsConfig",
      tags: ["Payments"],
      summary: "What an app needs to talk to the card provider",
      security: publicSecurity,
      responses: {
        200: { description: "The configuration", content: { "application/json": { schema: ConfigSchema } } },
        // Every /v1 route refuses a query string with a NUL or a lone surrogate.
        ...problemResponses(400),
      },
    }),
    (c) =>
      c.json(
        {
          provider: "stripe" as const,
          publishable_key: c.env.STRIPE_PUBLISHABLE_KEY ?? "",
          api_base: c.env.ENVIRONMENT === "production" ? null : c.env.STRIPE_API_BASE || null,
        },
        200,
      ),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/setup-intents",
      operationId: "createSetupIntent",
      tags: ["Payments"],
      summary: "Start saving a card: the app confirms the SetupIntent with its client secret",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      responses: {
        201: {
          description: "The SetupIntent",
          content: {
            "application/json": {
              schema: z
                .object({ id: z.string(), client_secret: z.string(), customer_id: z.string() })
                .openapi("SetupIntent"),
            },
          },
        },
        ...problemResponses(401, 502),
      },
    }),
    async (c) => {
      const setup = await startSetup(ctxOf(c), caller(c).userId);
      return c.json({ id: setup.setupIntentId, client_secret: setup.clientSecret, customer_id: setup.customerId }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/methods",
      operationId: "listPaymentMethods",
      tags: ["Payments"],
      summary: "The caller's saved cards",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      responses: {
        200: {
          description: "Saved cards, the default marked",
          content: { "application/json": { schema: z.object({ data: z.array(MethodSchema) }) } },
        },
        ...problemResponses(401, 502),
      },
    }),
    async (c) => {
      const methods = await methodsOf(ctxOf(c), caller(c).userId);
      return c.json(
        {
          data: methods.map((m) => ({
            id: m.id,
            brand: m.brand,
            last4: m.last4,
            exp_month: m.expMonth,
            exp_year: m.expYear,
            is_default: m.isDefault,
          })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/methods/{id}",
      operationId: "deletePaymentMethod",
      tags: ["Payments"],
      summary: "Forget a saved card",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: MethodId },
      responses: { 204: { description: "Forgotten" }, ...problemResponses(400, 401, 404, 502) },
    }),
    async (c) => {
      await removeMethod(ctxOf(c), caller(c).userId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/methods/{id}/default",
      operationId: "setDefaultPaymentMethod",
      tags: ["Payments"],
      summary: "Charge rides and tips to this card",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { params: MethodId },
      responses: { 204: { description: "It is the default" }, ...problemResponses(400, 401, 404, 502) },
    }),
    async (c) => {
      await makeDefault(ctxOf(c), caller(c).userId, c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
