/**
 * The admin console's entry point (bundled by scripts/lib/console.ts into
 * public/admin/app.js): the sign-in form, then the shell — a nav built from
 * the page registry (pages/index.ts) and the page of the current `#/route`.
 */
import "leaflet/dist/leaflet.css";
import "./style.css";
import { ApiError, currentUser, onSignedOut, signIn, signOut } from "./api.ts";
import { fill, h } from "./dom.ts";
import { PAGES } from "./pages/index.ts";

const app = document.getElementById("app") as HTMLElement;
let leave: (() => void) | undefined;

function navigate(...parts: string[]): void {
  location.hash = `#/${parts.map(encodeURIComponent).join("/")}`;
}

function signInForm(): void {
  leave?.();
  leave = undefined;
  const email = h("input", { id: "email", type: "email", autocomplete: "username", required: true });
  const password = h("input", { id: "password", type: "password", autocomplete: "current-password", required: true });
  const error = h("p", { class: "error", role: "alert" });
  const button = h("button", { type: "submit", class: "primary" }, "Sign in");
  fill(
    app,
    h(
      "main",
      { class: "sign-in" },
      h("h1", {}, "Curbside admin"),
      h(
        "form",
        {
          onsubmit: async (e: Event) => {
            e.preventDefault();
            button.disabled = true;
            error.textContent = "";
            try {
              await signIn(email.value, password.value);
              shell();
            } catch (err) {
              error.textContent = err instanceof ApiError ? err.message : "Could not reach the server.";
            } finally {
              button.disabled = false;
            }
          },
        },
        h("label", { for: "email" }, "Email", email),
        h("label", { for: "password" }, "Password", password),
        button,
        error,
      ),
    ),
  );
  email.focus();
}

/** The skip link moves focus to the page, not the URL's hash (the router owns it). */
function skipTo(e: Event, main: HTMLElement): void {
  e.preventDefault();
  main.focus();
}

function shell(): void {
  const user = currentUser();
  const nav = h(
    "nav",
    { "aria-label": "Pages" },
    h(
      "ul",
      { class: "nav-list" },
      PAGES.map((p) => h("li", {}, h("a", { href: `#/${p.path}`, "data-page": p.path }, p.title))),
    ),
  );
  const main = h("main", { id: "page", tabindex: -1 });
  fill(
    app,
    h("a", { class: "skip", href: "#page", onclick: (e: Event) => skipTo(e, main) }, "Skip to content"),
    h(
      "header",
      { class: "top" },
      h("strong", { class: "brand" }, "Curbside admin"),
      nav,
      h(
        "div",
        { class: "who" },
        user?.name ?? "",
        " ",
        h("button", { type: "button", onclick: () => void signOut() }, "Sign out"),
      ),
    ),
    main,
  );
  route();
}

/** Draws the page of the current hash (`#/map/ahmedabad`); the first page when there is none. */
function route(): void {
  const main = document.getElementById("page");
  if (!main || !currentUser()) return;
  const [path, ...rest] = location.hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  const page = PAGES.find((p) => p.path === path);
  if (!page) {
    navigate((PAGES[0] as (typeof PAGES)[number]).path);
    return;
  }
  leave?.();
  for (const link of document.querySelectorAll<HTMLAnchorElement>("nav a[data-page]")) {
    if (link.dataset.page === page.path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  document.title = `${page.title} · Curbside admin`;
  main.replaceChildren();
  leave = page.render(main, { rest: rest.filter(Boolean), navigate });
}

window.addEventListener("hashchange", route);
onSignedOut(signInForm);
signInForm();
