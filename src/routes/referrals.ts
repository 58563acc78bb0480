/**
 * Referrals and reward points (growth/referrals.ts, growth/points.ts,
 * domain/rewards.ts). Two sub-apps:
 *
 *   GET  /v1/referrals/code     the caller's code (made on first ask)
 *   POST /v1/referrals/apply    {code}: within 7 days of signing up, never one's own, once
 *   GET  /v1/referrals/stats    how the caller's referrals stand, and what they earned
 *   GET  /v1/rewards/points     the balance and the history, newest first (cursor-paginated)
 *   POST /v1/rewards/redeem     {points, currency?}: points into wallet credit
 *
 * When a referee completes a ride, both sides get wallet credit and points, once.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { MIN_REDEEM_POINTS } from "../domain/rewards.ts";
import type { AppEnv } from "../env.ts";
import { pointsRedeemedNotice, referralAppliedNotice, tell } from "../growth/notices.ts";
import { type PointsRow, pointsBalance, pointsHistory, redeemPoints } from "../growth/points.ts";
import { applyCode, codeOf, referralStats } from "../growth/referrals.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { background } from "../http/background.ts";
import { decodeCursor, page, timeIdCursor } from "../http/cursor.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { jsonBody, MoneySchema, PageQuerySchema, problemResponses } from "../http/schemas.ts";

const signedIn = requireAuth();
const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { "application/json": { schema } },
});

const ReferralSchema = z
  .object({
    id: z.uuid(),
    referrer_id: z.uuid(),
    status: z.enum(["pending", "completed", "expired"]),
    created_at: z.string(),
  })
  .openapi("Referral");

const StatsSchema = z
  .object({
    code: z.string(),
    referred: z.number().int(),
    pending: z.number().int(),
    completed: z.number().int(),
    earned: z.array(MoneySchema),
    points_earned: z.number().int(),
    referred_by: z
      .object({ user_id: z.uuid(), status: z.enum(["pending", "completed", "expired"]) })
      .nullable()
      .openapi({ description: "The referral applied to the caller's own account, if any." }),
  })
  .openapi("ReferralStats");

export const referralsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/code",
      operationId: "getReferralCode",
      tags: ["Referrals"],
      summary: "The caller's referral code",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      responses: {
        200: json("The code", z.object({ code: z.string().openapi({ example: "K7MQ2XPA" }) })),
        ...problemResponses(401),
      },
    }),
    async (c) => c.json({ code: await codeOf(c.var.db(), caller(c).userId) }, 200),
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/apply",
      operationId: "applyReferralCode",
      tags: ["Referrals"],
      summary: "Apply a friend's referral code (within 7 days of signing up, once)",
      description:
        "422 `referral_code_not_found`, `own_referral_code` or `referral_window_closed`; 409 `already_referred`. Both sides are rewarded when the caller completes a ride.",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { body: jsonBody(z.object({ code: z.string().trim().min(1).max(40) })) },
      responses: { 201: json("The referral, pending", ReferralSchema), ...problemResponses(400, 401, 409, 422) },
    }),
    async (c) => {
      const row = await applyCode(c.var.db(), caller(c).userId, c.req.valid("json").code, new Date());
      background(c)(tell(c.env, [referralAppliedNotice(row)]));
      return c.json(
        { id: row.id, referrer_id: row.referrerId, status: row.status, created_at: row.createdAt.toISOString() },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/stats",
      operationId: "getReferralStats",
      tags: ["Referrals"],
      summary: "How the caller's referrals stand and what they earned",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      responses: { 200: json("The stats", StatsSchema), ...problemResponses(401) },
    }),
    async (c) => c.json(await referralStats(c.var.db(), caller(c).userId), 200),
  );

const PointsEntrySchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(["earned", "redeemed", "expired", "adjusted"]),
    points: z.number().int().openapi({ description: "Positive when earned, negative when redeemed." }),
    source: z.string().openapi({ description: "`ride`, `booking`, `referral`, `redeem`." }),
    ride_id: z.uuid().nullable(),
    booking_id: z.uuid().nullable(),
    description: z.string(),
    expires_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("PointsEntry");

function entryJson(r: PointsRow): z.infer<typeof PointsEntrySchema> {
  return {
    id: r.id,
    kind: r.kind,
    points: r.points,
    source: r.source,
    ride_id: r.rideId,
    booking_id: r.bookingId,
    description: r.description,
    expires_at: r.expiresAt?.toISOString() ?? null,
    created_at: r.createdAt.toISOString(),
  };
}

export const rewardsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "get",
      path: "/points",
      operationId: "getRewardPoints",
      tags: ["Referrals"],
      summary: "The caller's points: the balance, and the history newest first",
      description: "Points expire 12 months after they were earned; the balance counts only those still valid.",
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: { query: PageQuerySchema },
      responses: {
        200: json(
          "The balance and a page of the history",
          z.object({ balance: z.number().int(), data: z.array(PointsEntrySchema), next_cursor: z.string().nullable() }),
        ),
        ...problemResponses(400, 401),
      },
    }),
    async (c) => {
      const me = caller(c).userId;
      const { limit, cursor } = c.req.valid("query");
      const rows = await pointsHistory(c.var.db(), me, limit, decodeCursor(cursor));
      const result = page(rows, limit, (r) => timeIdCursor(r.createdAt, r.id));
      const balance = await pointsBalance(c.var.db(), me, new Date());
      return c.json({ balance, data: result.data.map(entryJson), next_cursor: result.next_cursor }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/redeem",
      operationId: "redeemRewardPoints",
      tags: ["Referrals"],
      summary: "Turn points into wallet credit",
      description: `At least ${MIN_REDEEM_POINTS} points; 1 point is ₹0.25 or 1 cent. \`currency\` defaults to the one the points were last earned in. 422 \`below_minimum\`, \`insufficient_points\` (with \`balance\`), \`currency_not_supported\`.`,
      security: bearerSecurity,
      middleware: [signedIn] as const,
      request: {
        body: jsonBody(
          z.object({
            points: z.number().int().positive().max(100_000_000),
            currency: z
              .string()
              .regex(/^[A-Z]{3}$/)
              .optional(),
          }),
        ),
      },
      responses: {
        201: json(
          "The credit and the balance after",
          z.object({ balance: z.number().int(), credit: MoneySchema, entry: PointsEntrySchema }),
        ),
        ...problemResponses(400, 401, 422),
      },
    }),
    async (c) => {
      const b = c.req.valid("json");
      const me = caller(c).userId;
      const done = await redeemPoints(c.var.db(), me, b.points, b.currency, new Date());
      const notice = pointsRedeemedNotice({ userId: me, entryId: done.row.id, points: b.points, credit: done.credit });
      background(c)(tell(c.env, [notice]));
      return c.json({ balance: done.balance, credit: done.credit, entry: entryJson(done.row) }, 201);
    },
  );
