/**
 * Finding a spot: the database narrows by place, filters and bookings
 * (queries/spots.ts); the weekly hours, which live in each spot's own time
 * zone, are checked here (domain/operating-hours.ts). A page is filled
 * from as many batches as it takes, so hours never shorten a page that
 * has more behind it.
 */
import type { Database } from "../db/client.ts";
import { type SpotRow, type SpotSearch, searchSpots, sortValue } from "../db/queries/spots.ts";
import { openThroughout } from "../domain/operating-hours.ts";

const MAX_BATCHES = 8;

export async function findSpots(db: Database, q: Omit<SpotSearch, "limit">, limit: number) {
  const found: (SpotRow & { distanceM: number })[] = [];
  let after = q.after;
  for (let batch = 0; batch < MAX_BATCHES && found.length <= limit; batch++) {
    const size = (limit + 1) * 2;
    const rows = await searchSpots(db, { ...q, after, limit: size });
    for (const row of rows) {
      if (!q.window || openThroughout(row.operatingHours, row.timezone, q.window.startsAt, q.window.endsAt))
        found.push(row);
    }
    const last = rows.at(-1);
    if (rows.length < size || !last) break;
    after = { value: sortValue(q.sort, last), id: last.id };
  }
  return found.slice(0, limit + 1);
}
