/**
 * Verifications (`#/verifications`, `#/verifications/{driver id}`): the
 * drivers waiting for review, oldest first; one driver with their vehicles
 * and documents shown inline (images as images, anything else as a file to
 * open); verify, or reject with the reason the driver will read. Uses
 * GET /v1/admin/drivers, GET /v1/admin/drivers/{id},
 * GET /v1/admin/documents/{id}/file and POST …/verify | …/reject.
 */
import { api, authorized } from "../api.ts";
import { badge, fill, h, when, words } from "../dom.ts";
import type { Page, PageContext } from "./registry.ts";

interface Review {
  user: { id: string; name: string; email: string | null; phone: string | null };
  status: string;
  rejection_reason: string | null;
  submitted_at: string;
}

interface DriverDetail extends Review {
  vehicles: { id: string; vehicle_class: string; plate: string | null; model: string | null; is_active: boolean }[];
  documents: { id: string; kind: string; content_type: string; size_bytes: number; status: string }[];
}

const STATUSES = ["pending", "verified", "rejected"];

export const verificationsPage: Page = {
  path: "verifications",
  title: "Verifications",
  render(root, ctx) {
    const id = ctx.rest[0];
    return id ? driver(root, id, ctx) : queue(root);
  },
};

function queue(root: HTMLElement): () => void {
  const status = h(
    "select",
    { id: "review-status" },
    STATUSES.map((s) => h("option", { value: s }, words(s))),
  );
  const list = h("ul", { class: "review-list", "aria-label": "Drivers" });
  const state = h("p", { role: "status", "aria-live": "polite" });
  let stopped = false;
  async function load(): Promise<void> {
    try {
      const page = await api<{ data: Review[] }>("GET", `/v1/admin/drivers?status=${status.value}&limit=100`);
      if (stopped) return;
      state.textContent = `${page.data.length} ${words(status.value)}`;
      fill(
        list,
        page.data.map((r) =>
          h(
            "li",
            { "data-driver-id": r.user.id },
            h("a", { href: `#/verifications/${r.user.id}` }, r.user.name),
            " ",
            badge(r.status),
            h("div", { class: "muted" }, `${r.user.email ?? r.user.phone ?? ""} · since ${when(r.submitted_at)}`),
          ),
        ),
      );
    } catch (error) {
      state.textContent = (error as Error).message;
    }
  }
  status.addEventListener("change", () => void load());
  fill(
    root,
    h("h1", {}, "Verifications"),
    h("div", { class: "toolbar" }, h("label", { for: "review-status" }, "Status", status)),
    state,
    list,
  );
  void load();
  return () => {
    stopped = true;
  };
}

function driver(root: HTMLElement, id: string, ctx: PageContext): () => void {
  const urls: string[] = [];
  const body = h("div", {});
  const state = h("p", { role: "status", "aria-live": "polite" }, "loading…");
  fill(root, h("p", {}, h("a", { href: "#/verifications" }, "← Verifications")), h("h1", {}, "Driver"), state, body);

  async function documentView(doc: DriverDetail["documents"][number]): Promise<HTMLElement> {
    const label = `${words(doc.kind)} (${Math.round(doc.size_bytes / 1024)} KiB)`;
    const res = await authorized(`/v1/admin/documents/${doc.id}/file`);
    if (!res.ok) return h("p", { class: "error" }, `${label}: could not be loaded`);
    const url = URL.createObjectURL(await res.blob());
    urls.push(url);
    const shown = doc.content_type.startsWith("image/")
      ? h("img", { src: url, alt: label, class: "document-image" })
      : h("a", { href: url, target: "_blank", rel: "noopener" }, `Open ${label}`);
    return h(
      "figure",
      { class: "document", "data-document-id": doc.id },
      shown,
      h("figcaption", {}, label, " ", badge(doc.status)),
    );
  }

  async function load(): Promise<void> {
    try {
      const d = await api<DriverDetail>("GET", `/v1/admin/drivers/${id}`);
      state.textContent = `${d.user.name} · ${words(d.status)}`;
      const reason = h("textarea", { id: "reject-reason", rows: 2, minlength: 3, maxlength: 500, required: true });
      const result = h("p", { role: "status", "aria-live": "polite" });
      const decide = async (path: string, payload?: unknown) => {
        try {
          await api("POST", `/v1/admin/drivers/${id}/${path}`, payload);
          ctx.navigate("verifications");
        } catch (error) {
          result.textContent = (error as Error).message;
        }
      };
      fill(
        body,
        h(
          "dl",
          {},
          h("dt", {}, "Name"),
          h("dd", {}, d.user.name),
          h("dt", {}, "Contact"),
          h("dd", {}, [d.user.email, d.user.phone].filter(Boolean).join(" · ")),
          h("dt", {}, "Status"),
          h("dd", { "data-status": d.status }, badge(d.status)),
          d.rejection_reason && [h("dt", {}, "Rejected because"), h("dd", {}, d.rejection_reason)],
          h("dt", {}, "Since"),
          h("dd", {}, when(d.submitted_at)),
        ),
        h("h2", {}, "Vehicles"),
        h(
          "ul",
          {},
          d.vehicles.length === 0
            ? h("li", {}, "No vehicle yet.")
            : d.vehicles.map((v) =>
                h(
                  "li",
                  {},
                  `${v.vehicle_class} · ${v.plate ?? "no plate"} · ${v.model ?? ""}${v.is_active ? " (active)" : ""}`,
                ),
              ),
        ),
        h("h2", {}, "Documents"),
        h(
          "div",
          { class: "documents" },
          d.documents.length === 0
            ? h("p", {}, "No documents uploaded.")
            : await Promise.all(d.documents.map(documentView)),
        ),
        h("h2", {}, "Decision"),
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "primary", onclick: () => void decide("verify") }, "Verify"),
          h(
            "form",
            {
              class: "inline-form",
              onsubmit: (e: Event) => {
                e.preventDefault();
                void decide("reject", { reason: reason.value });
              },
            },
            h("label", { for: "reject-reason" }, "Reason for rejecting (the driver reads it)", reason),
            h("button", { type: "submit", class: "danger" }, "Reject"),
          ),
          result,
        ),
      );
    } catch (error) {
      state.textContent = (error as Error).message;
    }
  }
  void load();
  return () => {
    for (const url of urls) URL.revokeObjectURL(url);
  };
}
