/**
 * About 1,500 hostile requests over every operation of the API, written
 * from the OpenAPI document alone (GET /openapi.json): wrong types, missing
 * required fields, huge, negative and non-finite numbers, overlong strings,
 * lone surrogates, NUL, deep nesting, arrays for objects, empty and invalid
 * JSON, a byte-order mark, content types in odd casings, garbage path
 * parameters and cursors, hex and exponent query numbers. Each carries a
 * valid token of the role the route is for (most of the time). None may
 * answer 5xx, and every refusal is problem+json.
 *
 * Seeded: the seed is printed; set `REPLAY_SEED` below to replay a run.
 */
import { env } from "cloudflare:workers";
import { expect, it } from "vitest";
import { seeded } from "../../scripts/simulate/random.ts";
import { base64UrlEncode } from "../../src/auth/encoding.ts";
import { signAccessToken } from "../../src/auth/tokens.ts";
import { adminToken, call, randomIp, register } from "./helpers.ts";

const TOTAL = 1500;
const CONCURRENCY = 8;

// ---------------------------------------------------------------- randomness

/** Set to a printed seed to replay that run (or pass a HOSTILE_SEED binding). */
const REPLAY_SEED = 0;
const given = Number((env as { HOSTILE_SEED?: string }).HOSTILE_SEED) || REPLAY_SEED;
const SEED = Number.isInteger(given) && given > 0 ? given : Math.floor(Math.random() * 2 ** 31) + 1;
const random = seeded(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (p: number) => random() < p;
const uuid = () => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

// ---------------------------------------------------------------- the document

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
  default?: unknown;
  $ref?: string;
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema: Schema;
}

interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { mediaType: string; schema: Schema };
  secured: boolean;
}

interface Document {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema: Schema }> };
        security?: unknown[];
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

function resolver(doc: Document) {
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split("/").at(-1) ?? ""] ?? {});
    if (schema.allOf) {
      const parts = schema.allOf.map(resolve);
      return {
        ...schema,
        allOf: undefined,
        type: "object",
        properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
        required: parts.flatMap((p) => p.required ?? []),
      };
    }
    return schema;
  };
  return resolve;
}

function operationsOf(doc: Document): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const [mediaType, content] = Object.entries(op.requestBody?.content ?? {})[0] ?? [];
      return {
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        ...(mediaType && content ? { body: { mediaType, schema: content.schema } } : {}),
        secured: (op.security ?? []).length > 0,
      };
    }),
  );
}

// ---------------------------------------------------------------- valid-looking values

const PATTERN_SAMPLES: Record<string, string[]> = {
  // A number no other test registers (a UK drama-range number), so the two never collide.
  "^\\+\\d{7,15}$": ["+447700900123"],
  "^\\d{6,14}$": ["7700900123"],
  "^\\+\\d{1,4}$": ["+91", "+1"],
  "^\\d{6}$": ["123456"],
  "^[a-z_]{1,32}$": ["car", "auto", "bike", "truck"],
  "^[a-z0-9-]{1,64}$": ["ahmedabad", "new-york", "nowhere"],
  "^-?\\d+(\\.\\d+)?$": ["23.0225", "72.5714", "5", "3000"],
  "^-?\\d+$": ["1", "5", "20"],
};

function sampler(resolve: (s: Schema) => Schema) {
  const sample = (raw: Schema, depth = 0): unknown => {
    const schema = resolve(raw);
    if (schema.example !== undefined && chance(0.7)) return structuredClone(schema.example);
    if (schema.enum) return pick(schema.enum);
    const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== "null") ?? "null") : schema.type;
    switch (type) {
      case "object": {
        const out: Record<string, unknown> = {};
        for (const [name, prop] of Object.entries(schema.properties ?? {})) {
          if (schema.required?.includes(name) || chance(0.8)) out[name] = depth > 6 ? null : sample(prop, depth + 1);
        }
        return out;
      }
      case "array":
        return Array.from({ length: Math.floor(random() * 3) }, () => sample(schema.items ?? {}, depth + 1));
      case "integer":
      case "number": {
        const lo = schema.minimum ?? 0;
        const hi = schema.maximum ?? lo + 100;
        const n = lo + random() * (hi - lo);
        return type === "integer" ? Math.round(n) : Math.round(n * 1e4) / 1e4;
      }
      case "boolean":
        return chance(0.5);
      case "string": {
        if (schema.format === "uuid") return uuid();
        if (schema.format === "email") return `hostile-${uuid()}@example.test`;
        if (schema.pattern && PATTERN_SAMPLES[schema.pattern]) return pick(PATTERN_SAMPLES[schema.pattern] ?? []);
        return "hostile text".padEnd(schema.minLength ?? 0, "x").slice(0, schema.maxLength ?? 100);
      }
      default:
        return null;
    }
  };
  return sample;
}

