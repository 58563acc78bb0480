/**
 * JSON that is already text, typed by what it encodes. Search answers with
 * cards stored as JSON text (durable-objects/spot-index.ts); parsing them
 * only to write them out again was a tenth of a search's time. A JsonText<T>
 * is made only by `jsonText` (JSON.stringify of a T) or by combining others
 * here, so the route's typed response still describes what is sent.
 *
 * @example
 * const card = jsonText(spotJson(row)); // JsonText<SpotJson>
 * const result = withFields(card, { distance_m: 12.5 }); // JsonText<SpotJson & { distance_m: number }>
 * return jsonTextResponse(c, pageText([result], null), 200);
 */
import type { Context } from "hono";
import type { TypedResponse } from "hono/types";
import type { ContentfulStatusCode } from "hono/utils/http-status";

declare const encodes: unique symbol;
export type JsonText<T> = string & { readonly [encodes]: T };

export function jsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/**
 * Text read back from where a JsonText<T> was stored (the caller vouches for
 * the store: only `jsonText` wrote to it).
 */
export function storedJsonText<T>(text: string): JsonText<T> {
  return text as JsonText<T>;
}

/** `{ ...object, ...fields }` as text, for an object that has none of `fields`' keys. */
export function withFields<T extends object, F extends object>(object: JsonText<T>, fields: F): JsonText<T & F> {
  const more = JSON.stringify(fields);
  if (more === "{}") return object as JsonText<T & F>;
  return (object === "{}" ? more : `${object.slice(0, -1)},${more.slice(1)}`) as JsonText<T & F>;
}

/** A cursor page, `{ data, next_cursor }`, of items already text. */
export function pageText<T>(
  items: JsonText<T>[],
  nextCursor: string | null,
): JsonText<{ data: T[]; next_cursor: string | null }> {
  return `{"data":[${items.join(",")}],"next_cursor":${JSON.stringify(nextCursor)}}` as JsonText<{
    data: T[];
    next_cursor: string | null;
  }>;
}

/** Sends JSON text as `c.json` would send its value, typed the same way. */
export function jsonTextResponse<T, S extends ContentfulStatusCode>(
  c: Context,
  text: JsonText<T>,
  status: S,
): Response & TypedResponse<T, S, "json"> {
  return c.body(text, status, { "content-type": "application/json" }) as unknown as Response &
    TypedResponse<T, S, "json">;
}
