/** The platform's own routes: health, the OpenAPI document, docs, and errors as problem+json. */
import { describe, expect, it } from "vitest";
import { createApp, MAX_BODY_BYTES } from "../../src/app.ts";
import { call, expectProblem } from "./helpers.ts";

describe("GET /health", () => {
  it("reports the database with PostGIS and both actors as ok", async () => {
    const res = await call("/health");
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      checks: Record<string, { ok: boolean; postgis?: string }>;
    };
    expect(body.status).toBe("ok");
    expect(body.checks.database?.ok).toBe(true);
    expect(body.checks.database?.postgis).toMatch(/^3\./);
    expect(body.checks.cell_actor?.ok).toBe(true);
    expect(body.checks.ride_actor?.ok).toBe(true);
  });

  it("echoes a sane X-Request-Id and makes one otherwise", async () => {
    const given = await call("/health", { headers: { "X-Request-Id": "abc-123" } });
    expect(given.headers.get("X-Request-Id")).toBe("abc-123");
    const made = await call("/health", { headers: { "X-Request-Id": "bad id with spaces" } });
    expect(made.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("API documentation", () => {
  it("documents every route the app serves, each with its security", async () => {
    const res = await call("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>>;
      components: { securitySchemes: Record<string, { type: string; scheme: string }> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = createApp()
      .routes.filter((r) => ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(r.method))
      .filter((r) => r.path !== "/openapi.json" && r.path !== "/docs")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(new Set(documented)).toEqual(new Set(served));
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect(op.security, `${method} ${path} declares its security`).toBeDefined();
      }
    }
    expect(doc.paths["/v1/me"]?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/v1/auth/login"]?.post?.security).toEqual([]);
  });

  it("serves the interactive reference with its script from the Worker's own assets", async () => {
    const res = await call("/docs");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/openapi.json");
    const script = html.match(/<script src="([^"]+)"/)?.[1];
    expect(script).toBe("/vendor/scalar/standalone.js");
  });
});

describe("errors", () => {
  it("answers an unknown route with a problem+json 404", async () => {
    const body = await expectProblem(await call("/v1/nothing-here"), 404, "route_not_found");
    expect(body.title).toBe("Not Found");
  });

  it("refuses a body over the limit with 413 body_too_large", async () => {
    const res = await call("/v1/cities", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ pad: "x".repeat(MAX_BODY_BYTES) }),
    });
    await expectProblem(res, 413, "body_too_large");
  });
});
