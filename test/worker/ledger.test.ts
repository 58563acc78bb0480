/**
 * The ledger under concurrency, randomised and seeded (the seed is printed;
 * rerun one with LEDGER_SEED=…): 200 concurrent movements — top-ups, ride
 * holds posted or voided, payments, earnings, withdrawals, refunds, some of
 * them sent twice — among 20 accounts in two currencies. Afterwards: no
 * transfer written twice, debits equal credits in every currency, no flagged
 * account below zero, every stored balance equal to the sum of its
 * transfers, and every account holding exactly what the movements that
 * were told "done" put there.
 */
import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { seeded } from "../../scripts/simulate/random.ts";
import { createDb, type DbHandle } from "../../src/db/client.ts";
import { users } from "../../src/db/schema/index.ts";
import { type AccountRef, accountKey, earnings, platform, wallet } from "../../src/domain/ledger.ts";
import { balanceDrifts, imbalance } from "../../src/ledger/read.ts";
import { LedgerError, record, type Step } from "../../src/ledger/record.ts";
import { withDb } from "./helpers.ts";

const OPERATIONS = 200;
const CONNECTIONS = 10;

type Kind = "topup" | "hold_post" | "hold_void" | "spend" | "earning" | "withdrawal" | "refund";
const KINDS: Kind[] = [
  "topup",
  "topup",
  "hold_post",
  "hold_void",
  "spend",
  "earning",
  "earning",
  "withdrawal",
  "refund",
];

interface Operation {
  kind: Kind;
  key: string;
  currency: string;
  user: AccountRef;
  amount: number;
  /** For a hold that is posted: how much of it. */
  posted: number;
  twice: boolean;
}