// ---------------------------------------------------------------- hostile values

const LONE_SURROGATE = "\ud800";
const NUL = "\u0000";

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  -0,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  5e-324,
  "",
  "0x10",
  "1e3",
  "NaN",
  "Infinity",
  [],
  [1, 2, 3],
  {},
  { nested: { deeper: [null] } },
  "x".repeat(10_000),
  `a${LONE_SURROGATE}b`,
  `\udc00${LONE_SURROGATE}`,
  `nul${NUL}byte`,
  "💥🚕\u202e\u0301\uffff\ufeff",
  "' OR 1=1 --",
  "../../etc/passwd",
  "<script>alert(1)</script>",
];

const HOSTILE_STRINGS = [
  `${LONE_SURROGATE}`,
  `address ${LONE_SURROGATE}`,
  `\udfff`,
  `\udbff\udbff`,
  `${NUL}`,
  `line${NUL}two`,
  `${NUL}${LONE_SURROGATE}`,
  "x".repeat(100_000),
  "é".repeat(5_000),
  "",
  " ",
  "💥",
  "\u202e\u0000",
];

const HOSTILE_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, -(2 ** 53) - 1, 5e-324, -0, -1, 1.5, 0, 4294967296, 1e21];

const QUERY_VALUES = [
  "0x10",
  "0X1f",
  "1e3",
  "1E-2",
  " 5",
  "5 ",
  "+5",
  "Infinity",
  "-Infinity",
  "NaN",
  "",
  "-0",
  "1.",
  ".5",
  "9".repeat(400),
  "１２",
  "%00",
  "5%00",
  "%ED%A0%80",
  "%FF%FE",
  "%",
  "%%",
  "a".repeat(3000),
  "null",
  "[]",
  "-999999999",
  "0b101",
  "1_000",
  "0.0000000000000000000000001",
];

const base64url = (text: string) => base64UrlEncode(new TextEncoder().encode(text));

const CURSORS = [
  "garbage",
  "%00",
  "AAAA",
  "====",
  "-_-_",
  base64url(JSON.stringify([new Date(8.64e15).toISOString(), uuid()])),
  base64url(JSON.stringify([new Date(-8.64e15).toISOString(), uuid()])),
  base64url(JSON.stringify(["0000-01-01T00:00:00.000Z", uuid()])),
  base64url(JSON.stringify(["+010000-01-01T00:00:00.000Z", uuid()])),
  base64url(JSON.stringify(["2026-02-30T00:00:00.000Z", uuid()])),
  base64url(JSON.stringify(["2026-01-01T00:00:00.000Z", "not-a-uuid"])),
  base64url(JSON.stringify(["2026-01-01T00:00:00.000Z", uuid(), "extra"])),
  base64url(JSON.stringify(["ahmedabad"])),
  base64url(JSON.stringify([`a${NUL}`])),
  base64url(JSON.stringify({ at: 1, id: 2 })),
  base64url(JSON.stringify([1e308, null])),
  base64url("\u0000\u0001"),
  base64url('["\\ud800"]'),
  "ahmedabad",
  "new-york",
  "x".repeat(199),
];

const PATH_VALUES = [
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%FF",
  "..",
  "%2e%2e",
  "%2F",
  "a".repeat(3000),
  "00000000-0000-0000-0000-000000000000",
  "FFFFFFFF-FFFF-4FFF-8FFF-FFFFFFFFFFFF",
  "-1",
  "0",
  "null",
  "undefined",
  "%F0%9F%92%A5",
  "'%20OR%201=1--",
  "ahmedabad",
  "AHMEDABAD",
];

