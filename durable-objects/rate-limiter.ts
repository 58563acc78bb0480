/**
 * RateLimiter: one actor per limited key (`ip:203.0.113.9`, `phone:+91…`).
 * Holds fixed-window counters in its storage so a restart forgets nothing;
 * the rules themselves are in src/domain/rate-limit.ts.
 */
import { DurableObject } from "cloudflare:workers";
import { decide, type RateDecision, type RateRule, type WindowState } from "../src/domain/rate-limit.ts";

export class RateLimiter extends DurableObject<Env> {
  /** Counts one hit against every rule, unless one of them is exhausted. */
  async hit(rules: RateRule[], nowMs = Date.now()): Promise<RateDecision> {
    const keys = rules.map((r) => `w:${r.name}`);
    const stored = await this.ctx.storage.get<WindowState>(keys);
    const states = new Map<string, WindowState>();
    for (const rule of rules) {
      const state = stored.get(`w:${rule.name}`);
      if (state) states.set(rule.name, state);
    }
    const { decision, next } = decide(states, rules, nowMs);
    if (decision.allowed) {
      await this.ctx.storage.put(Object.fromEntries([...next].map(([name, state]) => [`w:${name}`, state])));
    }
    return decision;
  }
}
