/**
 * Paying drivers and owners: an Express connected account (onboarding at
 * the provider; `account.updated` says when payouts are enabled), and
 * withdrawals of earnings to it.
 *
 * A withdrawal holds the amount in the ledger first (a pending transfer
 * from earnings, checked against the available balance under the
 * account's lock, so concurrent withdrawals can never overdraw), then
 * moves it with a provider transfer and a payout on the connected account.
 * When the provider succeeds the hold is posted; when it refuses, voided.
 */
import {
  insertWithdrawal,
  profileOf,
  recordDrift,
  saveProfile,
  updateWithdrawal,
  type WithdrawalRow,
  withdrawalByKey,
} from "../db/queries/payments.ts";
import { userById } from "../db/queries/users.ts";
import { earnings, platform } from "../domain/ledger.ts";
import { ProblemError } from "../http/problem.ts";
import { LedgerError, record } from "../ledger/record.ts";
import { errorFields, log } from "../log.ts";
import type { PaymentContext } from "./context.ts";
import { PaymentDeclined, ProviderRefused } from "./provider.ts";

/** The user's connected account, created on first call, and a fresh onboarding link. */
export async function onboard(
  ctx: PaymentContext,
  userId: string,
  input: { country: string; returnUrl: string; refreshUrl: string },
): Promise<{ accountId: string; status: string; payoutsEnabled: boolean; onboardingUrl: string }> {
  let profile = await profileOf(ctx.db, userId);
  let accountId = profile?.connectAccountId ?? null;
  if (!accountId) {
    const user = await userById(ctx.db, userId);
    if (!user) throw new ProblemError(404, "user_not_found", "No such user.");
    accountId = await ctx.provider.createConnectedAccount(
      { id: userId, email: user.email, country: input.country },
      `connect:${userId}`,
    );
    profile = await saveProfile(ctx.db, userId, { connectAccountId: accountId, connectStatus: "onboarding" });
  }
  const onboardingUrl = await ctx.provider.onboardingLink(accountId, input.returnUrl, input.refreshUrl);
  return {
    accountId,
    status: profile?.connectStatus ?? "onboarding",
    payoutsEnabled: profile?.payoutsEnabled ?? false,
    onboardingUrl,
  };
}

const holdKey = (w: WithdrawalRow) => `withdrawal:${w.id}`;

/**
 * Withdraws `amount` of the user's earnings to their connected account.
 * 409 `payouts_not_enabled` before onboarding is complete; 402
 * `insufficient_funds` beyond the available earnings; 502
 * `provider_refused` when the provider refuses (the hold is released).
 * The same key returns the same withdrawal.
 */
export async function withdraw(
  ctx: PaymentContext,
  userId: string,
  input: { amount: number; currency: string; key: string },
): Promise<WithdrawalRow> {
  const earlier = await withdrawalByKey(ctx.db, userId, input.key);
  if (earlier) {
    if (earlier.amount !== input.amount || earlier.currency !== input.currency) {
      throw new ProblemError(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was used for a different withdrawal.",
      );
    }
    return earlier;
  }
  const profile = await profileOf(ctx.db, userId);
  if (!profile?.connectAccountId || !profile.payoutsEnabled) {
    throw new ProblemError(409, "payouts_not_enabled", "Finish payout onboarding first (POST /v1/payouts/account).");
  }
  const accountId = profile.connectAccountId;
  let withdrawal: WithdrawalRow;
  try {
    withdrawal = await ctx.db.transaction(async (tx) => {
      const row = await insertWithdrawal(tx, {
        userId,
        amount: input.amount,
        currency: input.currency,
        idempotencyKey: input.key,
      });
      await record(tx, [
        {
          key: holdKey(row),
          kind: "pending",
          debit: earnings(userId, input.currency),
          credit: platform("provider", input.currency),
          amount: input.amount,
          currency: input.currency,
          code: "withdrawal",
          requireAvailable: true,
        },
      ]);
      return row;
    });
  } catch (error) {
    if (error instanceof LedgerError && error.code === "insufficient_funds") {
      throw new ProblemError(402, "insufficient_funds", "The available earnings do not cover this withdrawal.");
    }
    // A concurrent request with the same key won the race.
    const raced = await withdrawalByKey(ctx.db, userId, input.key);
    if (raced) return raced;
    throw error;
  }
  let transferRef: string | null = null;
  try {
    const metadata = { withdrawal_id: withdrawal.id, user_id: userId };
    const transfer = await ctx.provider.transfer({
      amount: input.amount,
      currency: input.currency,
      accountId,
      idempotencyKey: `${holdKey(withdrawal)}:transfer`,
      metadata,
    });
    transferRef = transfer.id;
    const payout = await ctx.provider.payout({
      amount: input.amount,
      currency: input.currency,
      accountId,
      idempotencyKey: `${holdKey(withdrawal)}:payout`,
      metadata,
    });
    return await ctx.db.transaction(async (tx) => {
      await record(tx, [{ key: `${holdKey(withdrawal)}:post`, pendingKey: holdKey(withdrawal), resolve: "post" }]);
      return updateWithdrawal(tx, withdrawal.id, {
        status: payout.status === "paid" ? "paid" : "in_transit",
        transferRef: transfer.id,
        payoutRef: payout.id,
      });
    });
  } catch (error) {
    if (!(error instanceof ProviderRefused) && !(error instanceof PaymentDeclined)) throw error;
    log("warn", "payments.withdrawal_refused", { withdrawal: withdrawal.id, ...errorFields(error) });
    await ctx.db.transaction(async (tx) => {
      if (transferRef) {
        // The money reached the connected account; only its payout failed. It is the holder's there.
        await record(tx, [{ key: `${holdKey(withdrawal)}:post`, pendingKey: holdKey(withdrawal), resolve: "post" }]);
        await recordDrift(tx, { providerRef: transferRef, field: "payout", ours: "requested", theirs: error.code });
      } else {
        await record(tx, [{ key: `${holdKey(withdrawal)}:void`, pendingKey: holdKey(withdrawal), resolve: "void" }]);
      }
      await updateWithdrawal(tx, withdrawal.id, { status: "failed", failureCode: error.code, transferRef });
    });
    throw new ProblemError(502, "provider_refused", `The payment provider refused the withdrawal (${error.code}).`);
  }
}
