/** What a user has been told, as GET /v1/notifications lists it (newest first). */
import { expect } from "vitest";
import { type Account, api } from "./helpers.ts";

export interface Told {
  type: string;
  category: string;
  body: string;
  data: Record<string, unknown>;
}

/** The user's notifications of one type (up to the latest 100). */
export async function told(who: Account, type: string): Promise<Told[]> {
  const res = await api("GET", "/v1/notifications?limit=100", { token: who.access_token });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Told[] }).data.filter((n) => n.type === type);
}
