/**
 * The OpenAPI document: its header (servers, licence, tags), the bearer
 * scheme and the security lists routes declare. `openApiDocument(app)` is
 * what GET /openapi.json serves (routes/docs.ts) and what
 * `npm run lint:openapi` and `npm run api:types` render (scripts/lib/openapi.ts).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";

export const BEARER = "bearerAuth";
export const STRIPE_SIGNATURE = "stripeSignature";

/** For routes that need an access token. */
export const bearerSecurity = [{ [BEARER]: [] }];
/** For the card provider's webhooks: a signature over the raw body. */
export const stripeSignatureSecurity = [{ [STRIPE_SIGNATURE]: [] }];
/** For public routes: an explicit empty list, so every operation states its security. */
export const publicSecurity: { [name: string]: string[] }[] = [];

export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "An access token from /v1/auth/login, /v1/auth/register, /v1/auth/otp/verify or /v1/auth/refresh.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", STRIPE_SIGNATURE, {
    type: "apiKey",
    in: "header",
    name: "Stripe-Signature",
    description: "Stripe's `t=…,v1=…` HMAC-SHA256 of the raw body with the webhook endpoint's signing secret.",
  });
}

type DocumentConfig = Parameters<OpenAPIHono<AppEnv>["getOpenAPI31Document"]>[0];

/** Everything in the document that does not come from a route. */
const API_DOCUMENT: DocumentConfig = {
  openapi: "3.1.0",
  info: {
    title: "Curbside API",
    version: "0.1.0",
    description:
      "Realtime dispatch for rides, deliveries and parking. Errors are RFC 9457 problem+json with a stable `code`; money is integer minor units with a currency; times are ISO 8601 UTC.",
    // Curbside is not open source (package.json is private and names no licence). `identifier`
    // (SPDX) is OpenAPI 3.1's; the generator's config is typed after 3.0's licence object.
    license: { name: "Proprietary", identifier: "LicenseRef-Proprietary" } as DocumentConfig["info"]["license"],
  },
  // The document is served by the API it describes: relative to its own origin
  // (http://127.0.0.1:8787 under `npm start`, the Worker's domain once deployed).
  servers: [{ url: "/", description: "The origin that serves this document" }],
  tags: [
    { name: "Platform", description: "Health and documentation." },
    { name: "Auth", description: "Accounts, phone codes and sessions." },
    { name: "Account", description: "The caller's own account and addresses." },
    { name: "Drivers", description: "Driver onboarding: vehicles and documents." },
    { name: "Admin", description: "Driver review, refunds and payment drifts." },
    { name: "Dispatch", description: "Drivers near a point." },
    { name: "Rides", description: "Estimates, ride and delivery requests, the lifecycle." },
    { name: "Cities", description: "Service areas, vehicle classes and pricing." },
    { name: "Realtime", description: "Websocket upgrades." },
    { name: "Payments", description: "Saved cards and the card provider's settings." },
    { name: "Wallet", description: "Balances, movements, top-ups and withdrawals." },
    { name: "Payouts", description: "Drivers' and owners' connected accounts." },
    { name: "Webhooks", description: "The card provider's events." },
    { name: "Parking", description: "Spots, search, quotes and bookings." },
  ],
};

/** The OpenAPI 3.1 document of `app`, exactly as GET /openapi.json serves it. */
export function openApiDocument(app: OpenAPIHono<AppEnv>) {
  return app.getOpenAPI31Document(API_DOCUMENT);
}
