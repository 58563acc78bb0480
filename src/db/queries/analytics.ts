/**
 * The figures of GET /v1/admin/analytics, per UTC hour or day, in four
 * queries run side by side: rides (by when they were requested), ride money
 * (by when it moved in the ledger), and parking (bookings by when they were
 * made; occupancy by the time they hold). A missing city means every city.
 */
import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../client.ts";

export type Bucket = "hour" | "day";

export interface AnalyticsWindow {
  cityId?: string | undefined;
  from: Date;
  to: Date;
  bucket: Bucket;
}

/** The bucket a time falls in, as epoch milliseconds (UTC). */
const bucketOf = (bucket: Bucket, column: SQL) =>
  sql`(extract(epoch from date_trunc(${bucket}::text, ${column} at time zone 'UTC')) * 1000)::float8`;

export type RideFigures = {
  at: number;
  requested: number;
  completed: number;
  cancelled: number;
  no_driver: number;
  median_assignment_s: number | null;
  median_pickup_m: number | null;
  active_drivers: number;
};

export async function rideFigures(db: Database, w: AnalyticsWindow): Promise<RideFigures[]> {
  const city = w.cityId === undefined ? sql`true` : sql`city_id = ${w.cityId}`;
  const result = await db.execute<RideFigures>(sql`
    select ${bucketOf(w.bucket, sql`requested_at`)} as at,
      count(*)::int as requested,
      (count(*) filter (where status = 'completed'))::int as completed,
      (count(*) filter (where status = 'cancelled'))::int as cancelled,
      (count(*) filter (where status = 'no_driver'))::int as no_driver,
      percentile_cont(0.5) within group (order by extract(epoch from assigned_at - coalesce(searching_at, requested_at)))
        filter (where assigned_at is not null) as median_assignment_s,
      percentile_cont(0.5) within group (order by pickup_distance_m)
        filter (where pickup_distance_m is not null) as median_pickup_m,
      (count(distinct driver_id) filter (where assigned_at is not null))::int as active_drivers
    from rides
    where ${city} and requested_at >= ${w.from.toISOString()}::timestamptz and requested_at < ${w.to.toISOString()}::timestamptz
    group by 1`);
  return result.rows;
}

export type MoneyFigures = {
  at: number;
  currency: string;
  gross: number;
  commission: number;
};

/**
 * Gross bookings (the fares of rides completed in the bucket) and the
 * platform's commission (credited in the ledger in the bucket, less what
 * refunds took back), per currency.
 */
export async function moneyFigures(db: Database, w: AnalyticsWindow): Promise<MoneyFigures[]> {
  const city = w.cityId === undefined ? sql`true` : sql`r.city_id = ${w.cityId}`;
  const [from, to] = [w.from.toISOString(), w.to.toISOString()];
  const result = await db.execute<MoneyFigures>(sql`
    with moved as (
      select ${bucketOf(w.bucket, sql`r.completed_at`)} as at, r.currency, r.fare_amount::float8 as gross, 0::float8 as commission
      from rides r
      where ${city} and r.status = 'completed' and r.fare_amount is not null
        and r.completed_at >= ${from}::timestamptz and r.completed_at < ${to}::timestamptz
      union all
      select ${bucketOf(w.bucket, sql`t.created_at`)}, t.currency, 0,
        case when t.code = 'commission' then t.amount else -t.amount end::float8
      from ledger_transfers t join rides r on r.id = t.ride_id
      where ${city} and t.code in ('commission', 'refund_commission')
        and t.created_at >= ${from}::timestamptz and t.created_at < ${to}::timestamptz
    )
    select at, currency, sum(gross)::float8 as gross, sum(commission)::float8 as commission
    from moved group by 1, 2 order by 1, 2`);
  return result.rows;
}

export type ParkingFigures = {
  at: number;
  bookings: number;
  occupied_s: number;
  spots: number;
};

/**
 * Per bucket: bookings made (not counting card bookings never paid), and
 * the spot-seconds held by confirmed, running and completed bookings, with
 * the number of active spots (the city's: inside its service area) to
 * divide by.
 */
export async function parkingFigures(db: Database, w: AnalyticsWindow): Promise<ParkingFigures[]> {
  const inCity =
    w.cityId === undefined
      ? sql`true`
      : sql`exists (select 1 from cities c where c.id = ${w.cityId} and st_covers(c.service_area, s.location))`;
  const step = w.bucket === "hour" ? sql`interval '1 hour'` : sql`interval '1 day'`;
  const [from, to] = [w.from.toISOString(), w.to.toISOString()];
  const result = await db.execute<ParkingFigures>(sql`
    with city_spots as (select s.id from spots s where s.is_active and ${inCity}),
    buckets as (
      select g as start, g + ${step} as stop
      from generate_series(
        date_trunc(${w.bucket}::text, ${from}::timestamptz at time zone 'UTC') at time zone 'UTC',
        ${to}::timestamptz - interval '1 microsecond',
        ${step}) g
    )
    select (extract(epoch from b.start) * 1000)::float8 as at,
      (select count(*) from bookings k
        where k.spot_id in (select id from city_spots) and k.status <> 'pending'
          and k.created_at >= greatest(b.start, ${from}::timestamptz) and k.created_at < least(b.stop, ${to}::timestamptz))::int
        as bookings,
      coalesce((select sum(extract(epoch from least(k.ends_at, b.stop) - greatest(k.starts_at, b.start)))
        from bookings k
        where k.spot_id in (select id from city_spots) and k.status in ('confirmed', 'in_progress', 'completed')
          and k.starts_at < b.stop and k.ends_at > b.start), 0)::float8 as occupied_s,
      (select count(*) from city_spots)::int as spots
    from buckets b order by 1`);
  return result.rows;
}
