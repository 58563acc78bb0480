/**
 * Stripe's request parameters: `application/x-www-form-urlencoded` with
 * bracketed keys (`metadata[ride]=r1`, `expand[0]=latest_charge`), as the
 * SDK's stringifyRequestData writes them, in POST bodies and GET query
 * strings. Decoded with `qs`, read with the typed accessors below, which
 * refuse a malformed value with Stripe's own wording. A `null` sent by the
 * SDK arrives as an empty string and reads as `null` ("unset").
 */
import qs from "qs";
import { invalid, missing } from "./errors.ts";

export type Params = qs.ParsedQs;
type Value = Params[string];

export function decodeForm(raw: string): Params {
  return qs.parse(raw, { depth: 10, arrayLimit: 1000, parameterLimit: 10_000 });
}

/** The value at a bracketed name: `transfer_data[destination]`. */
function at(params: Params, name: string): Value {
  let value: Value = params;
  for (const key of name.match(/[^[\]]+/g) ?? []) {
    if (value === undefined || typeof value !== "object" || Array.isArray(value)) return undefined;
    value = (value as Params)[key];
  }
  return value;
}

/** A string; undefined when absent, null when sent empty. */
export function text(params: Params, name: string): string | null | undefined {
  const value = at(params, name);
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalid(`Invalid string: ${JSON.stringify(value)}`, name);
  return value === "" ? null : value;
}

export function requiredText(params: Params, name: string): string {
  const value = text(params, name);
  if (value === undefined || value === null) throw missing(name);
  return value;
}

export function int(params: Params, name: string): number | undefined {
  const value = text(params, name);
  if (value === undefined || value === null) return undefined;
  if (!/^-?\d+$/.test(value)) throw invalid(`Invalid integer: ${value}`, name);
  return Number(value);
}

export function requiredInt(params: Params, name: string): number {
  const value = int(params, name);
  if (value === undefined) throw missing(name);
  return value;
}

export function bool(params: Params, name: string): boolean | undefined {
  const value = text(params, name);
  if (value === undefined || value === null) return undefined;
  if (value !== "true" && value !== "false") throw invalid(`Invalid boolean: ${value}`, name);
  return value === "true";
}

/** One of a closed set of strings. */
export function oneOf<T extends string>(params: Params, name: string, values: readonly T[]): T | undefined {
  const value = text(params, name);
  if (value === undefined || value === null) return undefined;
  if (!values.includes(value as T)) {
    throw invalid(`Invalid ${name}: must be one of ${values.join(", ")}`, name);
  }
  return value as T;
}

/**
 * Metadata after an update, as Stripe applies it: keys merge, an empty value
 * unsets its key, an empty `metadata` unsets them all.
 */
export function metadata(params: Params, current: Record<string, string> = {}): Record<string, string> {
  const value = params.metadata;
  if (value === undefined) return current;
  if (value === "") return {};
  if (typeof value !== "object" || Array.isArray(value)) throw invalid("Invalid metadata: must be a hash", "metadata");
  const next = { ...current };
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") throw invalid(`Invalid metadata[${key}]: must be a string`, `metadata[${key}]`);
    if (v === "") delete next[key];
    else next[key] = v;
  }
  return next;
}

/** Refuses a top-level parameter the endpoint does not take, as Stripe does. */
export function allowOnly(params: Params, names: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (key !== "expand" && !names.includes(key)) {
      throw invalid(`Received unknown parameter: ${key}`, key, "parameter_unknown");
    }
  }
}
