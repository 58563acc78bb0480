/**
 * The API reference: GET /openapi.json (OpenAPI 3.1, generated from the
 * routes' zod schemas with the header in http/openapi.ts) and GET /docs
 * (Scalar, its script served from this Worker's static assets so it works offline).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { openApiDocument } from "../http/openapi.ts";

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
  app.get("/openapi.json", (c) => c.json(openApiDocument(app)));
  app.get("/docs", (c) => c.html(DOCS_HTML));
}
