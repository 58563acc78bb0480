/**
 * Audit (`#/audit`): what admins did, newest first, filtered by action
 * (`user.suspend`), target type and id, and admin. Uses GET /v1/admin/audit.
 */
import type { components } from "../../scripts/lib/api-types.ts";
import { field, fill, h, shortId, table, when } from "../dom.ts";
import { paged, query } from "../paged.ts";
import type { Page } from "./registry.ts";

type Entry = components["schemas"]["AdminAuditEntry"];

function details(d: Entry["details"]): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

export const auditPage: Page = {
  path: "audit",
  title: "Audit",
  render(root) {
    const action = h("input", {
      id: "audit-action",
      placeholder: "user.suspend",
      pattern: "[a-z_]+\\.[a-z_]+",
      autocomplete: "off",
    });
    const targetType = h("input", {
      id: "audit-target-type",
      placeholder: "payment",
      pattern: "[a-z_]+",
      autocomplete: "off",
    });
    const targetId = h("input", { id: "audit-target-id", maxlength: 200, autocomplete: "off" });
    const actor = h("input", { id: "audit-actor", placeholder: "admin's id", autocomplete: "off" });
    const state = h("p", { role: "status", "aria-live": "polite" });
    const out = h("div", {});
    const list = paged<Entry>(out, state, (rows) =>
      table(
        "Admin actions",
        ["When", "Action", "Target", "Admin", "Details"],
        rows.map((e) => [
          when(e.at),
          h("code", {}, e.action),
          [e.target_type, " ", shortId(e.target_id)],
          shortId(e.actor_id),
          h("span", { class: "details" }, details(e.details)),
        ]),
        rows.map((e) => ({ "data-audit-action": e.action, "data-target-id": e.target_id })),
      ),
    );
    const load = () =>
      void list.load(
        `/v1/admin/audit${query({
          action: action.value.trim(),
          target_type: targetType.value.trim(),
          target_id: targetId.value.trim(),
          actor_id: actor.value.trim(),
        })}`,
      );
    fill(
      root,
      h("h1", {}, "Audit"),
      h(
        "form",
        {
          class: "toolbar",
          role: "search",
          onsubmit: (e: Event) => {
            e.preventDefault();
            load();
          },
        },
        field("Action", action),
        field("Target type", targetType),
        field("Target id", targetId),
        field("Admin", actor),
        h("button", { type: "submit" }, "Filter"),
      ),
      state,
      out,
    );
    load();
    return undefined;
  },
};
