/**
 * Referrals and reward points (seed 001 §3.8–3.9). Pure: src/growth/ writes
 * what these rules decide.
 *
 * - A referral code is applied within 7 days of sign-up, never one's own,
 *   once; when the referee completes a first ride both sides get wallet
 *   credit (through the ledger) and points, once.
 * - Points are earned per completed ride or booking by the city's rule,
 *   expire 12 months after they were earned, and turn into wallet credit.
 *   Spending takes the points that expire first.
 *
 * @example
 * pointsFor({ perAmount: 10000, points: 10 }, 24500) // → 20 (10 points per whole ₹100: two of them)
 * pointsValue(400, "INR")                          // → 10000 (₹100: 25 paise a point)
 */

/** Points per amount paid: `points` for every whole `perAmount` minor units. */
export interface PointsRule {
  perAmount: number;
  points: number;
}

/** The platform's rule where a city has none: a point per 10 units of the currency (₹10, $10). */
export const DEFAULT_POINTS_RULE: PointsRule = { perAmount: 1_000, points: 1 };

/** Days after sign-up during which a referral code may be applied. */
export const REFERRAL_WINDOW_DAYS = 7;
/** Months after which earned points expire. */
export const POINTS_LIFETIME_MONTHS = 12;
/** Points each side of a completed referral gets. */
export const REFERRAL_POINTS = 100;
/** The fewest points redeemed at once. */
export const MIN_REDEEM_POINTS = 100;

/** Wallet credit each side of a completed referral gets, per currency (minor units). */
const REFERRAL_CREDIT: Record<string, number> = { INR: 5_000, USD: 500, EUR: 500, GBP: 500 };
/** What one point is worth in wallet credit, per currency (minor units). */
const POINT_VALUE: Record<string, number> = { INR: 25, USD: 1, EUR: 1, GBP: 1 };

/** Points a completed ride or booking paying `amount` earns. */
export function pointsFor(rule: PointsRule | null, amount: number): number {
  const r = rule ?? DEFAULT_POINTS_RULE;
  if (r.perAmount <= 0 || r.points <= 0 || amount <= 0) return 0;
  return Math.floor(amount / r.perAmount) * r.points;
}

/** When points earned at `earnedAt` expire. */
export function pointsExpiry(earnedAt: Date): Date {
  const at = new Date(earnedAt);
  at.setUTCMonth(at.getUTCMonth() + POINTS_LIFETIME_MONTHS);
  return at;
}

/** Wallet credit for `points`, in the currency's minor units; null for a currency with no rate. */
export function pointsValue(points: number, currency: string): number | null {
  const each = POINT_VALUE[currency];
  return each === undefined ? null : points * each;
}

/** The referral credit in a currency; 0 where none is offered. */
export function referralCredit(currency: string): number {
  return REFERRAL_CREDIT[currency] ?? 0;
}

export interface PointsLot {
  points: number;
  expiresAt: Date | null;
}

/**
 * The points a user can spend at `now`: the lots they earned, less what
 * they spent, taken from the lots that expire first (a lot's points left
 * when it expires are lost).
 */
export function spendablePoints(earned: readonly PointsLot[], spent: number, now: Date): number {
  const lots = [...earned]
    .filter((l) => l.points > 0)
    .sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity));
  let owed = Math.max(0, spent);
  let left = 0;
  for (const lot of lots) {
    const used = Math.min(owed, lot.points);
    owed -= used;
    if (lot.expiresAt === null || lot.expiresAt > now) left += lot.points - used;
  }
  return left;
}

/** Why a referral code cannot be applied, or null. */
export function referralProblem(
  referee: { id: string; createdAt: Date; referred: boolean },
  referrerId: string,
  now: Date,
): null | "own_referral_code" | "already_referred" | "referral_window_closed" {
  if (referrerId === referee.id) return "own_referral_code";
  if (referee.referred) return "already_referred";
  if (now.getTime() - referee.createdAt.getTime() > REFERRAL_WINDOW_DAYS * 86_400_000) return "referral_window_closed";
  return null;
}

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A referral code from random bytes: 8 characters with no 0/O or 1/I to misread. */
export function referralCode(random: Uint8Array): string {
  let code = "";
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[(random[i] ?? 0) % CODE_ALPHABET.length];
  return code;
}
