/**
 * The edge's rules for text, applied to every route at once (the edge
 * middleware, edge.ts, runs `guardInput` on every /v1 request), so no route
 * has to remember them:
 *
 * - A JSON body — any spelling of a JSON media type, `APPLICATION/JSON`
 *   included — is UTF-8 without a byte-order mark (RFC 8259 §8.1) and parses
 *   as JSON: otherwise 400 `malformed_json`, like any malformed body. It
 *   nests at most `MAX_JSON_DEPTH` deep: otherwise 400 `nesting_too_deep`.
 * - Every string in a JSON body (keys too), every query parameter and the
 *   path is well-formed Unicode: a lone UTF-16 surrogate (`"\ud800"`) is a 422
 *   `invalid_unicode` naming the field. It holds no NUL, which Postgres text
 *   cannot store: 400 `invalid_characters` naming the field.
 *
 * The checks run on the parsed values, so `\u0000` and a raw NUL are caught
 * alike, and a NUL inside a field that only looks like text is never missed.
 */
import type { Context } from "hono";
import { storableText, type TextFlaw, textFlaw } from "../domain/text.ts";
import type { AppEnv } from "../env.ts";
import { type FieldError, ProblemError } from "./problem.ts";
import { isJsonMediaType } from "./schemas.ts";

/** Deepest nesting of arrays and objects a JSON body may have. */
const MAX_JSON_DEPTH = 32;

const BOM = [0xef, 0xbb, 0xbf];
/** One decoder for every body: decoding without `stream` keeps no state between calls. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/**
 * Text from a fatal UTF-8 decoder holds no lone surrogate, and JSON refuses a
 * raw NUL in a string; a parsed string can only be flawed through an escape
 * (`\u0000`, `\ud800`). Bodies without one (nearly all) skip the walk.
 */
const FLAWED_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
/** A body with no more than MAX_JSON_DEPTH openers cannot nest deeper. */
const OPENERS = /[[{]/g;

function flawProblem(flaw: TextFlaw, path: string, where: FieldError["in"]): ProblemError {
  // A name safe to echo back in a problem: flawed characters become U+FFFD.
  const name = storableText(path);
  return flaw === "nul"
    ? new ProblemError(400, "invalid_characters", `Text may not contain NUL characters: ${name}.`, {
        errors: [{ path: name, in: where, message: "contains a NUL character" }],
      })
    : new ProblemError(422, "invalid_unicode", `Text must be well-formed Unicode: ${name}.`, {
        errors: [{ path: name, in: where, message: "contains a lone UTF-16 surrogate" }],
      });
}

function malformed(detail: string): ProblemError {
  return new ProblemError(400, "malformed_json", detail);
}

/**
 * Every string in a parsed JSON value, keys included, with its dotted path
 * (the path zod would report); throws past `maxDepth`. Iterative, so no
 * nesting can overflow the stack.
 */
function* jsonStrings(value: unknown, maxDepth = MAX_JSON_DEPTH): Generator<{ path: string; text: string }> {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value: v, path } = item;
    const where = () => (path.length > 0 ? path.join(".") : "(root)");
    if (typeof v === "string") {
      yield { path: where(), text: v };
    } else if (v !== null && typeof v === "object") {
      if (path.length >= maxDepth) {
        throw new ProblemError(400, "nesting_too_deep", `JSON may nest at most ${maxDepth} levels.`, {
          errors: [{ path: storableText(where()), in: "body", message: "nested too deeply" }],
        });
      }
      for (const [key, child] of Object.entries(v)) {
        const childPath = [...path, key];
        if (!Array.isArray(v)) yield { path: childPath.join("."), text: key };
        stack.push({ value: child, path: childPath });
      }
    }
  }
}

/** Checks a JSON body's bytes; returns its text (none for an empty body) for the route's validator. */
function guardJsonBody(body: ArrayBuffer): string | undefined {
  const bytes = new Uint8Array(body);
  if (bytes.length === 0) return undefined; // no body: the route's validator says whether one is required
  if (BOM.every((b, i) => bytes[i] === b)) {
    throw malformed("The body starts with a byte-order mark; send JSON without one (RFC 8259).");
  }
  let text: string;
  let value: unknown;
  try {
    text = UTF8.decode(bytes);
    value = JSON.parse(text);
  } catch {
    throw malformed("The body is not well-formed JSON in UTF-8.");
  }
  if (!FLAWED_ESCAPE.test(text) && (text.match(OPENERS)?.length ?? 0) <= MAX_JSON_DEPTH) return text;
  for (const { path, text: string } of jsonStrings(value)) {
    const flaw = textFlaw(string);
    if (flaw) throw flawProblem(flaw, path, "body");
  }
  return text;
}

/** Checks the request as the module comment says; throws the ProblemError to answer with. */
export async function guardInput(c: Context<AppEnv>): Promise<void> {
  const pathFlaw = textFlaw(c.req.path);
  if (pathFlaw) throw flawProblem(pathFlaw, c.req.path, "path");
  for (const [name, values] of Object.entries(c.req.queries())) {
    for (const text of [name, ...values]) {
      const flaw = textFlaw(text);
      if (flaw) throw flawProblem(flaw, name, "query");
    }
  }
  if (c.req.raw.body && isJsonMediaType(c.req.header("content-type"))) {
    // Read once; the checked text is left where c.req.text() and c.req.json() look first, so
    // the route's validator does not read or decode the body again. (Hono 4's json() parses
    // that text anew: a second JSON.parse of a body under 256 KiB, about a microsecond for an
    // estimate's. Hono keeps promises there, whatever its type says.)
    const text = guardJsonBody(await c.req.arrayBuffer());
    if (text !== undefined) (c.req.bodyCache as Record<string, unknown>).text = Promise.resolve(text);
  }
}
