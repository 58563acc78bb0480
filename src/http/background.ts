/**
 * `background(c)`: a `waitUntil` for work that may finish after the
 * response (a cache refresh, closing a pool). Outside a real execution
 * context (some tests) the work simply runs on.
 */
import type { Context } from "hono";

export function background(c: Context): (work: Promise<unknown>) => void {
  return (work) => {
    try {
      c.executionCtx.waitUntil(work);
    } catch {
      // No ExecutionContext: nothing keeps the isolate alive, and nothing needs to.
    }
  };
}
