/**
 * The caller's money in Curbside. Mounted at /v1/wallet.
 *
 *   GET  /v1/wallet                  balances: the wallet (prepaid) and earnings (drivers, owners), per currency
 *   GET  /v1/wallet/transactions     movements, newest first (cursor-paginated)
 *   POST /v1/wallet/top-up           {amount}: a PaymentIntent the app confirms; credited on its webhook
 *   POST /v1/wallet/withdraw         {amount}: drivers and owners, earnings to their connected account
 *   GET  /v1/wallet/withdrawals      their withdrawals, newest first (the latest 100)
 *
 * Amounts are money objects. Writes take an Idempotency-Key.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { type WithdrawalRow, withdrawalsOf } from "../db/queries/payments.ts";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import {
  AmountSchema,
  IdempotencyHeader,
  jsonBody,
  MoneySchema,
  PageQuerySchema,
  pageOf,
  problemResponses,
} from "../http/schemas.ts";
import { balancesOf, transactionsOf } from "../ledger/read.ts";
import { paymentContext } from "../payments/context.ts";
import { withdraw } from "../payments/payouts.ts";
import { startTopUp } from "../payments/wallet.ts";

const BalanceSchema = z
  .object({
    account: z.enum(["wallet", "earnings"]),
    currency: z.string(),
    available: MoneySchema,
    pending: MoneySchema.openapi({ description: "Held: incoming not yet posted, less outgoing held" }),
  })
  .openapi("Balance");

const TransactionSchema = z
  .object({
    id: z.uuid(),
    account: z.enum(["wallet", "earnings"]),
    code: z
      .string()
      .openapi({ description: "topup, ride_payment, ride_hold, driver_share, tip, withdrawal, refund, cash_kept, …" }),
    amount: MoneySchema.openapi({ description: "Signed: positive in, negative out" }),
    status: z.enum(["posted", "pending"]),
    ride_id: z.uuid().nullable(),
    booking_id: z.uuid().nullable(),
    created_at: z.string(),
  })
  .openapi("WalletTransaction");

const TopUpSchema = z
  .object({
    payment_id: z.uuid(),
    payment_intent_id: z.string(),
    client_secret: z.string().nullable(),
    amount: MoneySchema,
    status: z.string(),
  })
  .openapi("TopUp");

const WithdrawalSchema = z
  .object({
    id: z.uuid(),
    amount: MoneySchema,
    status: z.enum(["pending", "in_transit", "paid", "failed"]),
    payout_id: z.string().nullable(),
    failure_code: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("Withdrawal");

const withdrawalJson = (w: WithdrawalRow): z.infer<typeof WithdrawalSchema> => ({
  id: w.id,
  amount: { amount: w.amount, currency: w.currency },
  status: w.status,
  payout_id: w.payoutRef,
  failure_code: w.failureCode,
  created_at: w.createdAt.toISOString(),
});

const signedIn = requireAuth();
const earners = requireAuth({ roles: ["driver", "owner"] });

/** Without a header, a write still gets a key of its own (not retry-safe, as the client chose). */
const keyOf = (header: string | undefined) => header ?? crypto.randomUUID();

export const walletRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/",
      operationId: "getWallet",
      tags: ["Wallet"],
      summary: "The caller's balances",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      responses: {
        200: {
          description: "One balance per account and currency (none before the first movement)",
          content: { "application/json": { schema: z.object({ balances: z.array(BalanceSchema) }) } },
        },
        ...problemResponses(401),
      },
    }),
    async (c) => {
      const balances = await balancesOf(c.var.db(), caller(c).userId);
      return c.json(
        {
          balances: balances.map((b) => ({
            account: b.kind,
            currency: b.currency,
            available: { amount: b.available, currency: b.currency },
            pending: { amount: b.pending, currency: b.currency },
          })),
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/transactions",
      operationId: "listWalletTransactions",
      tags: ["Wallet"],
      summary: "The caller's movements, newest first",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: {
          description: "A page of movements",
          content: { "application/json": { schema: pageOf(TransactionSchema) } },
        },
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await transactionsOf(c.var.db(), caller(c).userId, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.createdAt, r.id));
      return c.json(
        {
          data: result.data.map((t) => ({
            id: t.id,
            account: t.account,
            code: t.code,
            amount: { amount: t.amount, currency: t.currency },
            status: t.status,
            ride_id: t.rideId,
            booking_id: t.bookingId,
            created_at: t.createdAt.toISOString(),
          })),
          next_cursor: result.next_cursor,
        },
        200,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/top-up",
      operationId: "topUpWallet",
      tags: ["Wallet"],
      summary:
        "Add money: the app confirms the returned PaymentIntent; the wallet is credited on the provider's webhook",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { headers: IdempotencyHeader, body: jsonBody(z.object({ amount: AmountSchema })) },
      responses: {
        201: { description: "The top-up, to confirm", content: { "application/json": { schema: TopUpSchema } } },
        ...problemResponses(400, 401, 422, 502, 503),
      },
    }),
    async (c) => {
      const { amount } = c.req.valid("json");
      const { payment, clientSecret } = await startTopUp(paymentContext(c.env, c.var.db()), caller(c).userId, {
        amount: amount.amount,
        currency: amount.currency,
        key: keyOf(c.req.valid("header")["idempotency-key"]),
      });
      if (payment.amount !== amount.amount || payment.currency !== amount.currency) {
        throw new ProblemError(422, "idempotency_key_reused", "This Idempotency-Key was used for a different top-up.");
      }
      return c.json(
        {
          payment_id: payment.id,
          payment_intent_id: payment.providerRef ?? "",
          client_secret: clientSecret,
          amount: { amount: payment.amount, currency: payment.currency },
          status: payment.status,
        },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/withdraw",
      operationId: "withdrawEarnings",
      tags: ["Wallet"],
      summary: "Pay earnings out to the caller's connected account (drivers and owners)",
      security: bearerSecurity,
      middleware: [earners] as const,
      request: { headers: IdempotencyHeader, body: jsonBody(z.object({ amount: AmountSchema })) },
      responses: {
        201: {
          description: "The withdrawal, on its way",
          content: { "application/json": { schema: WithdrawalSchema } },
        },
        ...problemResponses(400, 401, 402, 403, 409, 422, 502, 503),
      },
    }),
    async (c) => {
      const { amount } = c.req.valid("json");
      const w = await withdraw(paymentContext(c.env, c.var.db()), caller(c).userId, {
        amount: amount.amount,
        currency: amount.currency,
        key: keyOf(c.req.valid("header")["idempotency-key"]),
      });
      return c.json(withdrawalJson(w), 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/withdrawals",
      operationId: "listWithdrawals",
      tags: ["Wallet"],
      summary: "The caller's withdrawals, newest first (the latest 100)",
      security: bearerSecurity,
      middleware: [earners] as const,
      responses: {
        200: {
          description: "Withdrawals and where each stands",
          content: { "application/json": { schema: z.object({ data: z.array(WithdrawalSchema) }) } },
        },
        ...problemResponses(401, 403),
      },
    }),
    async (c) => {
      const rows = await withdrawalsOf(c.var.db(), caller(c).userId, 100);
      return c.json({ data: rows.map(withdrawalJson) }, 200);
    },
  );