const CONTENT_TYPES = [
  "APPLICATION/JSON",
  "Application/Json; Charset=UTF-8",
  "application/JSON;charset=utf-16",
  "application/vnd.hostile+json",
  "application/json;",
  "application/json ; x=y",
  "application/jsonx",
  "text/plain",
  "text/json",
  "application/x-www-form-urlencoded",
  "multipart/form-data",
  "MULTIPART/FORM-DATA; boundary=x",
  "*/*",
  "",
];

const WHOLE_BODIES = [
  "",
  "{",
  "}",
  "null",
  "[]",
  "[{}]",
  '"string"',
  "0",
  "true",
  "{}",
  '{"a":1,"a":2}',
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}',
  "\ufeff{}",
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  `{"a":"raw${NUL}nul"}`,
  "{} trailing",
  '{"a":1}{"b":2}',
  `{"a":${"[".repeat(20_000)}${"]".repeat(20_000)}}`,
  `${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}`,
  "NaN",
  '{"n":1e999}',
  "{'single':'quotes'}",
];

// ---------------------------------------------------------------- mutation

type Json = unknown;

/** Every (parent, key) of an object tree, for picking a field to mutate. */
function slots(root: Json): { parent: Record<string, unknown> | unknown[]; key: string | number }[] {
  const out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: Json, depth: number) => {
    if (depth > 8 || v === null || typeof v !== "object") return;
    for (const [k, child] of Object.entries(v)) {
      out.push({ parent: v as Record<string, unknown>, key: Array.isArray(v) ? Number(k) : k });
      walk(child, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

function setSlot(slot: { parent: Record<string, unknown> | unknown[]; key: string | number }, value: unknown) {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
}

/** A hostile JSON body text from a valid-looking one. */
function hostileJson(valid: Json, schema: Schema, resolve: (s: Schema) => Schema): string {
  const body = structuredClone(valid);
  const all = slots(body);
  const strings = all.filter((s) => typeof (s.parent as Record<string | number, unknown>)[s.key] === "string");
  const numbers = all.filter((s) => typeof (s.parent as Record<string | number, unknown>)[s.key] === "number");
  const objects = all.filter((s) => {
    const v = (s.parent as Record<string | number, unknown>)[s.key];
    return v !== null && typeof v === "object";
  });
  switch (Math.floor(random() * 14)) {
    case 0: // a wrong type
      if (all.length > 0) setSlot(pick(all), pick(HOSTILE_VALUES));
      break;
    case 1: {
      // a missing required field
      const required = resolve(schema).required ?? [];
      if (body && typeof body === "object" && required.length > 0)
        delete (body as Record<string, unknown>)[pick(required)];
      break;
    }
    case 2:
      if (numbers.length > 0) setSlot(pick(numbers), pick(HOSTILE_NUMBERS));
      else if (all.length > 0) setSlot(pick(all), pick(HOSTILE_NUMBERS));
      break;
    case 3:
    case 4:
    case 12:
    case 13: // text Postgres cannot hold, or too much of it
      if (strings.length > 0) setSlot(pick(strings), pick(HOSTILE_STRINGS));
      else if (all.length > 0) setSlot(pick(all), pick(HOSTILE_STRINGS));
      break;
    case 5: // arrays where objects are expected, objects where arrays are
      if (objects.length > 0) {
        const slot = pick(objects);
        const v = (slot.parent as Record<string | number, unknown>)[slot.key];
        setSlot(slot, Array.isArray(v) ? { 0: v[0] } : [v]);
      } else if (all.length > 0) setSlot(pick(all), [[]]);
      break;
    case 6: // unknown fields with hostile names and values
      if (body && typeof body === "object") {
        (body as Record<string, unknown>)[pick(["__proto__", `k${LONE_SURROGATE}`, `k${NUL}`, "constructor", "x"])] =
          pick(HOSTILE_VALUES);
      }
      break;
    case 7: // a string with a surrogate or NUL in a key of a nested object
      if (objects.length > 0) {
        const slot = pick(objects);
        const v = (slot.parent as Record<string | number, unknown>)[slot.key];
        if (v && typeof v === "object" && !Array.isArray(v))
          (v as Record<string, unknown>)[`${LONE_SURROGATE}${NUL}`] = 1;
      }
      break;
    case 8: // deep nesting inside a field (written as text: too deep to build)
      return JSON.stringify(body)
        .replace(/^\{/, `{"deep":${"[".repeat(5_000)}${"]".repeat(5_000)},`)
        .replace(",}", "}");
    case 9: // the whole body is an array
      return JSON.stringify([body]);
    case 10:
      return pick(WHOLE_BODIES);
    default: // several fields at once
      for (const slot of all) if (chance(0.3)) setSlot(slot, pick([...HOSTILE_VALUES, ...HOSTILE_STRINGS]));
  }
  return JSON.stringify(body);
}

// ---------------------------------------------------------------- requests

interface Hostile {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | FormData | Uint8Array<ArrayBuffer>;
  /** What was sent, for the failure report. */
  shown: string;
}

type Role = "rider" | "driver" | "admin";

function roleFor(op: Operation): Role {
  if (op.path.startsWith("/v1/admin/")) return "admin";
  if (op.path.startsWith("/v1/drivers/me") || op.path === "/v1/ws/driver") return "driver";
  if (/\/v1\/rides\/\{id\}\/(arrived|started|completed)$/.test(op.path)) return "driver";
  return "rider";
}

function build(
  op: Operation,
  tokens: Record<Role, string> & { garbage: string[] },
  sample: (s: Schema) => unknown,
  resolve: (s: Schema) => Schema,
  known: { ids: string[] },
): Hostile {
  const headers: Record<string, string> = { "cf-connecting-ip": randomIp() };
  // Mostly the right role: hostile input has to get past authentication to test anything.
  if (op.secured || chance(0.1)) {
    const r = random();
    headers.authorization =
      r < 0.85
        ? `Bearer ${tokens[roleFor(op)]}`
        : r < 0.93
          ? `Bearer ${tokens[pick(["rider", "driver", "admin"] as const)]}`
          : pick(tokens.garbage);
  }
  const hostileTarget = op.body ? pick(["body", "body", "body", "query", "path", "header"]) : "params";

  let path = op.path;
  for (const param of op.parameters.filter((p) => p.in === "path")) {
    const value =
      hostileTarget === "path" || hostileTarget === "params"
        ? chance(0.6)
          ? pick(PATH_VALUES)
          : pick(known.ids)
        : null;
    const ok = String(sample(param.schema));
    path = path.replace(`{${param.name}}`, value ?? encodeURIComponent(ok));
  }

  const query: string[] = [];
  for (const param of op.parameters.filter((p) => p.in === "query")) {
    const hostile = (hostileTarget === "query" || hostileTarget === "params") && chance(0.7);
    if (!hostile && !param.required && chance(0.5)) continue;
    if (hostile && !param.required && chance(0.1)) continue;
    const value = hostile
      ? param.name === "cursor"
        ? pick(CURSORS)
        : pick(QUERY_VALUES)
      : encodeURIComponent(String(sample(param.schema)));
    query.push(`${param.name}=${value}`);
    if (hostile && chance(0.15)) query.push(`${param.name}=${pick(QUERY_VALUES)}`); // repeated parameter
  }
  if (chance(0.05)) query.push(`${pick(["unknown", "%00", "a%00b", "limit[]"])}=${pick(QUERY_VALUES)}`);

  for (const param of op.parameters.filter((p) => p.in === "header")) {
    if (chance(0.5)) {
      headers[param.name] =
        hostileTarget === "header"
          ? pick(["", "x", "a".repeat(10_000), "\t", "ok-key-123", "key with spaces"])
          : uuid();
    }
  }

  const url = `${path}${query.length > 0 ? `?${query.join("&")}` : ""}`;
  if (!op.body) {
    return { method: op.method, url, headers, shown: "(no body)" };
  }

  if (op.body.mediaType === "multipart/form-data") {
    const form = new FormData();
    const fields = sample(op.body.schema) as Record<string, unknown>;
    for (const [name, value] of Object.entries(fields)) {
      if (chance(0.15)) continue;
      if (name === "file") {
        const content = pick([new Uint8Array([0xff, 0xd8, 0xff]), new Uint8Array(0), new TextEncoder().encode(NUL)]);
        form.append(
          name,
          new Blob([content], { type: pick(["image/jpeg", "text/html", "", "IMAGE/PNG"]) }),
          pick(["a.jpg", "", `n${NUL}.pdf`]),
        );
      } else form.append(name, chance(0.5) ? String(value) : String(pick([...HOSTILE_STRINGS, ...QUERY_VALUES])));
    }
    if (chance(0.3)) form.append(pick(["kind", "vehicle_id", "extra"]), pick(HOSTILE_STRINGS));
    if (chance(0.25)) {
      headers["content-type"] = pick(CONTENT_TYPES);
      return {
        method: op.method,
        url,
        headers,
        body: hostileJson(fields, op.body.schema, resolve),
        shown: "(json to multipart)",
      };
    }
    return { method: op.method, url, headers, body: form, shown: `form ${JSON.stringify([...form.keys()])}` };
  }

  const valid = sample(op.body.schema);
  let text = hostileTarget === "body" ? hostileJson(valid, op.body.schema, resolve) : JSON.stringify(valid);
  headers["content-type"] = chance(0.35) ? pick(CONTENT_TYPES) : pick(["application/json", "APPLICATION/JSON"]);
  if (headers["content-type"] === "") delete headers["content-type"];
  let body: string | Uint8Array<ArrayBuffer> = text;
  const r = random();
  if (r < 0.04) {
    body = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]); // byte-order mark
    text = `BOM + ${text}`;
  } else if (r < 0.06) {
    body = new Uint8Array([...new TextEncoder().encode(text.slice(0, -1)), 0xc3, 0x28, 0x7d]); // invalid UTF-8
    text = `${text.slice(0, -1)} + invalid UTF-8`;
  } else if (r < 0.08) {
    const utf16 = new Uint8Array(text.length * 2); // UTF-16LE
    for (let i = 0; i < text.length; i++) utf16[i * 2] = text.charCodeAt(i) & 0xff;
    body = utf16;
    text = `UTF-16LE ${text}`;
  }
  return { method: op.method, url, headers, body, shown: text };
}

function describeBody(shown: string): string {
  const escaped = JSON.stringify(shown.length > 300 ? `${shown.slice(0, 300)}… (${shown.length} chars)` : shown);
  return escaped;
}

// ---------------------------------------------------------------- the run

it(`answers ${TOTAL} hostile requests built from the OpenAPI document without a 5xx`, {
  timeout: 120_000,
}, async () => {
  console.log(`hostile.test.ts seed: ${SEED} (replay: REPLAY_SEED = ${SEED})`);
  const docRes = await call("/openapi.json");
  expect(docRes.status).toBe(200);
  const doc = (await docRes.json()) as Document;
  const resolve = resolver(doc);
  const sample = sampler(resolve);
  // Websocket upgrades are exercised without an Upgrade header: the route must still refuse cleanly.
  const operations = operationsOf(doc);
  expect(operations.length).toBeGreaterThan(30);

  const [rider, driver] = await Promise.all([register("rider"), register("driver")]);
  const admin = await adminToken();
  const expired = await signAccessToken({ id: rider.id, role: "rider" }, env.JWT_SIGNING_KEYS, Date.now() - 86_400_000);
  const tokens = {
    rider: rider.access_token,
    driver: driver.access_token,
    admin,
    garbage: [
      "Bearer x",
      "Bearer ",
      "Basic YTpi",
      `Bearer ${expired}`,
      `Bearer ${rider.access_token}x`,
      "bearer  a.b.c",
    ],
  };
  // Ids that exist, so that some requests get past "not found" into the handlers.
  const known = { ids: [rider.id, driver.id, uuid()] };

  const requests = Array.from({ length: TOTAL }, (_, i) =>
    build(operations[i % operations.length] as Operation, tokens, sample, resolve, known),
  );

  const failures: string[] = [];
  const notProblems: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const req = requests[i] as Hostile;
        const res = await call(req.url, {
          method: req.method,
          headers: req.headers,
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        const text = await res.text();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const line = `${req.method} ${req.url.slice(0, 300)} [${req.headers["content-type"] ?? "no content-type"}] ${describeBody(req.shown)} → ${res.status} ${text.slice(0, 300)}`;
        if (res.status >= 500) failures.push(line);
        else if (res.status >= 400 && !res.headers.get("content-type")?.startsWith("application/problem+json")) {
          notProblems.push(line);
        }
      }
    }),
  );
  console.log(
    `hostile.test.ts: ${requests.length} requests over ${operations.length} operations in ${Date.now() - started} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
  );
  expect(failures, `seed ${SEED}: ${failures.length} answers 5xx:\n${failures.join("\n")}`).toEqual([]);
  expect(notProblems, `seed ${SEED}: refusals that are not problem+json:\n${notProblems.join("\n")}`).toEqual([]);
});
