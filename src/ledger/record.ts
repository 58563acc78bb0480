/**
 * Writes ledger movements (domain/ledger.ts) to Postgres: transfers and the
 * accounts' amounts in the caller's transaction, all or nothing.
 *
 * Concurrent movements lock their accounts in one order (by id), so two
 * never wait on each other in a cycle; amounts are read after the lock, so
 * a balance check cannot be raced. A step whose key is already written is
 * skipped (the same movement retried); the same key with another amount or
 * other accounts is refused. The database enforces the rest: one currency
 * per transfer, no overdraft on a flagged account, one resolution per hold,
 * transfers never changed.
 *
 * @example
 * await db.transaction((tx) => record(tx, [{ key: `topup:${pi}`, debit: platform("provider", "INR"),
 *   credit: wallet(userId, "INR"), amount: 50_000, currency: "INR", code: "topup" }]));
 */
import { eq, inArray, or } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { ledgerAccounts, ledgerTransfers } from "../db/schema/index.ts";
import {
  type AccountAmounts,
  type AccountRef,
  accountKey,
  available,
  isResolution,
  type LedgerStep,
  mustNotOverdraw,
  type ResolutionSpec,
  type TransferSpec,
} from "../domain/ledger.ts";

export type LedgerErrorCode = "insufficient_funds" | "idempotency_mismatch" | "hold_not_found" | "hold_resolved";

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  constructor(code: LedgerErrorCode, message: string) {
    super(message);
    this.name = "LedgerError";
    this.code = code;
  }
}

/** A transfer step may ask that its debit account's available balance cover it (earnings have no flag). */
export type Step = LedgerStep & { requireAvailable?: boolean };

type Account = AccountAmounts & { id: string; key: string; flagged: boolean };
type Hold = typeof ledgerTransfers.$inferSelect;

/** Records `steps` in `tx` (a transaction); returns how many were new. */
export async function record(tx: Database, steps: Step[]): Promise<number> {
  if (steps.length === 0) return 0;
  const holds = await holdsFor(tx, steps.filter(isResolution));
  const refs = new Map<string, AccountRef>();
  for (const step of steps) {
    if (isResolution(step)) continue;
    refs.set(accountKey(step.debit), step.debit);
    refs.set(accountKey(step.credit), step.credit);
  }
  if (refs.size > 0) {
    await tx
      .insert(ledgerAccounts)
      .values(
        [...refs.entries()].map(([key, ref]) => ({
          key,
          kind: ref.kind,
          userId: ref.userId ?? null,
          currency: ref.currency,
          debitsMustNotExceedCredits: mustNotOverdraw(ref.kind),
        })),
      )
      .onConflictDoNothing({ target: ledgerAccounts.key });
  }
  const accounts = await lock(tx, [...refs.keys()], [...holds.values()]);
  // After the lock: what is already written cannot change under us.
  const written = await existing(
    tx,
    steps.map((s) => s.key),
  );
  const resolved = await resolvedHolds(
    tx,
    [...holds.values()].map((h) => h.id),
  );
  const rows: (typeof ledgerTransfers.$inferInsert)[] = [];
  for (const step of steps) {
    const before = written.get(step.key);
    if (before) {
      same(step, before, accounts, holds);
      continue;
    }
    if (isResolution(step)) {
      const hold = holds.get(step.pendingKey) as Hold;
      if (resolved.has(hold.id))
        throw new LedgerError("hold_resolved", `The hold ${step.pendingKey} is already resolved.`);
      resolved.add(hold.id);
      rows.push(resolve(step, hold, accounts));
    } else {
      rows.push(move(step, accounts));
    }
  }
  if (rows.length === 0) return 0;
  await tx.insert(ledgerTransfers).values(rows);
  for (const account of new Set(rows.flatMap((r) => [r.debitAccountId, r.creditAccountId]))) {
    const a = [...accounts.values()].find((x) => x.id === account) as Account;
    await tx
      .update(ledgerAccounts)
      .set({
        debitsPending: a.debitsPending,
        debitsPosted: a.debitsPosted,
        creditsPending: a.creditsPending,
        creditsPosted: a.creditsPosted,
      })
      .where(eq(ledgerAccounts.id, a.id));
  }
  return rows.length;
}

async function holdsFor(tx: Database, resolutions: ResolutionSpec[]): Promise<Map<string, Hold>> {
  if (resolutions.length === 0) return new Map();
  const keys = resolutions.map((r) => r.pendingKey);
  const found = await tx.select().from(ledgerTransfers).where(inArray(ledgerTransfers.idempotencyKey, keys));
  const byKey = new Map(found.filter((h) => h.kind === "pending").map((h) => [h.idempotencyKey, h]));
  for (const key of keys) if (!byKey.has(key)) throw new LedgerError("hold_not_found", `No hold ${key}.`);
  return byKey;
}

