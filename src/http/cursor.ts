/**
 * Opaque cursors for lists ordered by (created_at desc, id desc): the last
 * row's time and id, base64url JSON. A cursor that does not decode is a 400.
 */
import { base64UrlDecode, base64UrlEncode } from "../auth/encoding.ts";
import { ProblemError } from "./problem.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return base64UrlEncode(new TextEncoder().encode(JSON.stringify([row.createdAt.toISOString(), row.id])));
}

export function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(new TextDecoder().decode(base64UrlDecode(cursor))) as [string, string];
    const createdAt = new Date(at);
    if (typeof id !== "string" || !UUID.test(id) || Number.isNaN(createdAt.getTime())) throw new Error("bad cursor");
    return { createdAt, id };
  } catch {
    throw new ProblemError(400, "invalid_cursor", "The cursor is not one this list gave out.", {
      errors: [{ path: "cursor", in: "query", message: "not a cursor from this list" }],
    });
  }
}

/** Splits `limit + 1` rows into a page and its next cursor. */
export function page<T extends { createdAt: Date; id: string }>(rows: T[], limit: number) {
  const data = rows.slice(0, limit);
  const last = data.at(-1);
  return { data, next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
}
