/**
 * What the ledger says: a user's balances, their transactions, and whether
 * every stored balance equals the sum of its account's transfers (the
 * reconciliation's and the tests' check).
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Database } from "../db/client.ts";
import { afterCursor, type Cursor, keysetOrder } from "../db/queries/cursor.ts";
import { ledgerAccounts, ledgerTransfers } from "../db/schema/index.ts";
import { available, pending } from "../domain/ledger.ts";

export interface Balance {
  kind: "wallet" | "earnings";
  currency: string;
  available: number;
  pending: number;
}

/** The user's wallet and earnings balances, one per account (kind and currency). */
export async function balancesOf(db: Database, userId: string): Promise<Balance[]> {
  const rows = await db
    .select()
    .from(ledgerAccounts)
    .where(and(eq(ledgerAccounts.userId, userId), inArray(ledgerAccounts.kind, ["wallet", "earnings"])))
    .orderBy(ledgerAccounts.kind, ledgerAccounts.currency);
  return rows.map((r) => ({
    kind: r.kind as Balance["kind"],
    currency: r.currency,
    available: available(r),
    pending: pending(r),
  }));
}

/** One account's available balance (0 for an account never used). */
export async function availableIn(db: Database, key: string): Promise<number> {
  const [row] = await db.select().from(ledgerAccounts).where(eq(ledgerAccounts.key, key));
  return row ? available(row) : 0;
}

export interface Transaction {
  id: string;
  createdAt: Date;
  account: "wallet" | "earnings";
  code: string;
  /** Signed from the holder's side: positive in, negative out. */
  amount: number;
  currency: string;
  /** `pending` for a hold not yet resolved. */
  status: "posted" | "pending";
  rideId: string | null;
  bookingId: string | null;
}

/**
 * The user's movements, newest first: posted transfers (singles and the
 * posting of holds) and holds still pending. A hold that was posted shows
 * as its posting; one voided shows nothing.
 */
export async function transactionsOf(
  db: Database,
  userId: string,
  limit: number,
  cursor: Cursor | undefined,
): Promise<Transaction[]> {
  const debit = alias(ledgerAccounts, "debit");
  const credit = alias(ledgerAccounts, "credit");
  const t = ledgerTransfers;
  const resolved = sql`exists (select 1 from ${ledgerTransfers} r where r.pending_id = ${t.id})`;
  const mine = or(eq(debit.userId, userId), eq(credit.userId, userId));
  const shown = or(inArray(t.kind, ["single", "post_pending"]), and(eq(t.kind, "pending"), sql`not ${resolved}`));
  const rows = await db
    .select({
      id: t.id,
      createdAt: t.createdAt,
      code: t.code,
      amount: t.amount,
      currency: t.currency,
      kind: t.kind,
      rideId: t.rideId,
      bookingId: t.bookingId,
      debitUser: debit.userId,
      debitKind: debit.kind,
      creditKind: credit.kind,
    })
    .from(t)
    .innerJoin(debit, eq(debit.id, t.debitAccountId))
    .innerJoin(credit, eq(credit.id, t.creditAccountId))
    .where(and(mine, shown, cursor ? afterCursor(t.createdAt, t.id, cursor, "desc") : undefined))
    .orderBy(...keysetOrder(t.createdAt, t.id, "desc"))
    .limit(limit + 1);
  return rows.map((r) => {
    const out = r.debitUser === userId;
    return {
      id: r.id,
      createdAt: r.createdAt,
      account: (out ? r.debitKind : r.creditKind) as Transaction["account"],
      code: r.code,
      amount: out ? -r.amount : r.amount,
      currency: r.currency,
      status: r.kind === "pending" ? "pending" : "posted",
      rideId: r.rideId,
      bookingId: r.bookingId,
    };
  });
}

/** An account whose stored amounts differ from those its transfers give. */
export interface BalanceDrift {
  key: string;
  stored: { debitsPending: number; debitsPosted: number; creditsPending: number; creditsPosted: number };
  derived: { debitsPending: number; debitsPosted: number; creditsPending: number; creditsPosted: number };
}

/**
 * Every account whose stored amounts disagree with its transfers: posted =
 * singles + postings, pending = holds not yet resolved. Empty when the
 * ledger is whole.
 */
export async function balanceDrifts(db: Database): Promise<BalanceDrift[]> {
  const result = await db.execute<Record<string, string>>(sql`
    with flows as (
      select t.debit_account_id as account, t.amount, t.kind,
             (t.kind = 'pending' and not exists (select 1 from ledger_transfers r where r.pending_id = t.id)) as open,
             true as is_debit
        from ledger_transfers t
      union all
      select t.credit_account_id, t.amount, t.kind,
             (t.kind = 'pending' and not exists (select 1 from ledger_transfers r where r.pending_id = t.id)),
             false
        from ledger_transfers t
    ), derived as (
      select account,
        coalesce(sum(amount) filter (where is_debit and open), 0) as debits_pending,
        coalesce(sum(amount) filter (where is_debit and kind in ('single', 'post_pending')), 0) as debits_posted,
        coalesce(sum(amount) filter (where not is_debit and open), 0) as credits_pending,
        coalesce(sum(amount) filter (where not is_debit and kind in ('single', 'post_pending')), 0) as credits_posted
      from flows group by account
    )
    select a.key,
      a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted,
      coalesce(d.debits_pending, 0) as d_debits_pending, coalesce(d.debits_posted, 0) as d_debits_posted,
      coalesce(d.credits_pending, 0) as d_credits_pending, coalesce(d.credits_posted, 0) as d_credits_posted
    from ledger_accounts a left join derived d on d.account = a.id
    where (a.debits_pending, a.debits_posted, a.credits_pending, a.credits_posted)
      is distinct from (coalesce(d.debits_pending, 0), coalesce(d.debits_posted, 0),
                        coalesce(d.credits_pending, 0), coalesce(d.credits_posted, 0))
  `);
  const n = (v: string | undefined) => Number(v ?? 0);
  return result.rows.map((r) => ({
    key: r.key as string,
    stored: {
      debitsPending: n(r.debits_pending),
      debitsPosted: n(r.debits_posted),
      creditsPending: n(r.credits_pending),
      creditsPosted: n(r.credits_posted),
    },
    derived: {
      debitsPending: n(r.d_debits_pending),
      debitsPosted: n(r.d_debits_posted),
      creditsPending: n(r.d_credits_pending),
      creditsPosted: n(r.d_credits_posted),
    },
  }));
}

/** Per currency, posted debits less posted credits over all accounts: zero when every transfer balances. */
export async function imbalance(db: Database): Promise<{ currency: string; difference: number }[]> {
  const rows = await db
    .select({
      currency: ledgerAccounts.currency,
      difference: sql<string>`sum(${ledgerAccounts.debitsPosted}) - sum(${ledgerAccounts.creditsPosted})`,
    })
    .from(ledgerAccounts)
    .groupBy(ledgerAccounts.currency);
  return rows.map((r) => ({ currency: r.currency, difference: Number(r.difference) }));
}
