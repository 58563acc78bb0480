/** OpenAPI building blocks: the bearer scheme and the security lists routes declare. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";

export const BEARER = "bearerAuth";

/** For routes that need an access token. */
export const bearerSecurity = [{ [BEARER]: [] }];
/** For public routes: an explicit empty list, so every operation states its security. */
export const publicSecurity: { [name: string]: string[] }[] = [];

export function registerSecuritySchemes(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", BEARER, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "An access token from /v1/auth/login, /v1/auth/register, /v1/auth/otp/verify or /v1/auth/refresh.",
  });
}
