/**
 * SpotIndex: one actor per city, its parking spots in memory for search
 * (src/domain/spot-index.ts), as a CellActor holds its drivers for the
 * nearby map. Postgres stays the record and its exclusion constraint the
 * judge of bookings; the actor is a view of them that search can afford.
 *
 * - Start-up loads the city's spots and the windows their bookings hold
 *   from now on, a page at a time, before any call is served.
 * - Writers tell it: a booking reserves its window before it is written
 *   and settles after (so search never offers a window about to be taken),
 *   and any other change to a spot or a booking asks for the spot again.
 * - Every 30 s, on its alarm, it also asks Postgres which spots changed
 *   since it last looked, for the writes it was not told of (a writer that
 *   crashed, SQL by hand), and drops reservations nobody settled. The alarm
 *   rings every 5 s, which also keeps the actor resident.
 *
 * Beside the index it keeps each spot's card, the spot as search shows it
 * (parking/spot-json.ts), in its SQLite storage with the hot ones in memory
 * (spot-cards.ts), so a search answers without Postgres.
 * Both are rebuilt from Postgres at every start.
 */
import { DurableObject } from "cloudflare:workers";
import { createDb } from "../src/db/client.ts";
import {
  databaseNow,
  type IndexedRow,
  indexedSpots,
  indexedSpotsPage,
  spotHolds,
  spotsChangedSince,
} from "../src/db/queries/spot-index.ts";
import type { SpotRates } from "../src/domain/parking-quote.ts";
import { type IndexHit, type IndexQuery, SpotIndex } from "../src/domain/spot-index.ts";
import { type JsonText, jsonText } from "../src/http/json-text.ts";
import { errorFields, log } from "../src/log.ts";
import { type SpotJson, spotJson } from "../src/parking/spot-json.ts";
import { SpotCards } from "./spot-cards.ts";

/**
 * A search result: where it is from the point, the spot's card (JSON text
 * of the public Spot), and what its quote and the cursor need.
 */
export interface FoundSpot extends IndexHit {
  card: JsonText<SpotJson>;
  rates: SpotRates;
  ratingAvg: number;
}

const PAGE = 2_000;
/** Spots read again per round trip after a change: small, so searches wait little between them. */
const RELOAD_PAGE = 250;
const SYNC_EVERY_MS = 30_000;
/**
 * The alarm's period. An idle actor is evicted: under workerd, the bench saw
 * the index load again after 15 s without a search.
 */
const KEEP_WARM_MS = 5_000;
/**
 * How far back each look for changes reaches before the last one began: a
 * row's `updated_at` is its transaction's start, so a commit lands a little
 * after it. Writers also tell the actor directly; this is the safety net.
 */
const SYNC_OVERLAP_MS = 5_000;
/** A reservation its writer never settled is dropped after this long. */
const RESERVATION_MS = 120_000;

export class SpotIndexActor extends DurableObject<Env> {
  readonly #index = new SpotIndex();
  readonly #cards = new SpotCards(this.ctx.storage.sql);
  /** Each spot's `updated_at` (epoch ms) as its card was written. */
  readonly #versions = new Map<string, number>();
  #loaded: Promise<void> | null = null;
  /** Postgres's clock when the last look for changes began. */
  #syncedAt = new Date(0);
  #triedAt = 0;

  /**
   * A page of results: `q.limit` is one more than the page, and that last
   * one only says whether there is a next page (`more`), so it goes without
   * its card.
   */
  async search(city: string, q: IndexQuery): Promise<{ spots: FoundSpot[]; more: boolean }> {
    await this.#ready(city);
    const hits = this.#index.search(q);
    const shown = hits.slice(0, Math.max(0, q.limit - 1));
    if (shown.length === 0) return { spots: [], more: false };
    const cards = this.#cards.many(shown.map((h) => h.id));
    const spots = shown.flatMap((hit) => {
      const card = cards.get(hit.id);
      const spot = this.#index.get(hit.id);
      if (!card || !spot) return [];
      const { currency, hourlyRate, dailyRate, monthlyRate, ratingAvg } = spot;
      return [{ ...hit, card, rates: { currency, hourlyRate, dailyRate, monthlyRate }, ratingAvg }];
    });
    return { spots, more: hits.length > shown.length };
  }

