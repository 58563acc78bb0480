/**
 * The console's tiny DOM helpers: `h` builds an element from a tag, its
 * attributes and children (text is always set as text, never as HTML), and
 * the formatting every page shares (money, times, statuses).
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | null | undefined>;

/**
 * An element with attributes (`on…` keys add listeners) and children.
 *
 * @example
 * h("button", { type: "button", onclick: () => follow(id) }, "Follow")
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "object" ? child : String(child));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "object" ? child : String(child));
  }
}

export interface Money {
  amount: number;
  currency: string;
}

/** Integer minor units shown in the currency's own format (two decimals for INR, USD, EUR…). */
export function money(m: Money | null | undefined): string {
  if (!m) return "—";
  const format = new Intl.NumberFormat(undefined, { style: "currency", currency: m.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(m.amount / 10 ** digits);
}

/** A UTC instant in the admin's local time, short. */
export function when(iso: string | null | undefined): string {
  if (!iso) return "—";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" });
}

/** `driver_assigned` → `driver assigned`. */
export function words(code: string): string {
  return code.replaceAll("_", " ");
}

/** A status badge (coloured by CSS per status). */
export function badge(status: string): HTMLElement {
  return h("span", { class: `badge status-${status}` }, words(status));
}

/** The first 8 characters of a uuid, for a narrow column (the whole id is its title). */
export function shortId(id: string | null | undefined): HTMLElement | string {
  if (!id) return "—";
  return h("span", { title: id, class: "mono" }, id.slice(0, 8));
}

/**
 * A table in a box that scrolls sideways on a narrow screen (the page itself
 * never gets wider than the phone). Rows are arrays of cells.
 *
 * @example
 * table("Coupons", ["Code", "Uses"], coupons.map((c) => [c.code, c.usage_count]))
 */
export function table(
  caption: string,
  headers: string[],
  rows: (Child | Child[])[][],
  rowAttrs?: Attrs[],
): HTMLElement {
  return h(
    "div",
    { class: "table-wrap", tabindex: 0, role: "region", "aria-label": caption },
    h(
      "table",
      {},
      h("caption", { class: "muted" }, caption),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          headers.map((t) => h("th", { scope: "col" }, t)),
        ),
      ),
      h(
        "tbody",
        {},
        rows.length === 0
          ? h("tr", {}, h("td", { colspan: headers.length }, "Nothing here."))
          : rows.map((cells, i) =>
              h(
                "tr",
                rowAttrs?.[i] ?? {},
                cells.map((c) => h("td", {}, c)),
              ),
            ),
      ),
    ),
  );
}

/** A labelled control: `<label for=id>text control</label>`. */
export function field(text: string, control: HTMLElement & { id: string }): HTMLElement {
  return h("label", { for: control.id }, text, control);
}

/** A `<select>` of options, the first chosen unless `value` says otherwise; `""` is "any". */
export function select(id: string, options: readonly string[], any = "any"): HTMLSelectElement {
  return h(
    "select",
    { id },
    any ? h("option", { value: "" }, any) : null,
    options.map((o) => h("option", { value: o }, words(o))),
  );
}
