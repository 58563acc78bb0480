/**
 * The console's pages: each is a path under `#/`, a title for the nav and a
 * `render` that draws into the page's region and returns how to stop
 * (sockets, timers). The nav and the router read this list only, so a page
 * (users, pricing, analytics, coupons…) is added by writing its module and
 * adding one line to PAGES in pages/index.ts.
 */

export interface PageContext {
  /** The route after the page's path: `#/rides/ID` → `["ID"]`. */
  rest: string[];
  /** Moves to another route (`navigate("rides", id)`). */
  navigate(...parts: string[]): void;
}

export interface Page {
  /** The first segment of its route: `map` for `#/map`. */
  path: string;
  /** The nav's label and the document's title. */
  title: string;
  /** Draws the page; the function it returns (if any) is called when the admin leaves it. */
  render(root: HTMLElement, ctx: PageContext): (() => void) | undefined;
}
