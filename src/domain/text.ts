/**
 * Text Postgres can store: well-formed Unicode (no lone UTF-16 surrogate,
 * which JSON can carry as `"\ud800"` but jsonb refuses) and no NUL (which
 * text and jsonb refuse). The HTTP edge refuses such text (http/input-guard.ts);
 * the queue consumer makes a dead letter storable with `storableText`.
 */

export type TextFlaw = "nul" | "surrogate";

// With the `u` flag a surrogate pair is one code point, so only lone surrogates match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const UNSTORABLE = /\0|[\uD800-\uDFFF]/gu;

/** What makes `s` unstorable, if anything. */
export function textFlaw(s: string): TextFlaw | undefined {
  if (s.includes("\0")) return "nul";
  if (LONE_SURROGATE.test(s)) return "surrogate";
  return undefined;
}

/** `s` with every NUL and lone surrogate replaced by U+FFFD. */
export function storableText(s: string): string {
  return s.replace(UNSTORABLE, "\uFFFD");
}

/**
 * A JSON copy of `value` that jsonb accepts: strings and keys made storable.
 * Values JSON cannot express become `{ unserializable: <type> }`.
 */
export function storableJson(value: unknown): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return { unserializable: typeof value };
  }
  if (text === undefined) return null;
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === "string") return storableText(v);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [storableText(k), x]));
    }
    return v;
  });
}
