/**
 * Finding a spot: the city's SpotIndex actor decides which spots, in which
 * order (by place, filters, hours and the windows bookings hold), and hands
 * back each one's card, the public Spot as its last change left it; this
 * adds the distance and, for a window, the quote. No Postgres on the way.
 */
import type { SpotRates } from "../domain/parking-quote.ts";
import type { IndexQuery } from "../domain/spot-index.ts";
import type { SpotIndexClient } from "./spot-index.ts";
import type { spotJson } from "./spot-json.ts";

export type SpotCard = ReturnType<typeof spotJson>;

export interface Found {
  card: SpotCard;
  distanceM: number;
}

export async function findSpots(index: SpotIndexClient, city: string, q: IndexQuery): Promise<Found[]> {
  const found = await index.search(city, q);
  return found.map((f) => ({ card: JSON.parse(f.card) as SpotCard, distanceM: f.distanceM }));
}

/** What the quote needs of a card. */
export function ratesOf(card: SpotCard): SpotRates {
  return {
    currency: card.rates.hourly.currency,
    hourlyRate: card.rates.hourly.amount,
    dailyRate: card.rates.daily?.amount ?? null,
    monthlyRate: card.rates.monthly?.amount ?? null,
  };
}
