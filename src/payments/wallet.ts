/**
 * The wallet: a top-up is a PaymentIntent the app confirms on the device,
 * credited to the wallet when the provider's `payment_intent.succeeded`
 * webhook arrives (payments/webhooks.ts), never before.
 */
import { insertProviderPayment, type PaymentRow } from "../db/queries/payments.ts";
import type { PaymentContext } from "./context.ts";
import { customerOf } from "./customers.ts";

export interface TopUp {
  payment: PaymentRow;
  clientSecret: string | null;
}

/** Starts a top-up of `amount` (minor units of `currency`); `key` makes a retry the same top-up. */
export async function startTopUp(
  ctx: PaymentContext,
  userId: string,
  input: { amount: number; currency: string; key: string },
): Promise<TopUp> {
  const customerId = await customerOf(ctx, userId);
  const intent = await ctx.provider.createIntent({
    amount: input.amount,
    currency: input.currency,
    customerId,
    idempotencyKey: `topup:${userId}:${input.key}`,
    description: "Curbside wallet top-up",
    metadata: { user_id: userId, purpose: "topup" },
  });
  const payment = await insertProviderPayment(ctx.db, {
    userId,
    purpose: "topup",
    method: "card",
    provider: "stripe",
    providerRef: intent.id,
    amount: input.amount,
    currency: input.currency,
    status: "pending",
  });
  return { payment, clientSecret: intent.clientSecret };
}
