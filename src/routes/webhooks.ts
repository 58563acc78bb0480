/**
 * The card provider's webhooks. Mounted at /v1/webhooks.
 *
 *   POST /v1/webhooks/stripe    a Stripe event, verified on its raw body
 *
 * A missing, forged or stale signature is 400 and nothing is written. A
 * verified event is applied once (payments/webhooks.ts) and acknowledged
 * with 200, whatever its type; a failure to apply it is a 5xx, so the
 * provider delivers it again.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { stripeSignatureSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { problemResponses } from "../http/schemas.ts";
import { log } from "../log.ts";
import { paymentContext } from "../payments/context.ts";
import { ProviderRefused } from "../payments/provider.ts";
import { applyEvent } from "../payments/webhooks.ts";

export const webhooksRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "post",
    path: "/stripe",
    operationId: "receiveStripeWebhook",
    tags: ["Webhooks"],
    summary: "Stripe's events (signed with the endpoint's secret)",
    security: stripeSignatureSecurity,
    request: {
      headers: z.object({ "stripe-signature": z.string().max(2000).optional() }),
      body: {
        required: true,
        content: { "application/json": { schema: z.object({ id: z.string(), type: z.string() }).loose() } },
      },
    },
    responses: {
      200: {
        description: "Received (applied, a duplicate, or a type Curbside does not handle)",
        content: {
          "application/json": {
            schema: z.object({ received: z.literal(true), outcome: z.enum(["applied", "duplicate", "ignored"]) }),
          },
        },
      },
      ...problemResponses(400, 503),
    },
  }),
  async (c) => {
    const signature = c.req.header("stripe-signature");
    if (!signature) throw new ProblemError(400, "signature_missing", "The Stripe-Signature header is missing.");
    const raw = await c.req.text();
    const ctx = paymentContext(c.env, c.var.db());
    let event: Awaited<ReturnType<typeof ctx.provider.verifyEvent>>;
    try {
      event = await ctx.provider.verifyEvent(raw, signature);
    } catch (error) {
      if (error instanceof ProviderRefused) throw error;
      throw new ProblemError(400, "signature_invalid", "The signature does not match the body, or is too old.");
    }
    const outcome = await applyEvent(ctx, event);
    log("info", "payments.webhook", { event_id: event.id, type: event.type, outcome });
    return c.json({ received: true as const, outcome }, 200);
  },
);
