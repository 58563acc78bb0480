/**
 * A city's parking spots in memory, for search: where each spot is (a
 * kd-tree, kdbush), what it offers, and the windows its bookings hold.
 * Nearest first through the tree (geokdbush), each candidate tested
 * cheapest check first, so a page costs the spots it looks at, not the
 * spots in the radius.
 *
 * Holds come from two places: the bookings Postgres has (replaced whole
 * each time a spot is reloaded) and reservations, taken before a booking
 * is written and dropped once it is (or is refused). A search skips both,
 * so it never offers a spot a booking holds or is about to hold; at worst,
 * for the moment a refused booking takes, it hides one that is free.
 *
 * Owned by the SpotIndex actor (durable-objects/spot-index.ts).
 */
import { around, distance } from "geokdbush";
import KDBush from "kdbush";
import { openThroughout, type WeeklyHours } from "./operating-hours.ts";

export interface IndexedSpot {
  id: string;
  lat: number;
  lng: number;
  active: boolean;
  spotType: string;
  vehicleSize: string;
  hourlyRate: number;
  dailyRate: number | null;
  monthlyRate: number | null;
  currency: string;
  ratingAvg: number;
  /** Amenity column names that are true (`hasEvCharging`, …). */
  amenities: readonly string[];
  hours: WeeklyHours | null;
  timezone: string;
  /** Held windows in epoch ms, flat: `[start0, end0, start1, end1, …]`, each `[start, end)`. */
  holds: readonly number[];
}

export type SpotSort = "distance" | "price" | "rating";

export interface IndexQuery {
  lat: number;
  lng: number;
  radiusM: number;
  /** Epoch ms, `[startMs, endMs)`. */
  window: { startMs: number; endMs: number } | null;
  spotType?: string | undefined;
  vehicleSize?: string | undefined;
  maxHourlyRate?: number | undefined;
  amenities: readonly string[];
  sort: SpotSort;
  /** The last result of the previous page: its sort value and id. */
  after?: { value: number; id: string } | undefined;
  /** How many results at most (the caller asks one more than a page, to know there is a next). */
  limit: number;
}

export interface IndexHit {
  id: string;
  distanceM: number;
}

/** The sort key of a result under each order, as the cursor carries it (rating descending: its negative). */
export function sortValue(sort: SpotSort, spot: { distanceM: number; hourlyRate: number; ratingAvg: number }): number {
  return sort === "distance" ? spot.distanceM : sort === "price" ? spot.hourlyRate : -spot.ratingAvg;
}

/** Whether `[start, end)` overlaps any window of a flat list (touching is not overlapping). */
function overlapsAny(flat: readonly number[], start: number, end: number): boolean {
  for (let i = 0; i < flat.length; i += 2) {
    if (start < (flat[i + 1] as number) && (flat[i] as number) < end) return true;
  }
  return false;
}

interface Reservation {
  spotId: string;
  start: number;
  end: number;
  takenAt: number;
}

/** Opening-hours answers kept (a few MB at most), forgotten all at once beyond. */
const MAX_OPEN_ANSWERS = 100_000;

export class SpotIndex {
  readonly #spots: IndexedSpot[] = [];
  /** By slot: the number of the spot's zone and hours (spots share a few), or -1 when always open. */
  readonly #schedule: number[] = [];
  readonly #scheduleIds = new Map<string, number>();
  readonly #slotOf = new Map<string, number>();
  readonly #reservations = new Map<string, Reservation>();
  /** Reserved windows by spot id, flat like `holds`. */
  readonly #reservedBySpot = new Map<string, number[]>();
  #tree: KDBush | null = null;
  /**
   * Whether a schedule is open for a window, by window and schedule: spots
   * share a few schedules and searches repeat windows, and each answer costs
   * a walk through the zone's calendar.
   */
  readonly #openFor = new Map<string, boolean>();

  get size(): number {
    return this.#slotOf.size;
  }

  /** Adds a spot or replaces what is known of it (a spot never moves: its location is fixed at listing). */
  put(spot: IndexedSpot): void {
    let slot = this.#slotOf.get(spot.id);
    if (slot === undefined) {
      slot = this.#spots.length;
      this.#slotOf.set(spot.id, slot);
      this.#tree = null;
    }
    this.#spots[slot] = spot;
    this.#schedule[slot] = spot.hours ? this.#scheduleId(`${spot.timezone} ${JSON.stringify(spot.hours)}`) : -1;
  }

  get(id: string): IndexedSpot | undefined {
    const slot = this.#slotOf.get(id);
    return slot === undefined ? undefined : this.#spots[slot];
  }

  /** A spot's bookings changed, nothing else: its held windows, replaced. */
  setHolds(id: string, holds: readonly number[]): void {
    const slot = this.#slotOf.get(id);
    if (slot !== undefined) this.#spots[slot] = { ...(this.#spots[slot] as IndexedSpot), holds };
  }

