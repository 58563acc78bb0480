/** What a browser relies on in every answer: secure headers, and CORS for the listed app origins only. */
import { describe, expect, it } from "vitest";
import { call, expectProblem } from "./helpers.ts";

const LISTED = "https://app.curbside.test";

function preflight(path: string, origin: string, method = "POST") {
  return call(path, {
    method: "OPTIONS",
    headers: {
      Origin: origin,
      "Access-Control-Request-Method": method,
      "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
    },
  });
}

describe("secure headers", () => {
  it("are on a success, a problem, a refusal at the door and a route that does not exist", async () => {
    const answers = [
      await call("/health"),
      await call("/v1/rides/estimate", { method: "POST" }),
      await call("/v1/rides/estimate", {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "edge-refusal-1" },
        body: "{not json",
      }),
      await call("/nowhere"),
    ];
    const [ok, refused, malformed, missing] = answers.map((r) => r.status);
    expect([ok, malformed, missing]).toEqual([200, 400, 404]);
    expect(refused).toBeGreaterThanOrEqual(400);
    expect(refused).toBeLessThan(500);
    for (const res of answers) {
      expect(res.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("x-request-id")).toBeTruthy();
    }
    expect(answers[2]?.headers.get("x-request-id")).toBe("edge-refusal-1");
    await expectProblem(answers[2] as Response, 400, "malformed_json");
  });

  it("add the page and resource policies to what is not JSON, and only there", async () => {
    const page = await call("/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(page.headers.get("cross-origin-resource-policy")).toBe("same-site");
    const json = await call("/health");
    expect(json.headers.get("content-type")).toContain("application/json");
    expect(json.headers.get("referrer-policy")).toBeNull();
    expect(json.headers.get("cross-origin-opener-policy")).toBeNull();
  });
});

describe("CORS", () => {
  it("answers a preflight from a listed app origin with what it may send", async () => {
    const res = await preflight("/v1/rides/estimate", LISTED);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("idempotency-key");
    expect(res.headers.get("access-control-max-age")).toBe("600");
  });

  it("lists origins as configured, a trailing slash and spaces aside", async () => {
    const res = await preflight("/v1/rides/estimate", "https://ops.curbside.test", "GET");
    expect(res.headers.get("access-control-allow-origin")).toBe("https://ops.curbside.test");
  });

  it("answers a preflight from any other origin without letting it read anything", async () => {
    for (const origin of ["https://evil.example", "https://app.curbside.test.evil.example", "null"]) {
      const res = await preflight("/v1/rides/estimate", origin);
      expect(res.status).toBe(204);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
    }
  });

  it("gives an app's request (no Origin) no CORS headers, and varies on Origin for caches", async () => {
    const res = await call("/v1/me");
    await expectProblem(res, 401, "unauthenticated");
    expect([...res.headers.keys()].filter((name) => name.startsWith("access-control-"))).toEqual([]);
    expect(res.headers.get("vary")?.toLowerCase()).toContain("origin");
    const listed = await call("/v1/me", { headers: { Origin: LISTED } });
    expect(listed.headers.get("vary")?.toLowerCase()).toContain("origin");
  });

  it("lets a listed origin read a problem and its request id", async () => {
    const res = await call("/v1/me", { headers: { Origin: LISTED } });
    await expectProblem(res, 401, "unauthenticated");
    expect(res.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(res.headers.get("access-control-expose-headers")?.toLowerCase()).toContain("x-request-id");
  });
});
