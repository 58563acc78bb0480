/**
 * Fixed-window rate limiting, as plain functions over plain state: the
 * RateLimiter actor keeps the state, routes name the rules.
 */

export interface RateRule {
  /** Stable name, part of the state key: `otp-phone`, `login-ip`. */
  name: string;
  limit: number;
  windowS: number;
}

export interface WindowState {
  windowStart: number;
  count: number;
}

export type RateDecision = { allowed: true } | { allowed: false; rule: string; retryAfterS: number };

/**
 * Decides a hit against every rule; only an allowed hit is counted, so a
 * client that keeps hammering does not push its own window further out.
 */
export function decide(
  states: ReadonlyMap<string, WindowState>,
  rules: readonly RateRule[],
  nowMs: number,
): { decision: RateDecision; next: Map<string, WindowState> } {
  const next = new Map<string, WindowState>();
  for (const rule of rules) {
    const windowMs = rule.windowS * 1000;
    const current = states.get(rule.name);
    const state = current && nowMs - current.windowStart < windowMs ? current : { windowStart: nowMs, count: 0 };
    if (state.count >= rule.limit) {
      const retryAfterS = Math.max(1, Math.ceil((state.windowStart + windowMs - nowMs) / 1000));
      return { decision: { allowed: false, rule: rule.name, retryAfterS }, next: new Map() };
    }
    next.set(rule.name, { windowStart: state.windowStart, count: state.count + 1 });
  }
  return { decision: { allowed: true }, next };
}

/**
 * The limits Curbside applies; one place to read and tune them.
 *
 * Two kinds. Per address (`*-ip`) limits are wide: mobile carriers put
 * thousands of phones behind one address (carrier-grade NAT), and a strict
 * one would lock a whole neighbourhood out of signing in. They only stop a
 * flood from one machine. Per account, email and phone limits are strict:
 * they are what stops guessing a password or a code and pumping SMS to one
 * number, whichever addresses the attempts come from.
 */
export const RATE_RULES = {
  /** Register, login and refresh from one address: a busy carrier gateway's worth. */
  authIp: { name: "auth-ip", limit: 600, windowS: 60 },
  loginEmail: { name: "login-email", limit: 10, windowS: 15 * 60 },
  otpSendPhone: { name: "otp-send-phone", limit: 3, windowS: 10 * 60 },
  otpSendIp: { name: "otp-send-ip", limit: 200, windowS: 60 },
  otpVerifyIp: { name: "otp-verify-ip", limit: 600, windowS: 60 },
  rideRequestUser: { name: "ride-request-user", limit: 10, windowS: 60 },
} satisfies Record<string, RateRule>;
