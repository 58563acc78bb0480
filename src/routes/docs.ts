/**
 * The API reference: GET /openapi.json (OpenAPI 3.1, generated from the
 * routes' zod schemas) and GET /docs (Scalar, its script served from this
 * Worker's static assets so it works offline).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";

/** Where scripts/lib/assets.ts puts @scalar/api-reference's standalone bundle. */
export const SCALAR_SCRIPT = "/vendor/scalar/standalone.js";

const DOCS_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Curbside API</title>
</head>
<body>
  <div id="app"></div>
  <script src="${SCALAR_SCRIPT}"></script>
  <script>
    Scalar.createApiReference("#app", { url: "/openapi.json", withDefaultFonts: false, hideClientButton: true });
  </script>
</body>
</html>`;

export function mountDocs(app: OpenAPIHono<AppEnv>): void {
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: {
      title: "Curbside API",
      version: "0.1.0",
      description:
        "Realtime dispatch for rides, deliveries and parking. Errors are RFC 9457 problem+json with a stable `code`; money is integer minor units with a currency; times are ISO 8601 UTC.",
    },
    tags: [
      { name: "Platform", description: "Health and documentation." },
      { name: "Auth", description: "Accounts, phone codes and sessions." },
      { name: "Account", description: "The caller's own account and addresses." },
      { name: "Drivers", description: "Driver onboarding: vehicles and documents." },
      { name: "Admin", description: "Driver review." },
      { name: "Rides", description: "Estimates, ride and delivery requests, the lifecycle." },
      { name: "Cities", description: "Service areas, vehicle classes and pricing." },
      { name: "Realtime", description: "Websocket upgrades." },
    ],
  });
  app.get("/docs", (c) => c.html(DOCS_HTML));
}
