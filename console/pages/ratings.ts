/**
 * Ratings (`#/ratings`): ride ratings of 2 or less waiting for an admin,
 * newest first, with the ride to open; resolve takes one off the queue.
 * Uses GET /v1/admin/ratings and POST /v1/admin/ratings/{id}/resolve.
 */
import type { components } from "../../scripts/lib/api-types.ts";
import { api } from "../api.ts";
import { fill, h, shortId, table, when, words } from "../dom.ts";
import { paged } from "../paged.ts";
import type { Page } from "./registry.ts";

type Rating = components["schemas"]["RideRating"];

export const ratingsPage: Page = {
  path: "ratings",
  title: "Ratings",
  render(root) {
    const state = h("p", { role: "status", "aria-live": "polite" });
    const out = h("div", {});
    const list = paged<Rating>(out, state, (rows) =>
      table(
        "Flagged ratings",
        ["When", "Stars", "Direction", "Comment", "Subject", "Ride", ""],
        rows.map((r) => [
          when(r.created_at),
          `${r.rating} ★`,
          words(r.direction),
          [r.comment ?? "", r.tags.length ? ` (${r.tags.join(", ")})` : ""],
          shortId(r.subject_id),
          h("a", { href: `#/rides/${r.ride_id}` }, "ride"),
          h(
            "button",
            {
              type: "button",
              onclick: async () => {
                try {
                  await api("POST", `/v1/admin/ratings/${r.id}/resolve`);
                  await list.reload();
                } catch (error) {
                  state.textContent = (error as Error).message;
                }
              },
            },
            "Resolve",
          ),
        ]),
        rows.map((r) => ({ "data-rating-id": r.id })),
      ),
    );
    fill(root, h("h1", {}, "Ratings"), state, out);
    void list.load("/v1/admin/ratings");
    return undefined;
  },
};
