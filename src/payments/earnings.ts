/**
 * A driver's earnings over a period, from the ledger: per ride the fare,
 * their share, the commission and taxes taken, the tip, the cash they
 * collected and kept, and refunds taken back; totals per UTC day.
 */
import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";

export interface RideEarning {
  rideId: string;
  at: Date;
  currency: string;
  fare: number;
  share: number;
  commission: number;
  taxes: number;
  tip: number;
  cashCollected: number;
  refunded: number;
  /** What the ride added to the driver's earnings account: share + tip − cash kept − refunds. */
  net: number;
}

export async function earningsOf(db: Database, driverId: string, from: Date, to: Date): Promise<RideEarning[]> {
  // A ride counts when one of its transfers touches the driver's earnings; its fare is what entered settlement.
  const result = await db.execute<Record<string, string | Date>>(sql`
    with mine as (
      select distinct t.ride_id from ledger_transfers t
        join ledger_accounts a on a.id in (t.debit_account_id, t.credit_account_id)
      where a.user_id = ${driverId} and a.kind = 'earnings' and t.ride_id is not null
        and t.created_at >= ${from.toISOString()}::timestamptz and t.created_at < ${to.toISOString()}::timestamptz
    )
    select t.ride_id, min(t.created_at) as at, t.currency,
      coalesce(sum(t.amount) filter (where t.code in ('card_payment', 'cash_payment', 'ride_payment')), 0) as fare,
      coalesce(sum(t.amount) filter (where t.code = 'driver_share'), 0) as share,
      -- The platform's commission net of the coupon discount it paid: negative when the discount is larger.
      coalesce(sum(t.amount) filter (where t.code = 'commission'), 0)
        - coalesce(sum(t.amount) filter (where t.code = 'coupon_discount'), 0)
        + coalesce(sum(t.amount) filter (where t.code = 'refund_coupon_discount'), 0) as commission,
      coalesce(sum(t.amount) filter (where t.code = 'tax'), 0) as taxes,
      coalesce(sum(t.amount) filter (where t.code = 'tip'), 0) as tip,
      coalesce(sum(t.amount) filter (where t.code = 'cash_kept'), 0) as cash,
      coalesce(sum(t.amount) filter (where t.code in ('refund_driver_share', 'refund') and d.user_id = ${driverId}), 0) as refunded
    from ledger_transfers t
      join mine on mine.ride_id = t.ride_id
      join ledger_accounts d on d.id = t.debit_account_id
    where t.kind in ('single', 'post_pending')
    group by t.ride_id, t.currency
    order by at
  `);
  return result.rows.map((r) => {
    const n = (key: string) => Number(r[key] ?? 0);
    const share = n("share");
    const tip = n("tip");
    const cash = n("cash");
    const refunded = n("refunded");
    return {
      rideId: String(r.ride_id),
      at: new Date(r.at as string | Date),
      currency: String(r.currency),
      fare: n("fare"),
      share,
      commission: n("commission"),
      taxes: n("taxes"),
      tip,
      cashCollected: cash,
      refunded,
      net: share + tip - cash - refunded,
    };
  });
}

/** Per UTC day and currency: the sums of the rides' columns. */
export function dailyTotals(rides: RideEarning[]) {
  const days = new Map<
    string,
    {
      date: string;
      currency: string;
      rides: number;
      fare: number;
      share: number;
      commission: number;
      tip: number;
      cash_collected: number;
      net: number;
    }
  >();
  for (const r of rides) {
    const date = r.at.toISOString().slice(0, 10);
    const key = `${date}:${r.currency}`;
    const day = days.get(key) ?? {
      date,
      currency: r.currency,
      rides: 0,
      fare: 0,
      share: 0,
      commission: 0,
      tip: 0,
      cash_collected: 0,
      net: 0,
    };
    day.rides += 1;
    day.fare += r.fare;
    day.share += r.share;
    day.commission += r.commission;
    day.tip += r.tip;
    day.cash_collected += r.cashCollected;
    day.net += r.net;
    days.set(key, day);
  }
  return [...days.values()];
}
