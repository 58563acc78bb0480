/**
 * Telling a city's SpotIndex actor (durable-objects/spot-index.ts) what
 * changed, and asking it. Writers never fail because the index could not
 * be told: Postgres holds the booking either way, and the index finds the
 * change itself within a minute (it looks for changes every 30 s). Search
 * does fail if its index cannot answer: there is nothing else to ask.
 */
import type { FoundSpot } from "../../durable-objects/spot-index.ts";
import type { IndexQuery } from "../domain/spot-index.ts";
import { errorFields, log } from "../log.ts";

/** What the index needs to know of a spot to find its actor. */
export interface IndexedRef {
  id: string;
  city: string;
}

export interface SpotIndexClient {
  /** A page (`q.limit` is one more than the page): its spots, and whether more follow. */
  search(city: string, q: IndexQuery): Promise<{ spots: FoundSpot[]; more: boolean }>;
  /**
   * Runs `write` (the booking's insert, or its extension) with the window
   * reserved in the index, so no search offers it meanwhile; the index then
   * reads the spot again, whatever `write` did.
   */
  holding<T>(spot: IndexedRef, startsAt: Date, endsAt: Date, write: () => Promise<T>): Promise<T>;
  /** These spots or their bookings changed: the index reads them again. */
  changed(spots: readonly IndexedRef[]): Promise<void>;
}

export function spotIndex(env: Pick<Env, "SPOT_INDEX">): SpotIndexClient {
  const actor = (city: string) => env.SPOT_INDEX.getByName(city);
  const warn = (event: string, spotIds: string[]) => (error: unknown) => {
    log("warn", event, { spot_ids: spotIds, ...errorFields(error) });
  };
  return {
    search: (city, q) => actor(city).search(city, q),
    async holding(spot, startsAt, endsAt, write) {
      const index = actor(spot.city);
      const token = await index
        .reserve(spot.city, spot.id, startsAt.getTime(), endsAt.getTime())
        .catch(warn("spot_index.reserve_failed", [spot.id]));
      try {
        return await write();
      } finally {
        const settled = token ? index.settle(spot.city, token, [spot.id]) : index.refresh(spot.city, [spot.id]);
        await settled.catch(warn("spot_index.settle_failed", [spot.id]));
      }
    },
    async changed(spots) {
      const byCity = new Map<string, string[]>();
      for (const s of spots) byCity.set(s.city, [...(byCity.get(s.city) ?? []), s.id]);
      await Promise.all(
        [...byCity].map(([city, ids]) => actor(city).refresh(city, ids).catch(warn("spot_index.refresh_failed", ids))),
      );
    },
  };
}
