/**
 * A cursor-paginated admin list drawn into an element: the first page on
 * `load(path)`, a "Load more" button while the API has a `next_cursor`, and
 * `reload()` after an action changed a row. Used by the list pages (users,
 * bookings, payments, coupons, audit, ratings).
 */
import { api } from "./api.ts";
import { fill, h } from "./dom.ts";

interface PageOf<T> {
  data: T[];
  next_cursor: string | null;
}

export interface Paged {
  /** Shows the first page of `path` (its query without limit or cursor). */
  load(path: string): Promise<void>;
  /** Shows the current path's first page again. */
  reload(): Promise<void>;
}

export function paged<T>(out: HTMLElement, state: HTMLElement, draw: (rows: T[]) => HTMLElement, limit = 50): Paged {
  let path = "";
  let rows: T[] = [];
  let next: string | null = null;
  let generation = 0;
  const more = h("button", { type: "button", onclick: () => void fetchPage(true) }, "Load more");

  async function fetchPage(append: boolean): Promise<void> {
    const mine = ++generation;
    const join = path.includes("?") ? "&" : "?";
    const cursor = append && next ? `&cursor=${encodeURIComponent(next)}` : "";
    state.textContent = "loading…";
    try {
      const page = await api<PageOf<T>>("GET", `${path}${join}limit=${limit}${cursor}`);
      if (mine !== generation) return;
      rows = append ? rows.concat(page.data) : page.data;
      next = page.next_cursor;
      state.textContent = `${rows.length}${next ? "+" : ""} shown`;
      fill(out, draw(rows), next && more);
    } catch (error) {
      if (mine === generation) state.textContent = (error as Error).message;
    }
  }

  return {
    load(p) {
      path = p;
      return fetchPage(false);
    },
    reload: () => fetchPage(false),
  };
}

/** A query string from the non-empty values: `query({ q: "x", role: "" })` → `?q=x`. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : "";
}
