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
 * - Every 30 s, on a search, it also asks Postgres which spots changed
 *   since it last looked, for the writes it was not told of (a writer that
 *   crashed, SQL by hand), and drops reservations nobody settled.
 *
 * Beside the index, in its own SQLite storage, it keeps each spot's card:
 * the spot as search shows it (parking/spot-json.ts), so a search answers
 * without Postgres and the actor's memory holds only what it searches by.
 * Both are rebuilt from Postgres at every start.
 */
import { DurableObject } from "cloudflare:workers";
import { createDb } from "../src/db/client.ts";
import { type IndexedRow, indexedSpots, indexedSpotsPage, spotsChangedSince } from "../src/db/queries/spot-index.ts";
import { type IndexHit, type IndexQuery, SpotIndex } from "../src/domain/spot-index.ts";
import { errorFields, log } from "../src/log.ts";
import { spotJson } from "../src/parking/spot-json.ts";

/** A search result: where it is from the point, and the spot's card (JSON text of the public Spot). */
export interface FoundSpot extends IndexHit {
  card: string;
}

const PAGE = 2_000;
const SYNC_EVERY_MS = 30_000;
/** How far back each look for changes reaches past the last one: a commit lands a little after its timestamp. */
const SYNC_OVERLAP_MS = 10_000;
/** A reservation its writer never settled is dropped after this long. */
const RESERVATION_MS = 120_000;

export class SpotIndexActor extends DurableObject<Env> {
  readonly #index = new SpotIndex();
  #loaded: Promise<void> | null = null;
  /** Postgres's clock when the last look for changes began. */
  #syncedAt = new Date(0);
  #triedAt = 0;
  #syncing = false;

  async search(city: string, q: IndexQuery): Promise<FoundSpot[]> {
    await this.#ready(city);
    this.#syncSoon(city);
    const hits = this.#index.search(q);
    if (hits.length === 0) return [];
    const cards = new Map<string, string>();
    const marks = hits.map(() => "?").join(",");
    for (const row of this.ctx.storage.sql.exec<{ id: string; json: string }>(
      `SELECT id, json FROM cards WHERE id IN (${marks})`,
      ...hits.map((h) => h.id),
    )) {
      cards.set(row.id, row.json);
    }
    return hits.flatMap((hit) => {
      const card = cards.get(hit.id);
      return card ? [{ ...hit, card }] : [];
    });
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
    this.ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS cards (id TEXT PRIMARY KEY, json TEXT NOT NULL)");
    this.ctx.storage.sql.exec("DELETE FROM cards");
    let after: string | null = null;
    for (;;) {
      const page = await indexedSpotsPage(db, city, after, PAGE);
      this.#keep(page);
      if (page.length < PAGE) break;
      after = page.at(-1)?.indexed.id ?? null;
    }
    this.#syncedAt = new Date(started);
    this.#triedAt = started;
    log("info", "spot_index.loaded", { city, spots: this.#index.size, ms: Date.now() - started });
  }

  async #reload(spotIds: readonly string[]): Promise<void> {
    const db = createDb(this.env).db;
    for (let i = 0; i < spotIds.length; i += PAGE) {
      const ids = spotIds.slice(i, i + PAGE);
      const found = await indexedSpots(db, ids);
      this.#keep(found);
      const seen = new Set(found.map((s) => s.indexed.id));
      for (const id of ids) {
        if (seen.has(id)) continue;
        this.#index.remove(id);
        this.ctx.storage.sql.exec("DELETE FROM cards WHERE id = ?", id);
      }
    }
  }

  /** Puts spots in the index and their cards in storage, together. */
  #keep(rows: readonly IndexedRow[]): void {
    this.ctx.storage.transactionSync(() => {
      for (const { indexed, row } of rows) {
        const card = JSON.stringify(spotJson(row, { accessInstructions: false }));
        this.ctx.storage.sql.exec("INSERT OR REPLACE INTO cards (id, json) VALUES (?, ?)", indexed.id, card);
        this.#index.put(indexed);
      }
    });
  }

  #syncSoon(city: string): void {
    if (this.#syncing || Date.now() - this.#triedAt < SYNC_EVERY_MS) return;
    this.#syncing = true;
    this.#triedAt = Date.now();
    const sync = async () => {
      const since = new Date(this.#syncedAt.getTime() - SYNC_OVERLAP_MS);
      const changed = await spotsChangedSince(createDb(this.env).db, city, since);
      await this.#reload(changed.ids);
      this.#syncedAt = changed.now;
      this.#index.expire(Date.now() - RESERVATION_MS);
    };
    this.ctx.waitUntil(
      sync()
        .catch((error: unknown) => log("warn", "spot_index.sync_failed", { city, ...errorFields(error) }))
        .finally(() => {
          this.#syncing = false;
        }),
    );
  }
}