describe("the ledger under 200 concurrent movements", () => {
  it("never writes a transfer twice, balances in every currency, never overdraws a flagged account, and holds what it was told", async () => {
    const seed = Number((env as unknown as { LEDGER_SEED?: string }).LEDGER_SEED || Date.now() % 1_000_000);
    console.log(`ledger seed: ${seed} (rerun with LEDGER_SEED=${seed})`);
    const random = seeded(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const run = crypto.randomUUID().slice(0, 8);

    // 16 accounts of users made for this run, and the platform's provider and settlement accounts in each currency.
    const people = await withDb(({ db }) =>
      db
        .insert(users)
        .values(Array.from({ length: 10 }, (_, i) => ({ name: `Ledger ${run} ${i}`, role: "rider" as const })))
        .returning({ id: users.id }),
    );
    const ids = people.map((p) => p.id);
    const wallets: Record<string, AccountRef[]> = {
      INR: ids.slice(0, 6).map((id) => wallet(id, "INR")),
      USD: ids.slice(6, 10).map((id) => wallet(id, "USD")),
    };
    const earners: Record<string, AccountRef[]> = {
      INR: ids.slice(0, 4).map((id) => earnings(id, "INR")),
      USD: ids.slice(8, 10).map((id) => earnings(id, "USD")),
    };
    expect(Object.values(wallets).flat().length + Object.values(earners).flat().length + 4).toBe(20);

    const operations: Operation[] = Array.from({ length: OPERATIONS }, (_, i) => {
      const kind = pick(KINDS);
      const currency = random() < 0.7 ? "INR" : "USD";
      const moneyIn = kind === "topup" || kind === "refund";
      const onEarnings = kind === "earning" || kind === "withdrawal";
      const user = pick((onEarnings ? earners : wallets)[currency] as AccountRef[]);
      const amount = 1 + Math.floor(random() * (moneyIn ? 5_000 : 3_000));
      return {
        kind,
        key: `ledger-test:${run}:${i}`,
        currency,
        user,
        amount,
        posted: 1 + Math.floor(random() * amount),
        twice: random() < 0.1,
      };
    });

    const handles: DbHandle[] = Array.from({ length: CONNECTIONS }, () => createDb(env));
    const told = new Map<string, { debits: number; credits: number; pending: number }>();
    const tell = (ref: AccountRef, change: { debits?: number; credits?: number }) => {
      const t = told.get(accountKey(ref)) ?? { debits: 0, credits: 0, pending: 0 };
      t.debits += change.debits ?? 0;
      t.credits += change.credits ?? 0;
      told.set(accountKey(ref), t);
    };
    const apply = async (db: DbHandle["db"], steps: Step[]) => {
      try {
        return (await db.transaction((tx) => record(tx, steps))) >= 0;
      } catch (error) {
        if (error instanceof LedgerError && error.code === "insufficient_funds") return false;
        throw error;
      }
    };

    const results = await Promise.all(
      operations.flatMap((op, i) => {
        const db = (handles[i % CONNECTIONS] as DbHandle).db;
        const provider = platform("provider", op.currency);
        const settlement = platform("settlement", op.currency);
        const single = (debit: AccountRef, credit: AccountRef, extra: Partial<Step> = {}): Step =>
          ({
            key: op.key,
            debit,
            credit,
            amount: op.amount,
            currency: op.currency,
            code: op.kind,
            ...extra,
          }) as Step;
        const run1 = async (): Promise<boolean> => {
          switch (op.kind) {
            case "topup":
              return apply(db, [single(provider, op.user)]);
            case "refund":
              return apply(db, [single(settlement, op.user)]);
            case "earning":
              return apply(db, [single(settlement, op.user)]);
            case "spend":
              return apply(db, [single(op.user, settlement)]);
            case "withdrawal":
              return apply(db, [single(op.user, provider, { requireAvailable: true } as Partial<Step>)]);
            case "hold_post":
            case "hold_void": {
              if (!(await apply(db, [single(op.user, settlement, { kind: "pending" } as Partial<Step>)]))) return false;
              const resolve = op.kind === "hold_post" ? "post" : "void";
              await apply(db, [{ key: `${op.key}:${resolve}`, pendingKey: op.key, resolve, amount: op.posted }]);
              return true;
            }
          }
        };
        // Some movements are sent twice at once, as a retry would: exactly one of each is written.
        const attempts = op.twice ? [run1(), run1()] : [run1()];
        return attempts.map(async (attempt) => ({ op, done: await attempt.catch(() => "error" as const) }));
      }),
    );
    await Promise.all(handles.map((h) => h.close()));
    const errors = results.filter((r) => r.done === "error");
    expect(errors, "movements that failed for another reason than funds").toEqual([]);

    // What each account was told: a movement counts once, however often it was sent.
    const counted = new Set<string>();
    for (const { op, done } of results) {
      if (done !== true || counted.has(op.key)) continue;
      counted.add(op.key);
      const out = op.kind === "spend" || op.kind === "withdrawal" || op.kind.startsWith("hold");
      const amount = op.kind === "hold_post" ? op.posted : op.kind === "hold_void" ? 0 : op.amount;
      tell(op.user, out ? { debits: amount } : { credits: amount });
    }

    await withDb(async ({ db }) => {
      const keys = operations.map((o) => o.key);
      const { rows: written } = await db.execute<{ key: string; n: string }>(sql`
        select idempotency_key as key, count(*) as n from ledger_transfers
        where idempotency_key like ${`ledger-test:${run}:%`} group by idempotency_key having count(*) > 1`);
      expect(written, "keys written twice").toEqual([]);
      const { rows: holds } = await db.execute<{ n: string }>(sql`
        select count(*) as n from ledger_transfers h
        where h.idempotency_key like ${`ledger-test:${run}:%`} and h.kind = 'pending'
          and not exists (select 1 from ledger_transfers r where r.pending_id = h.id)`);
      expect(Number(holds[0]?.n), "holds left unresolved").toBe(0);
      expect(keys.length).toBe(OPERATIONS);

      expect(
        (await imbalance(db)).filter((c) => c.difference !== 0),
        "currencies whose debits ≠ credits",
      ).toEqual([]);
      const { rows: overdrawn } = await db.execute(sql`
        select key from ledger_accounts
        where debits_must_not_exceed_credits and credits_posted - debits_posted - debits_pending < 0`);
      expect(overdrawn, "flagged accounts below zero").toEqual([]);
      expect(await balanceDrifts(db), "accounts whose balance ≠ the sum of their transfers").toEqual([]);

      const mine = [...Object.values(wallets).flat(), ...Object.values(earners).flat()].map(accountKey);
      const { rows: stored } = await db.execute<{ key: string; debits: string; credits: string; pending: string }>(sql`
        select key, debits_posted as debits, credits_posted as credits, debits_pending as pending
        from ledger_accounts where key in ${mine}`);
      for (const row of stored) {
        const t = told.get(row.key) ?? { debits: 0, credits: 0, pending: 0 };
        expect({
          key: row.key,
          debits: Number(row.debits),
          credits: Number(row.credits),
          pending: Number(row.pending),
        }).toEqual({
          key: row.key,
          ...t,
        });
        if (row.key.startsWith("earnings:")) expect(Number(row.credits) - Number(row.debits)).toBeGreaterThanOrEqual(0);
      }
      console.log(
        `ledger: ${counted.size} of ${OPERATIONS} movements done, ${OPERATIONS - counted.size} refused for funds`,
      );
    });
  });
});