/** Locks every account the movement touches, in id order; returns them by key. */
async function lock(tx: Database, keys: string[], holds: Hold[]): Promise<Map<string, Account>> {
  const ids = holds.flatMap((h) => [h.debitAccountId, h.creditAccountId]);
  const rows = await tx
    .select()
    .from(ledgerAccounts)
    .where(
      ids.length > 0
        ? or(inArray(ledgerAccounts.key, keys.length ? keys : [""]), inArray(ledgerAccounts.id, ids))
        : inArray(ledgerAccounts.key, keys),
    )
    .orderBy(ledgerAccounts.id)
    .for("update");
  return new Map(
    rows.map((r) => [
      r.key,
      {
        id: r.id,
        key: r.key,
        flagged: r.debitsMustNotExceedCredits,
        debitsPending: r.debitsPending,
        debitsPosted: r.debitsPosted,
        creditsPending: r.creditsPending,
        creditsPosted: r.creditsPosted,
      },
    ]),
  );
}

async function existing(tx: Database, keys: string[]): Promise<Map<string, Hold>> {
  const rows = await tx.select().from(ledgerTransfers).where(inArray(ledgerTransfers.idempotencyKey, keys));
  return new Map(rows.map((r) => [r.idempotencyKey, r]));
}

async function resolvedHolds(tx: Database, holdIds: string[]): Promise<Set<string>> {
  if (holdIds.length === 0) return new Set();
  const rows = await tx
    .select({ pendingId: ledgerTransfers.pendingId })
    .from(ledgerTransfers)
    .where(inArray(ledgerTransfers.pendingId, holdIds));
  return new Set(rows.map((r) => r.pendingId as string));
}

function byId(accounts: Map<string, Account>, id: string): Account {
  return [...accounts.values()].find((a) => a.id === id) as Account;
}

/** A retried step must be the step that was written. */
function same(step: Step, before: Hold, accounts: Map<string, Account>, holds: Map<string, Hold>): void {
  const matches = isResolution(step)
    ? before.pendingId === holds.get(step.pendingKey)?.id &&
      before.kind === (step.resolve === "post" ? "post_pending" : "void_pending")
    : before.amount === step.amount &&
      before.debitAccountId === accounts.get(accountKey(step.debit))?.id &&
      before.creditAccountId === accounts.get(accountKey(step.credit))?.id;
  if (!matches) {
    throw new LedgerError("idempotency_mismatch", `The transfer ${step.key} was written with other details.`);
  }
}

function move(step: TransferSpec & { requireAvailable?: boolean }, accounts: Map<string, Account>) {
  if (!Number.isSafeInteger(step.amount) || step.amount <= 0) {
    throw new RangeError(`transfer ${step.key}: amount must be a positive integer`);
  }
  const debit = accounts.get(accountKey(step.debit)) as Account;
  const credit = accounts.get(accountKey(step.credit)) as Account;
  if ((debit.flagged || step.requireAvailable) && available(debit) < step.amount) {
    throw new LedgerError("insufficient_funds", `The account ${debit.key} cannot cover ${step.amount}.`);
  }
  const held = step.kind === "pending";
  if (held) {
    debit.debitsPending += step.amount;
    credit.creditsPending += step.amount;
  } else {
    debit.debitsPosted += step.amount;
    credit.creditsPosted += step.amount;
  }
  return {
    idempotencyKey: step.key,
    debitAccountId: debit.id,
    creditAccountId: credit.id,
    amount: step.amount,
    currency: step.currency,
    kind: held ? ("pending" as const) : ("single" as const),
    code: step.code,
    rideId: step.rideId ?? null,
    bookingId: step.bookingId ?? null,
    paymentId: step.paymentId ?? null,
  };
}

function resolve(step: ResolutionSpec, hold: Hold, accounts: Map<string, Account>) {
  const debit = byId(accounts, hold.debitAccountId);
  const credit = byId(accounts, hold.creditAccountId);
  const amount = step.resolve === "post" ? (step.amount ?? hold.amount) : hold.amount;
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > hold.amount) {
    throw new RangeError(`resolution ${step.key}: a hold of ${hold.amount} posts 1 to ${hold.amount}`);
  }
  debit.debitsPending -= hold.amount;
  credit.creditsPending -= hold.amount;
  if (step.resolve === "post") {
    debit.debitsPosted += amount;
    credit.creditsPosted += amount;
  }
  return {
    idempotencyKey: step.key,
    debitAccountId: debit.id,
    creditAccountId: credit.id,
    amount,
    currency: hold.currency,
    kind: step.resolve === "post" ? ("post_pending" as const) : ("void_pending" as const),
    pendingId: hold.id,
    code: step.code ?? hold.code,
    rideId: step.rideId ?? hold.rideId,
    bookingId: step.bookingId ?? hold.bookingId,
    paymentId: step.paymentId ?? hold.paymentId,
  };
}
