/**
 * The API document as tools see it, rendered in-process under Node (no
 * workerd, no server): the same `openApiDocument(app)` that GET /openapi.json
 * serves. Used by scripts/lint-openapi.ts (`npm run lint:openapi`: Redocly's
 * recommended rules, and the generated types up to date) and by
 * scripts/api-types.ts (`npm run api:types`: writes scripts/lib/api-types.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { type OpenAPI3 } from "openapi-typescript";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Where the generated types live (committed; the simulator's client is typed by them). */
export const API_TYPES_FILE = join(ROOT, "scripts/lib/api-types.ts");

/** The committed types file as it is on disk; null when there is none. */
export function committedTypes(): string | null {
  try {
    return readFileSync(API_TYPES_FILE, "utf8");
  } catch {
    return null;
  }
}

/**
 * Warnings of Redocly's recommended rules that the document keeps on purpose,
 * each with its reason (README.md, "The API"). Any other warning, or any
 * error, fails the lint; so does a justification the lint no longer needs.
 */
export const JUSTIFIED_WARNINGS: readonly { rule: string; pointer: string; why: string }[] = [
  {
    rule: "operation-4xx-response",
    pointer: "#/paths/~1health/get/responses",
    why: "GET /health takes no input and no token: it answers 200 or 503, never a 4xx.",
  },
  {
    rule: "operation-2xx-response",
    pointer: "#/paths/~1v1~1ws~1driver/get/responses",
    why: "a websocket upgrade succeeds with 101; a refusal is a close code on the socket, not an HTTP status.",
  },
  {
    rule: "operation-2xx-response",
    pointer: "#/paths/~1v1~1ws~1rides~1{id}/get/responses",
    why: "a websocket upgrade succeeds with 101; a refusal is a close code on the socket, not an HTTP status.",
  },
  {
    rule: "operation-2xx-response",
    pointer: "#/paths/~1v1~1ws~1admin~1map/get/responses",
    why: "a websocket upgrade succeeds with 101; a refusal is a close code on the socket, not an HTTP status.",
  },
  {
    rule: "operation-2xx-response",
    pointer: "#/paths/~1v1~1ws~1me/get/responses",
    why: "a websocket upgrade succeeds with 101; a refusal is a close code on the socket, not an HTTP status.",
  },
];

/**
 * The document GET /openapi.json serves, built from the routes' zod schemas.
 * The Worker's modules are loaded at run time, so the Node typecheck
 * (tsconfig.node.json) does not follow them into workerd's types.
 */
export async function renderDocument(): Promise<OpenAPI3> {
  const load = (path: string) => import(new URL(`../../${path}`, import.meta.url).href);
  const { createApp } = (await load("src/app.ts")) as { createApp(): unknown };
  const { openApiDocument } = (await load("src/http/openapi.ts")) as { openApiDocument(app: unknown): OpenAPI3 };
  return openApiDocument(createApp());
}

const TYPES_HEADER = `/**
 * The REST API's types, generated from the OpenAPI document (GET /openapi.json)
 * by openapi-typescript. Do not edit: \`npm run api:types\` writes this file, and
 * \`npm run lint:openapi\` (part of \`npm test\`) fails when it is out of date.
 * The simulator's client (scripts/simulate/client.ts) is typed by it.
 */
// biome-ignore-all lint: generated code, shaped by openapi-typescript
`;

/** The types of `document` as the committed file holds them (openapi-typescript, then Biome's format). */
export async function generateTypes(document: OpenAPI3): Promise<string> {
  const raw = await openapiTS(document, { commentHeader: TYPES_HEADER, silent: true });
  const formatted = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules/@biomejs/biome/bin/biome"), "format", `--stdin-file-path=${API_TYPES_FILE}`],
    { input: raw, encoding: "utf8", cwd: ROOT },
  );
  if (formatted.status !== 0) throw new Error(`biome format failed: ${formatted.stderr}`);
  return formatted.stdout;
}

export interface LintProblem {
  rule: string;
  severity: "error" | "warn";
  message: string;
  pointer: string;
}

/**
 * Lints `document` with Redocly's recommended rules, offline: the document is
 * a local file with no remote $ref, and telemetry and the update check are off.
 */
export function lintDocument(document: OpenAPI3): LintProblem[] {
  const dir = mkdtempSync(join(tmpdir(), "curbside-openapi-"));
  try {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(document, null, 2));
    const result = spawnSync(
      process.execPath,
      [
        join(ROOT, "node_modules/@redocly/cli/bin/cli.js"),
        "lint",
        "--extends=recommended",
        "--format=json",
        "--max-problems=1000",
        file,
      ],
      {
        // An empty folder: no redocly.yaml but the recommended rules.
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" },
      },
    );
    let report: { problems: { ruleId: string; severity: string; message: string; location: { pointer?: string }[] }[] };
    try {
      report = JSON.parse(result.stdout);
    } catch {
      throw new Error(`redocly lint gave no report (exit ${result.status}):\n${result.stderr}${result.stdout}`);
    }
    return report.problems.map((p) => ({
      rule: p.ruleId,
      severity: p.severity === "error" ? "error" : "warn",
      message: p.message,
      pointer: p.location[0]?.pointer ?? "#",
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
