/**
 * Opaque list cursors: base64url JSON of the last row's sort key. Every list
 * decodes its cursor through `readCursor`, which checks the decoded key
 * against the list's key schema, so a cursor the API did not give out — a
 * forged one, garbage, a time Postgres cannot hold (years outside 1–9999),
 * a NUL — is a 400 `invalid_cursor` and never reaches a query.
 *
 * @example
 * const after = decodeCursor(c.req.valid("query").cursor); // rides, addresses, drivers
 * const afterId = decodeIdCursor(cursor, CITY_ID);          // lists ordered by a text id
 */
import { z } from "zod";
import { base64UrlDecode, base64UrlEncode } from "../auth/encoding.ts";
import type { Cursor } from "../db/queries/cursor.ts";
import { ProblemError } from "./problem.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A time exactly as `Date.toISOString()` writes it for years 1–9999 (what Postgres can hold). */
const CursorTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .refine((s) => {
    const at = new Date(s);
    return !Number.isNaN(at.getTime()) && at.getUTCFullYear() >= 1 && at.toISOString() === s;
  });

/** The key of lists ordered by (created_at, id). */
const TimeIdKey = z.tuple([CursorTime, z.string().regex(UUID)]);

function invalidCursor(): ProblemError {
  return new ProblemError(400, "invalid_cursor", "The cursor is not one this list gave out.", {
    errors: [{ path: "cursor", in: "query", message: "not a cursor from this list" }],
  });
}

/** The one cursor decoder: base64url → UTF-8 → JSON → the list's key schema, or 400 `invalid_cursor`. */
export function readCursor<T>(cursor: string | undefined, key: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(base64UrlDecode(cursor)));
  } catch {
    throw invalidCursor();
  }
  const parsed = key.safeParse(decoded);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

/** Encodes a list's sort key as an opaque cursor. */
export function writeCursor(key: unknown): string {
  return base64UrlEncode(new TextEncoder().encode(JSON.stringify(key)));
}

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return writeCursor([row.createdAt.toISOString(), row.id]);
}

/** The cursor of a list ordered by (created_at, id). */
export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  const key = readCursor(cursor, TimeIdKey);
  return key && { createdAt: new Date(key[0]), id: key[1] };
}

/** The cursor of a list ordered by a text id; `id` is the pattern the list's ids follow. */
export function decodeIdCursor(cursor: string | undefined, id: RegExp): string | undefined {
  return readCursor(cursor, z.tuple([z.string().regex(id)]))?.[0];
}

export function encodeIdCursor(id: string): string {
  return writeCursor([id]);
}

/** Splits `limit + 1` rows into a page and its next cursor. */
export function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  return pageBy(rows, limit, encodeCursor);
}

/** Splits `limit + 1` rows into a page and the cursor `encode` makes of its last row. */
export function pageBy<T>(rows: T[], limit: number, encode: (last: T) => string) {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, next_cursor: rows.length > limit && last !== undefined ? encode(last) : null };
}
