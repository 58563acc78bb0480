/**
 * A spot on the wire: money objects for the rates, amenities as a list,
 * the rating as average and count. Access instructions only for those
 * allowed to see them (the owner, admins, a renter with a confirmed
 * booking).
 */
import type { SpotRow } from "../db/queries/spots.ts";

/** The amenities the API names, and the columns that hold them. */
export const AMENITIES = {
  covered: "isCovered",
  ev_charging: "hasEvCharging",
  security: "hasSecurity",
  lighting: "hasLighting",
  accessible: "isAccessible",
} as const satisfies Record<string, keyof SpotRow>;

export type Amenity = keyof typeof AMENITIES;
export const AMENITY_NAMES = Object.keys(AMENITIES) as Amenity[];

export function amenitiesOf(row: SpotRow): Amenity[] {
  return AMENITY_NAMES.filter((a) => row[AMENITIES[a]]);
}

/** The amenity columns for a list of amenities: those named true, the others false. */
export function amenityColumns(list: readonly Amenity[]): Partial<Record<(typeof AMENITIES)[Amenity], boolean>> {
  return Object.fromEntries(AMENITY_NAMES.map((a) => [AMENITIES[a], list.includes(a)]));
}

export type SpotJson = ReturnType<typeof spotJson>;

export function spotJson(row: SpotRow, options: { accessInstructions: boolean }) {
  const money = (amount: number | null) => (amount === null ? null : { amount, currency: row.currency });
  return {
    id: row.id,
    owner_id: row.ownerId,
    title: row.title,
    description: row.description,
    spot_type: row.spotType,
    vehicle_size: row.vehicleSize,
    address: row.address,
    city: row.city,
    postal_code: row.postalCode,
    country_code: row.countryCode,
    timezone: row.timezone,
    location: row.location,
    rates: {
      hourly: { amount: row.hourlyRate, currency: row.currency },
      daily: money(row.dailyRate),
      monthly: money(row.monthlyRate),
    },
    amenities: amenitiesOf(row),
    images: row.images.map((image) => `/v1/spots/${row.id}/images/${image}`),
    operating_hours: row.operatingHours ?? null,
    access_instructions: options.accessInstructions ? (row.accessInstructions ?? null) : null,
    cancellation_policy: row.cancellationPolicy,
    is_active: row.isActive,
    rating: { average: row.ratingAvg, count: row.ratingCount },
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
