/**
 * A parking spot's weekly opening hours, in its own time zone: validation for
 * the spot routes, "is it open for this whole booking?" for the booking
 * routes, and the open stretches for GET /spots/{id}/availability.
 *
 * Hours are wall-clock ranges per weekday, `"HH:MM-HH:MM"`, `"00:00-24:00"`
 * for the whole day. A range never crosses midnight: a spot open 22:00–06:00
 * lists `"22:00-24:00"` on one day and `"00:00-06:00"` on the next, and the two
 * join into one stretch. A weekday left out (or given `[]`) is closed; no
 * hours at all (null) is open always. Wall-clock times are turned into
 * instants with `Intl.DateTimeFormat`, so DST is the zone's own: a time the
 * clocks skip is read as the same length after the jump (02:30 on a
 * spring-forward night is 03:30), and a time they repeat as its first
 * occurrence, the rule Temporal calls "compatible".
 *
 * @example
 * const hours = { mon: ["09:00-18:00"], tue: ["09:00-18:00"] };
 * hoursProblems(hours) // → []
 * // Monday 09:00–18:00 in Kolkata is 03:30–12:30 UTC.
 * openThroughout(hours, "Asia/Kolkata", new Date("2026-11-30T03:30:00Z"), new Date("2026-11-30T12:30:00Z")) // → true
 */

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export type Weekday = (typeof WEEKDAYS)[number];

/** As stored on the spot: weekday → `"HH:MM-HH:MM"` ranges in local time. */
export type WeeklyHours = Partial<Record<Weekday, string[]>>;

/** An instant range [start, end), in UTC. */
export interface Interval {
  start: Date;
  end: Date;
}

const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const DAY_MS = 86_400_000;
/** `Date#getUTCDay()` order: Sunday first. */
const BY_UTC_DAY: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** A range as minutes after local midnight, or why it is not one. */
function parseRange(text: string): { from: number; to: number } | string {
  const m = RANGE.exec(text);
  if (!m) return `"${text}" is not "HH:MM-HH:MM"`;
  const [fh, fm, th, tm] = m.slice(1).map(Number) as [number, number, number, number];
  if (fh > 23 || fm > 59) return `"${text}" opens at a time that is not on the clock`;
  if (th > 24 || tm > 59 || (th === 24 && tm !== 0)) return `"${text}" closes at a time that is not on the clock`;
  const from = fh * 60 + fm;
  const to = th * 60 + tm;
  if (to <= from) return `"${text}" must close after it opens (use 24:00 for midnight; split a night across two days)`;
  return { from, to };
}

/**
 * What is wrong with hours from a request, as messages for a 400; empty when
 * they are fine. null and undefined are fine (open always).
 *
 * @example
 * hoursProblems({ mon: ["18:00-09:00"], funday: [] })
 * // → ['funday is not a weekday (mon…sun)', 'mon[0]: "18:00-09:00" must close after it opens (…)']
 */
export function hoursProblems(hours: unknown): string[] {
  if (hours === null || hours === undefined) return [];
  if (typeof hours !== "object" || Array.isArray(hours)) return ["hours must be an object of weekday → ranges"];
  const problems: string[] = [];
  for (const [day, ranges] of Object.entries(hours)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push(`${day} is not a weekday (mon…sun)`);
      continue;
    }
    if (!Array.isArray(ranges)) {
      problems.push(`${day} must be a list of "HH:MM-HH:MM" ranges`);
      continue;
    }
    const parsed: { from: number; to: number; text: string }[] = [];
    ranges.forEach((range: unknown, i) => {
      if (typeof range !== "string") {
        problems.push(`${day}[${i}] must be a string "HH:MM-HH:MM"`);
        return;
      }
      const r = parseRange(range);
      if (typeof r === "string") problems.push(`${day}[${i}]: ${r}`);
      else parsed.push({ ...r, text: range });
    });
    parsed.sort((a, b) => a.from - b.from);
    for (let i = 1; i < parsed.length; i++) {
      const [prev, next] = [parsed[i - 1], parsed[i]] as [(typeof parsed)[number], (typeof parsed)[number]];
      // Touching ranges ("09:00-12:00", "12:00-18:00") are fine: they join.
      if (next.from < prev.to) problems.push(`${day}: "${prev.text}" and "${next.text}" overlap`);
    }
  }
  return problems;
}

/** One formatter per zone: building them is the slow part of Intl. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws a RangeError for a zone the runtime does not know.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at instant `t` (to the second), written as if it were a UTC instant (ms). */
function wallClock(t: number, timeZone: string): number {
  const whole = Math.floor(t / 1000) * 1000;
  return whole + offsetAt(whole, timeZone);
}

