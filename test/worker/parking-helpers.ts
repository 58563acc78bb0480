/** Parking in tests: spots of fresh owners at random places, and windows relative to now. */
import { expect } from "vitest";
import { type Account, api, register } from "./helpers.ts";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A random point in Ahmedabad's service area (INR) or New York's (USD). */
export function somewhere(city: "ahmedabad" | "new-york" = "ahmedabad") {
  return city === "ahmedabad"
    ? { lat: 22.95 + Math.random() * 0.14, lng: 72.5 + Math.random() * 0.15 }
    : { lat: 40.6 + Math.random() * 0.25, lng: -74.0 + Math.random() * 0.2 };
}

export interface TestSpot {
  id: string;
  owner: Account;
  location: { lat: number; lng: number };
  currency: string;
}

/** An owner and their spot (always open unless hours are given). */
export async function spotOf(fields: Record<string, unknown> = {}, owner?: Account): Promise<TestSpot> {
  const who = owner ?? (await register("owner"));
  const location = (fields.location as { lat: number; lng: number } | undefined) ?? somewhere();
  const res = await api("POST", "/v1/spots", {
    token: who.access_token,
    body: {
      title: "Covered bay near the station",
      spot_type: "covered",
      vehicle_size: "standard",
      address: "12 Station Road",
      hourly_rate: 5000,
      daily_rate: 30000,
      amenities: ["covered", "security"],
      cancellation_policy: "moderate",
      access_instructions: "Gate code 4321",
      ...fields,
      location,
    },
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const spot = (await res.json()) as { id: string; rates: { hourly: { currency: string } } };
  return { id: spot.id, owner: who, location, currency: spot.rates.hourly.currency };
}

/** A window `startInH` hours from now (rounded to the minute), `hours` long. */
export function window(startInH: number, hours: number) {
  const start = Math.ceil((Date.now() + startInH * HOUR) / 60_000) * 60_000;
  return { starts_at: new Date(start).toISOString(), ends_at: new Date(start + hours * HOUR).toISOString() };
}

export async function book(
  renter: Account,
  spotId: string,
  w: { starts_at: string; ends_at: string },
  extra: Record<string, unknown> = {},
) {
  return api("POST", "/v1/bookings", { token: renter.access_token, body: { spot_id: spotId, ...w, ...extra } });
}
