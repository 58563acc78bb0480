/**
 * `enforceRateLimit(c, key, rules)`: asks the key's RateLimiter actor and
 * answers 429 `rate_limited` with Retry-After when a rule is exhausted.
 */
import type { Context } from "hono";
import type { RateRule } from "../domain/rate-limit.ts";
import type { AppEnv } from "../env.ts";
import { ProblemError } from "./problem.ts";

/** The caller's IP as Cloudflare reports it (one shared bucket when absent, which only happens off Cloudflare). */
export function clientIp(c: Context<AppEnv>): string {
  return c.req.header("cf-connecting-ip") ?? "unknown";
}

export async function enforceRateLimit(c: Context<AppEnv>, key: string, rules: RateRule[]): Promise<void> {
  const decision = await c.env.RATE_LIMITER.getByName(key).hit(rules);
  if (!decision.allowed) {
    throw new ProblemError(429, "rate_limited", `Too many requests; try again in ${decision.retryAfterS} s.`, {
      headers: { "Retry-After": String(decision.retryAfterS) },
    });
  }
}