/** What Intl says the wall clock reads at `t` (whole seconds). */
function askIntl(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * Offsets by zone and quarter hour. Every zone changes its offset on a
 * quarter hour, so one answer serves the whole quarter; asking Intl is the
 * slow part of every hours check (search makes thousands).
 */
const QUARTER_MS = 15 * 60_000;
const offsets = new Map<string, number>();
const MAX_OFFSETS = 200_000;

/** The zone's offset from UTC at instant `t`, in ms (whole seconds). */
function offsetAt(t: number, timeZone: string): number {
  const quarter = Math.floor(t / QUARTER_MS) * QUARTER_MS;
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = askIntl(quarter, timeZone) - quarter;
    if (offsets.size >= MAX_OFFSETS) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/**
 * The instant a wall-clock time (written as a UTC ms value) happens in the
 * zone. Tries the offsets in force a day before and a day after: one fits
 * normally, two fit in a repeated hour (the earlier wins), none fits in a
 * skipped hour (the offset from before the jump moves it forward by the
 * jump's length).
 */
function instantOf(wall: number, timeZone: string): number {
  const before = wall - offsetAt(wall - DAY_MS, timeZone);
  const after = wall - offsetAt(wall + DAY_MS, timeZone);
  const fits = [before, after].filter((t) => wallClock(t, timeZone) === wall);
  return fits.length > 0 ? Math.min(...fits) : before;
}

function parseOrThrow(day: Weekday, text: string): { from: number; to: number } {
  const r = parseRange(text);
  if (typeof r === "string") throw new RangeError(`opening hours ${day}: ${r}`);
  return r;
}

/**
 * The open stretches of a week of hours that meet [from, to), in UTC, joined
 * where one range ends as the next begins (across midnight too) and clipped
 * to [from, to). Null hours are open always: one stretch, [from, to). Throws
 * a RangeError for an unknown time zone or a malformed range (stored hours
 * passed `hoursProblems`).
 *
 * @example
 * // Overnight in New York, Saturday 22:00 to Sunday 06:00 (EST → EDT on 14 March 2027):
 * openIntervals({ sat: ["22:00-24:00"], sun: ["00:00-06:00"] }, "America/New_York",
 *   new Date("2027-03-13T00:00:00Z"), new Date("2027-03-15T00:00:00Z"))
 * // → [{ start: 2027-03-14T03:00Z, end: 2027-03-14T10:00Z }] (7 hours on the clock's 8)
 */
export function openIntervals(
  hours: WeeklyHours | null | undefined,
  timeZone: string,
  from: Date,
  to: Date,
): Interval[] {
  const lo = from.getTime();
  const hi = to.getTime();
  if (!(hi > lo)) return [];
  if (hours === null || hours === undefined) return [{ start: new Date(lo), end: new Date(hi) }];
  // Local calendar days from the one before `from` to the one `to` falls on:
  // every range that can reach into [from, to) starts on one of them.
  const firstDay = Math.floor(wallClock(lo, timeZone) / DAY_MS) * DAY_MS - DAY_MS;
  const lastDay = Math.floor(wallClock(hi, timeZone) / DAY_MS) * DAY_MS;
  const stretches: [number, number][] = [];
  for (let midnight = firstDay; midnight <= lastDay; midnight += DAY_MS) {
    const day = BY_UTC_DAY[new Date(midnight).getUTCDay()] as Weekday;
    const ranges = (hours[day] ?? []).map((text) => parseOrThrow(day, text)).sort((a, b) => a.from - b.from);
    for (const r of ranges) {
      // 24:00 is the next day's midnight, converted the same way, so it meets that day's 00:00.
      const start = instantOf(midnight + r.from * 60_000, timeZone);
      const end = instantOf(midnight + r.to * 60_000, timeZone);
      if (end <= start) continue; // wholly inside a skipped hour
      const last = stretches[stretches.length - 1];
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else stretches.push([start, end]);
    }
  }
  return stretches
    .filter(([start, end]) => end > lo && start < hi)
    .map(([start, end]) => ({ start: new Date(Math.max(start, lo)), end: new Date(Math.min(end, hi)) }));
}

/**
 * True when the spot is open for the whole of [startsAt, endsAt), in its time
 * zone: a booking may end exactly at closing time, not a minute after. An
 * empty or backwards window is never open throughout (it is not a booking).
 */
export function openThroughout(
  hours: WeeklyHours | null | undefined,
  timeZone: string,
  startsAt: Date,
  endsAt: Date,
): boolean {
  if (!(endsAt.getTime() > startsAt.getTime())) return false;
  const open = openIntervals(hours, timeZone, startsAt, endsAt);
  const [only] = open;
  return (
    open.length === 1 &&
    only !== undefined &&
    only.start.getTime() === startsAt.getTime() &&
    only.end.getTime() === endsAt.getTime()
  );
}
