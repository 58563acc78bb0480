/**
 * Structured logs: one JSON object per line, with a timestamp and level.
 * Logs carry ids, codes and request ids — never bound parameters, request
 * bodies or SQL text (see `errorFields`).
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** What Postgres said about a failed statement, as far as it names no data. */
export interface DatabaseFault {
  /** SQLSTATE, such as 23505 or 22P05. */
  code: string;
  constraint?: string;
  table?: string;
  column?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The errors an error wraps, itself first (drizzle wraps the driver's error in `cause`). */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e = error; e !== undefined && e !== null && out.length < 5 && !out.includes(e); ) {
    out.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

/**
 * The Postgres error inside `error`, if any: its SQLSTATE and the schema
 * names it points at. Its message and detail are left out: they may quote
 * values (`invalid input syntax for type uuid: "…"`, `Key (email)=(…)`).
 */
export function databaseFault(error: unknown): DatabaseFault | undefined {
  for (const e of chain(error)) {
    if (typeof e !== "object" || e === null) continue;
    const { code, constraint, table, column } = e as Record<string, unknown>;
    if (typeof code !== "string" || !SQLSTATE.test(code)) continue;
    return {
      code,
      ...(typeof constraint === "string" ? { constraint } : {}),
      ...(typeof table === "string" ? { table } : {}),
      ...(typeof column === "string" ? { column } : {}),
    };
  }
  return undefined;
}

/** The error's class name (drizzle's DrizzleQueryError keeps `name` as "Error"). */
function nameOf(error: Error): string {
  const ctor = error.constructor?.name;
  return error.name === "Error" && ctor && ctor !== "Error" ? ctor : error.name;
}

/**
 * Whether the message may quote data: a failed query's message is its SQL
 * and bound parameters, Postgres' messages may quote a value, JSON.parse's
 * quote the input.
 */
function messageMayHoldData(error: Error): boolean {
  return (
    databaseFault(error) !== undefined ||
    chain(error).some((e) => e instanceof SyntaxError || (typeof e === "object" && e !== null && "params" in e))
  );
}

/**
 * An error as loggable fields: `error_name`, the Postgres `error_code`,
 * `constraint`, `table` and `column` when there is one, the message when it
 * cannot hold data, and the stack's frames (never its first line, which
 * repeats the message).
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error_name: typeof error };
  const fault = databaseFault(error);
  const own = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const frames = error.stack
    ?.split("\n")
    .filter((line) => line.trimStart().startsWith("at "))
    .join("\n");
  return {
    error_name: nameOf(error),
    ...(messageMayHoldData(error) ? {} : { error: error.message }),
    ...(fault
      ? {
          error_code: fault.code,
          ...(fault.constraint ? { constraint: fault.constraint } : {}),
          ...(fault.table ? { table: fault.table } : {}),
          ...(fault.column ? { column: fault.column } : {}),
        }
      : typeof own === "string" || typeof own === "number"
        ? { error_code: own }
        : {}),
    ...(cause ? { cause_name: nameOf(cause) } : {}),
    ...(frames ? { stack: frames } : {}),
  };
}