  /** Holds a window of a spot while its booking is written; `settle` with the token afterwards. */
  async reserve(city: string, spotId: string, startMs: number, endMs: number): Promise<string> {
    await this.#ready(city);
    const token = crypto.randomUUID();
    this.#index.reserve(token, spotId, startMs, endMs, Date.now());
    return token;
  }

  /** The booking is written (or refused): the spot as Postgres now has it, then the reservation goes. */
  async settle(city: string, token: string, spotIds: string[]): Promise<void> {
    await this.#ready(city);
    try {
      await this.#reload(spotIds);
    } finally {
      this.#index.release(token);
    }
  }

  /** These spots, or their bookings, changed: read them again. */
  async refresh(city: string, spotIds: string[]): Promise<void> {
    await this.#ready(city);
    await this.#reload(spotIds);
  }

  #ready(city: string): Promise<void> {
    this.#loaded ??= this.ctx
      .blockConcurrencyWhile(() => this.#load(city))
      .catch((error: unknown) => {
        this.#loaded = null;
        throw error;
      });
    return this.#loaded;
  }

  async #load(city: string): Promise<void> {
    const started = Date.now();
    const db = createDb(this.env).db;
    // Changes from here on are the next look's; by Postgres's clock, so no two clocks are compared.
    const since = await databaseNow(db);
    this.#cards.clear();
    let after: string | null = null;
    for (;;) {
      const page = await indexedSpotsPage(db, city, after, PAGE);
      this.#keep(page);
      if (page.length < PAGE) break;
      after = page.at(-1)?.indexed.id ?? null;
    }
    this.#syncedAt = since;
    this.#triedAt = Date.now();
    this.ctx.storage.kv.put("city", city);
    await this.ctx.storage.setAlarm(Date.now() + KEEP_WARM_MS);
    log("info", "spot_index.loaded", { city, spots: this.#index.size, ms: Date.now() - started });
  }

  /**
   * Reads these spots again, a few hundred at a time (searches go on in
   * between): their held windows always, their whole rows and cards only
   * when the row itself changed, since bookings change far more often.
   */
  async #reload(spotIds: readonly string[]): Promise<void> {
    const db = createDb(this.env).db;
    for (let i = 0; i < spotIds.length; i += RELOAD_PAGE) {
      const ids = spotIds.slice(i, i + RELOAD_PAGE);
      const now = await spotHolds(db, ids);
      const stale: string[] = [];
      for (const spot of now) {
        if (this.#versions.get(spot.id) === spot.version) this.#index.setHolds(spot.id, spot.holds);
        else stale.push(spot.id);
      }
      this.#keep(await indexedSpots(db, stale));
      const seen = new Set(now.map((s) => s.id));
      for (const id of ids) {
        if (seen.has(id)) continue;
        this.#index.remove(id);
        this.#versions.delete(id);
        this.#cards.delete(id);
      }
    }
  }

  /** Puts spots in the index and their cards in storage, together. */
  #keep(rows: readonly IndexedRow[]): void {
    this.ctx.storage.transactionSync(() => {
      for (const { indexed, row } of rows) {
        this.#cards.put(indexed.id, jsonText(spotJson(row, { accessInstructions: false })));
        this.#index.put(indexed);
        this.#versions.set(indexed.id, row.updatedAt.getTime());
      }
    });
  }

  /**
   * Every few seconds: looks for changes when one is due, and keeps the
   * actor resident, since the runtime evicts an idle one and loading a big
   * city again stalls its searches for seconds.
   */
  override async alarm(): Promise<void> {
    const city = this.ctx.storage.kv.get<string>("city");
    if (!city) return;
    try {
      await this.#ready(city);
      if (Date.now() - this.#triedAt >= SYNC_EVERY_MS) await this.#sync(city);
    } catch (error) {
      log("warn", "spot_index.sync_failed", { city, ...errorFields(error) });
    } finally {
      await this.ctx.storage.setAlarm(Date.now() + KEEP_WARM_MS);
    }
  }

  async #sync(city: string): Promise<void> {
    this.#triedAt = Date.now();
    const since = new Date(this.#syncedAt.getTime() - SYNC_OVERLAP_MS);
    const changed = await spotsChangedSince(createDb(this.env).db, city, since);
    await this.#reload(changed.ids);
    this.#syncedAt = changed.now;
    this.#index.expire(Date.now() - RESERVATION_MS);
  }
}
