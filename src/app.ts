/**
 * The Hono application: middleware, routes, the OpenAPI document and the
 * error handling that turns every failure into problem+json.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { database } from "./http/database.ts";
import { notFound, onError, validationHook } from "./http/errors.ts";
import { ProblemError } from "./http/problem.ts";
import { requestContext } from "./http/request-context.ts";
import { citiesRoutes } from "./routes/cities.ts";
import { mountDocs } from "./routes/docs.ts";
import { health } from "./routes/health.ts";

/** Largest JSON body the API accepts (documents and photos go to upload routes). */
export const MAX_BODY_BYTES = 256 * 1024;

export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Tests assert on answers, not on access logs; keep their output readable.
  app.use(requestContext({ accessLog: (c) => c.env.ENVIRONMENT !== "test" }));
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ProblemError(413, "body_too_large", `The body is larger than ${MAX_BODY_BYTES} bytes.`);
      },
    }),
  );
  app.use(database());
  app.route("/", health);
  app.route("/", citiesRoutes);
  mountDocs(app);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
