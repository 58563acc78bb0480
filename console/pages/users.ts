/**
 * Users (`#/users`): accounts, newest first, searched by part of a name,
 * email or phone and filtered by role and status; suspend or reinstate an
 * account with the reason kept in the audit log. Uses GET /v1/admin/users
 * and POST /v1/admin/users/{id}/suspend | reinstate.
 */
import type { components } from "../../scripts/lib/api-types.ts";
import { actionForm } from "../action-form.ts";
import { api } from "../api.ts";
import { badge, field, fill, h, select, table, when } from "../dom.ts";
import { paged, query } from "../paged.ts";
import type { Page } from "./registry.ts";

type AdminUser = components["schemas"]["AdminUser"];

export const usersPage: Page = {
  path: "users",
  title: "Users",
  render(root) {
    const q = h("input", { id: "user-q", type: "search", maxlength: 100, placeholder: "name, email or phone" });
    const role = select("user-role", ["rider", "driver", "owner", "admin"]);
    const status = select("user-status", ["active", "suspended", "deleted"]);
    const state = h("p", { role: "status", "aria-live": "polite" });
    const out = h("div", {});
    const list = paged<AdminUser>(out, state, (rows) =>
      table(
        "Accounts",
        ["Name", "Contact", "Role", "Status", "Joined", "Last sign-in", "Action"],
        rows.map((u) => [
          u.name,
          [u.email, u.phone].filter(Boolean).join(" · "),
          u.role,
          badge(u.status),
          when(u.created_at),
          when(u.last_login_at),
          u.status === "deleted" ? "" : change(u),
        ]),
        rows.map((u) => ({ "data-user-id": u.id })),
      ),
    );
    function change(u: AdminUser): HTMLElement {
      const action = u.status === "suspended" ? "reinstate" : "suspend";
      return actionForm(
        action === "suspend" ? "Suspend" : "Reinstate",
        `${action}-${u.id}`,
        [{ name: "reason", label: "Reason (audit log)", required: true }],
        async ({ reason }) => {
          await api("POST", `/v1/admin/users/${u.id}/${action}`, { reason });
          await list.reload();
        },
        action === "suspend",
      );
    }
    const search = () =>
      void list.load(`/v1/admin/users${query({ q: q.value.trim(), role: role.value, status: status.value })}`);
    fill(
      root,
      h("h1", {}, "Users"),
      h(
        "form",
        {
          class: "toolbar",
          role: "search",
          onsubmit: (e: Event) => {
            e.preventDefault();
            search();
          },
        },
        field("Search", q),
        field("Role", role),
        field("Status", status),
        h("button", { type: "submit" }, "Search"),
      ),
      state,
      out,
    );
    role.addEventListener("change", search);
    status.addEventListener("change", search);
    search();
    return undefined;
  },
};
