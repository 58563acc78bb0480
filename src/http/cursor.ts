/**
 * Opaque list cursors and the one page helper of every cursor-paginated
 * list. A cursor is base64url JSON of the last row's sort key. Every list
 * decodes its cursor through `readCursor`, which checks the decoded key
 * against the list's key schema, so a cursor the API did not give out — a
 * forged one, garbage, a time Postgres cannot hold (years outside 1–9999),
 * a NUL — is a 400 `invalid_cursor` and never reaches a query.
 *
 * @example
 * const rows = await listRides(db, who, limit, decodeCursor(cursor)); // lists ordered by (time, id)
 * const { data, next_cursor } = page(rows, limit, (r) => timeIdCursor(r.requestedAt, r.id));
 *
 * const rows = await listCities(db, limit, decodeIdCursor(cursor, CITY_ID)); // lists ordered by a text id
 * const { data, next_cursor } = page(rows, limit, (r) => idCursor(r.id));
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
function readCursor<T>(cursor: string | undefined, key: z.ZodType<T>): T | undefined {
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
function writeCursor(key: unknown): string {
  return base64UrlEncode(new TextEncoder().encode(JSON.stringify(key)));
}

/** The cursor of a list ordered by (time, id). */
export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  const key = readCursor(cursor, TimeIdKey);
  return key && { createdAt: new Date(key[0]), id: key[1] };
}

/** The cursor of a list ordered by a text id; `id` is the pattern the list's ids follow. */
export function decodeIdCursor(cursor: string | undefined, id: RegExp): string | undefined {
  return readCursor(cursor, z.tuple([z.string().regex(id)]))?.[0];
}

/** The key of lists ordered by (a number, id): a distance, a price, a rating. */
const NumberIdKey = z.tuple([z.number().finite(), z.string().regex(UUID)]);

/** The cursor of a list ordered by (number, id). */
export function decodeNumberIdCursor(cursor: string | undefined): { value: number; id: string } | undefined {
  const key = readCursor(cursor, NumberIdKey);
  return key && { value: key[0], id: key[1] };
}

/** The cursor after a row of a list ordered by (number, id): what `decodeNumberIdCursor` reads back. */
export function numberIdCursor(value: number, id: string): string {
  return writeCursor([value, id]);
}

/** The cursor after a row of a list ordered by (time, id): what `decodeCursor` reads back. */
export function timeIdCursor(at: Date, id: string): string {
  return writeCursor([at.toISOString(), id]);
}

/** The cursor after a row of a list ordered by a text id: what `decodeIdCursor` reads back. */
export function idCursor(id: string): string {
  return writeCursor([id]);
}

/** The key of lists ordered by a sequence number (notifications). */
const SeqKey = z.tuple([z.number().int().positive().max(Number.MAX_SAFE_INTEGER)]);

/** The cursor of a list ordered by a sequence number. */
export function decodeSeqCursor(cursor: string | undefined): number | undefined {
  return readCursor(cursor, SeqKey)?.[0];
}

/** The cursor after a row of a list ordered by a sequence number: what `decodeSeqCursor` reads back. */
export function seqCursor(seq: number): string {
  return writeCursor([seq]);
}

/** A page of a list as the API answers it. */
export interface Page<T> {
  data: T[];
  /** The cursor of the next page; null on the last one. */
  next_cursor: string | null;
}

/**
 * Splits the `limit + 1` rows a list query read into the page and the
 * cursor `cursorOf` makes of its last row (null when nothing follows).
 */
export function page<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, next_cursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}
