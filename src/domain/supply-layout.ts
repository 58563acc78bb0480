/**
 * How a supply summary's buckets are laid out for a search: a circle around
 * the whole summary, and circles around patches of neighbouring buckets
 * (about 1 km across). A search passes over a summary, then a patch, whose
 * circle lies beyond the distance it has reached, so a query near one edge
 * of a busy cell reads tens of buckets, not hundreds. Worked out once per
 * summary, the first time a search reads it (summaries are immutable and
 * shared for about a second). Pure.
 */
import { haversineMeters, type LatLng } from "./geo.ts";
import type { CellSupply, SupplyBucket } from "./supply.ts";

/** A circle holding some buckets: every driver in them is within `radiusM` of its centre. */
export interface Patch extends LatLng {
  radiusM: number;
  buckets: SupplyBucket[];
}

export interface SupplyLayout {
  /** A circle holding all of the summary's buckets. */
  whole: Patch;
  patches: Patch[];
}

/** A patch's side, in degrees of latitude and longitude (about 1.1 km by 1 km in India). */
const PATCH_DEG = 0.01;

const layouts = new WeakMap<CellSupply, SupplyLayout | null>();

/** The summary's layout; null when it holds no driver. */
export function layoutOf(supply: CellSupply): SupplyLayout | null {
  let layout = layouts.get(supply);
  if (layout === undefined) {
    layout = supply.buckets.length === 0 ? null : layOut(supply.buckets);
    layouts.set(supply, layout);
  }
  return layout;
}

function layOut(buckets: SupplyBucket[]): SupplyLayout {
  const byPatch = new Map<string, SupplyBucket[]>();
  for (const b of buckets) {
    const key = `${Math.floor(b.lat / PATCH_DEG)}/${Math.floor(b.lng / PATCH_DEG)}`;
    const patch = byPatch.get(key);
    if (patch) patch.push(b);
    else byPatch.set(key, [b]);
  }
  return { whole: circleAround(buckets), patches: [...byPatch.values()].map(circleAround) };
}

/**
 * A circle around the buckets, centred on their mean centre. Drawn around
 * the buckets themselves, not the cell: a driver reporting from just across
 * the cell's edge stays in its summary until handed off. 1 % and a metre to
 * spare, more than the flat-earth bounds the search compares it with can err.
 */
function circleAround(buckets: SupplyBucket[]): Patch {
  let lat = 0;
  let lng = 0;
  for (const b of buckets) {
    lat += b.lat;
    lng += b.lng;
  }
  const centre = { lat: lat / buckets.length, lng: lng / buckets.length };
  let radiusM = 0;
  for (const b of buckets) radiusM = Math.max(radiusM, haversineMeters(centre, b) + b.radiusM);
  return { ...centre, radiusM: radiusM * 1.01 + 1, buckets };
}
