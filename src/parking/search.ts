/**
 * Finding a spot: the city's SpotIndex actor decides which spots, in which
 * order (by place, filters, hours and the windows bookings hold), and hands
 * back each one's card, the public Spot as its last change left it, as JSON
 * text. A result is that text with the distance and, for a window, the
 * quote written after it: no Postgres on the way, and no card parsed only
 * to be written out again.
 */
import type { FoundSpot } from "../../durable-objects/spot-index.ts";
import { quoteParking } from "../domain/parking-quote.ts";
import { type IndexQuery, sortValue } from "../domain/spot-index.ts";
import { withFields } from "../http/json-text.ts";
import type { SpotIndexClient } from "./spot-index.ts";

export function findSpots(
  index: SpotIndexClient,
  city: string,
  q: IndexQuery,
): Promise<{ spots: FoundSpot[]; more: boolean }> {
  return index.search(city, q);
}

/** The cursor's sort value of a result, as the index ordered it. */
export function resultSortValue(sort: IndexQuery["sort"], found: FoundSpot): number {
  return sortValue(sort, {
    distanceM: found.distanceM,
    hourlyRate: found.rates.hourlyRate,
    ratingAvg: found.ratingAvg,
  });
}

/** A SpotResult as JSON text: the card's fields, then `distance_m` and `quote`. */
export function resultJson(found: FoundSpot, window: { startsAt: Date; endsAt: Date } | null) {
  const quote = window ? quoteParking(found.rates, window.startsAt, window.endsAt) : null;
  return withFields(found.card, {
    distance_m: Math.round(found.distanceM * 10) / 10,
    quote: quote && {
      duration_minutes: quote.durationMinutes,
      subtotal: quote.subtotal,
      service_fee: quote.serviceFee,
      total: quote.total,
    },
  });
}
