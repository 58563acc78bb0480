/** Structured logs: one JSON object per line, with a timestamp and level. */

export type LogLevel = "debug" | "info" | "warn" | "error";

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/** An error as loggable fields (message, name, code, stack). */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // drizzle wraps the driver's error: the cause says what Postgres said.
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return {
      error: error.message,
      error_name: error.name,
      ...(code !== undefined ? { error_code: code } : {}),
      ...(cause !== undefined ? { cause } : {}),
      stack: error.stack,
    };
  }
  return { error: String(error) };
}
