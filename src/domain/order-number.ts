/**
 * Order numbers people read, say on the phone and type into a search box:
 * `CB-AMD-000123` — Curbside, the city's short code, and the city's running
 * count, zero-padded to six digits (wider once a city passes 999,999).
 * Postgres hands out the count (`order_counters`, db/queries/rides.ts);
 * these rules write it and read back what someone typed. Used by the ride
 * request (dispatch/request-ride.ts) and the admins' ride search.
 */

/** A city's short code: 2–5 capitals or digits, led by a capital (`AMD`, `NYC`). */
export const CITY_CODE = /^[A-Z][A-Z0-9]{1,4}$/;

const PATTERN = /^CB-([A-Z][A-Z0-9]{1,4})-(\d{6,})$/;

/**
 * The order number of a city's `seq`-th ride.
 *
 * @example
 * orderNumber("AMD", 123) // "CB-AMD-000123"
 */
export function orderNumber(cityCode: string, seq: number): string {
  if (!CITY_CODE.test(cityCode)) throw new RangeError(`not a city code: ${cityCode}`);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new RangeError(`not an order sequence: ${seq}`);
  return `CB-${cityCode}-${String(seq).padStart(6, "0")}`;
}

/**
 * What someone typed, as the order number it names: case and surrounding
 * spaces do not matter (`cb-amd-000123 ` is `CB-AMD-000123`). Null when it
 * cannot be one.
 */
export function normalizeOrderNumber(typed: string): string | null {
  const upper = typed.trim().toUpperCase();
  const match = PATTERN.exec(upper);
  if (!match) return null;
  const seq = Number(match[2]);
  // 0000123 is not 000123: the number is written one way only.
  return Number.isSafeInteger(seq) && seq >= 1 && orderNumber(match[1] as string, seq) === upper ? upper : null;
}