  /** A spot that no longer exists is never offered again. */
  remove(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot !== undefined) this.#spots[slot] = { ...(this.#spots[slot] as IndexedSpot), active: false, holds: [] };
  }

  /** Holds `[start, end)` of a spot until `release(token)` (or `expire`); true unless the token is taken. */
  reserve(token: string, spotId: string, start: number, end: number, takenAt: number): boolean {
    if (this.#reservations.has(token)) return false;
    this.#reservations.set(token, { spotId, start, end, takenAt });
    const flat = this.#reservedBySpot.get(spotId) ?? [];
    flat.push(start, end);
    this.#reservedBySpot.set(spotId, flat);
    return true;
  }

  release(token: string): void {
    const r = this.#reservations.get(token);
    if (!r) return;
    this.#reservations.delete(token);
    const flat = this.#reservedBySpot.get(r.spotId) ?? [];
    for (let i = 0; i < flat.length; i += 2) {
      if (flat[i] === r.start && flat[i + 1] === r.end) {
        flat.splice(i, 2);
        break;
      }
    }
    if (flat.length === 0) this.#reservedBySpot.delete(r.spotId);
  }

  /** Drops reservations taken before `beforeMs` whose writer never came back (it crashed, say). */
  expire(beforeMs: number): void {
    for (const [token, r] of this.#reservations) if (r.takenAt < beforeMs) this.release(token);
  }

  /** Active spots within the radius that pass the filters and are free for the window, in the query's order. */
  search(q: IndexQuery): IndexHit[] {
    const tree = this.#buildTree();
    if (!tree || q.limit <= 0) return [];
    const wanted = q.amenities;
    const filtered =
      q.spotType !== undefined || q.vehicleSize !== undefined || q.maxHourlyRate !== undefined || wanted.length > 0;
    const passes = (spot: IndexedSpot): boolean => {
      if (!spot.active) return false;
      if (!filtered) return true;
      if (q.spotType !== undefined && spot.spotType !== q.spotType) return false;
      if (q.vehicleSize !== undefined && spot.vehicleSize !== q.vehicleSize) return false;
      if (q.maxHourlyRate !== undefined && spot.hourlyRate > q.maxHourlyRate) return false;
      for (const amenity of wanted) if (!spot.amenities.includes(amenity)) return false;
      return true;
    };
    // Whether a schedule is open for the window: asked once for each schedule and window.
    const windowKey = q.window ? `${q.window.startMs}-${q.window.endMs} ` : "";
    const free = (slot: number): boolean => {
      const w = q.window;
      if (!w) return true;
      const spot = this.#spots[slot] as IndexedSpot;
      if (overlapsAny(spot.holds, w.startMs, w.endMs)) return false;
      const reserved = this.#reservedBySpot.get(spot.id);
      if (reserved && overlapsAny(reserved, w.startMs, w.endMs)) return false;
      const schedule = this.#schedule[slot] ?? -1;
      if (schedule < 0) return true;
      const key = windowKey + schedule;
      let yes = this.#openFor.get(key);
      if (yes === undefined) {
        yes = openThroughout(spot.hours, spot.timezone, new Date(w.startMs), new Date(w.endMs));
        if (this.#openFor.size >= MAX_OPEN_ANSWERS) this.#openFor.clear();
        this.#openFor.set(key, yes);
      }
      return yes;
    };
    const distanceM = (spot: IndexedSpot) => distance(q.lng, q.lat, spot.lng, spot.lat) * 1000;
    const afterCursor = (value: number, id: string) =>
      !q.after || value > q.after.value || (value === q.after.value && id > q.after.id);
    const hit = (spot: IndexedSpot, d: number): IndexHit => ({ id: spot.id, distanceM: d });

    const byValueThenId = (a: { value: number; id: string }, b: { value: number; id: string }) =>
      a.value - b.value || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

    if (q.sort === "distance") {
      // Nearest first. The tree applies the cheap checks to every spot of each
      // leaf it opens; windows and hours are checked only on the nearest few,
      // in order. Enough is past every spot as near as the page's last one,
      // so ties go by id.
      const cheap = (slot: number) => {
        const spot = this.#spots[slot] as IndexedSpot;
        return passes(spot) && (!q.after || afterCursor(distanceM(spot), spot.id));
      };
      // A few more than the page: most nearby spots are free, and a shortfall asks again for twice as many.
      for (let asked = q.limit + 1 + Math.ceil(q.limit / 4); ; asked *= 2) {
        const near = around(tree, q.lng, q.lat, asked, q.radiusM / 1000, cheap).map((slot) => {
          const spot = this.#spots[slot] as IndexedSpot;
          return { slot, spot, value: distanceM(spot), id: spot.id };
        });
        const found = near.filter((r) => free(r.slot)).sort(byValueThenId);
        const last = found[q.limit - 1];
        const reached = near.reduce((max, r) => Math.max(max, r.value), 0);
        if (near.length < asked || (last && reached > last.value)) {
          return found.slice(0, q.limit).map((r) => hit(r.spot, r.value));
        }
      }
    }
    // By price or rating: every spot in the radius that passes, sorted, then the page.
    const inRadius = around(tree, q.lng, q.lat, Number.POSITIVE_INFINITY, q.radiusM / 1000, (slot) =>
      passes(this.#spots[slot] as IndexedSpot),
    );
    const ranked = inRadius
      .map((slot) => {
        const spot = this.#spots[slot] as IndexedSpot;
        const value = q.sort === "price" ? spot.hourlyRate : -spot.ratingAvg;
        return { slot, spot, id: spot.id, d: distanceM(spot), value };
      })
      .filter((r) => afterCursor(r.value, r.id))
      .sort(byValueThenId);
    const page: IndexHit[] = [];
    for (const r of ranked) {
      if (page.length >= q.limit) break;
      if (free(r.slot)) page.push(hit(r.spot, r.d));
    }
    return page;
  }

  #scheduleId(schedule: string): number {
    let id = this.#scheduleIds.get(schedule);
    if (id === undefined) {
      id = this.#scheduleIds.size;
      this.#scheduleIds.set(schedule, id);
    }
    return id;
  }

  #buildTree(): KDBush | null {
    if (this.#tree || this.#spots.length === 0) return this.#tree;
    const tree = new KDBush(this.#spots.length, 16);
    for (const spot of this.#spots) tree.add(spot.lng, spot.lat);
    tree.finish();
    this.#tree = tree;
    return tree;
  }
}
