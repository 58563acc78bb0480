/**
 * The SpotIndex actor's cards: each spot as search shows it (the public
 * Spot as JSON text), kept in the actor's SQLite storage, with the most
 * recently written or read in memory in front of it. Reading the page's
 * cards from SQLite was a fifth of a search's time; all of a big city's
 * cards in memory would not fit beside the index (100,000 cards are about
 * 70 MB of text), the hot part does.
 */
import { type JsonText, storedJsonText } from "../src/http/json-text.ts";
import type { SpotJson } from "../src/parking/spot-json.ts";

type Card = JsonText<SpotJson>;

/** Cards kept in memory (about 20 MB at 700 bytes a card). */
const IN_MEMORY = 30_000;

export class SpotCards {
  readonly #sql: SqlStorage;
  /** In insertion order, oldest first: the first goes when it is full. */
  readonly #recent = new Map<string, Card>();

  constructor(sql: SqlStorage) {
    this.#sql = sql;
    sql.exec("CREATE TABLE IF NOT EXISTS cards (id TEXT PRIMARY KEY, json TEXT NOT NULL)");
  }

  clear(): void {
    this.#sql.exec("DELETE FROM cards");
    this.#recent.clear();
  }

  put(id: string, card: Card): void {
    this.#sql.exec("INSERT OR REPLACE INTO cards (id, json) VALUES (?, ?)", id, card);
    if (this.#recent.has(id)) this.#recent.set(id, card);
  }

  delete(id: string): void {
    this.#sql.exec("DELETE FROM cards WHERE id = ?", id);
    this.#recent.delete(id);
  }

  /** The cards of these spots: from memory, and the rest from SQLite in one query. */
  many(ids: readonly string[]): Map<string, Card> {
    const found = new Map<string, Card>();
    const missing: string[] = [];
    for (const id of ids) {
      const card = this.#recent.get(id);
      if (card) found.set(id, card);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    // One row for all of them: `id<TAB>card` lines (JSON text has no raw tab or newline).
    const [row] = this.#sql
      .exec<{ lines: string | null }>(
        `SELECT group_concat(id || char(9) || json, char(10)) AS lines FROM cards WHERE id IN (${missing.map(() => "?").join(",")})`,
        ...missing,
      )
      .toArray();
    for (const line of row?.lines?.split("\n") ?? []) {
      const tab = line.indexOf("\t");
      const id = line.slice(0, tab);
      const card = storedJsonText<SpotJson>(line.slice(tab + 1));
      found.set(id, card);
      this.#remember(id, card);
    }
    return found;
  }

  #remember(id: string, card: Card): void {
    this.#recent.set(id, card);
    if (this.#recent.size > IN_MEMORY) {
      const oldest = this.#recent.keys().next().value;
      if (oldest !== undefined) this.#recent.delete(oldest);
    }
  }
}
