/**
 * A driver's earnings. Mounted at /v1/drivers/me/earnings.
 *
 *   GET /v1/drivers/me/earnings?from&to    per ride: fare, share, commission, taxes, tip, cash collected; totals per UTC day
 *
 * `from` and `to` are ISO 8601 instants; the default is the last 7 days, the longest span 92 days.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { MoneySchema, problemResponses } from "../http/schemas.ts";
import { dailyTotals, earningsOf } from "../payments/earnings.ts";

const DAY_MS = 86_400_000;
const MAX_SPAN_DAYS = 92;

const RideEarningSchema = z
  .object({
    ride_id: z.uuid(),
    at: z.string(),
    fare: MoneySchema,
    share: MoneySchema.openapi({ description: "The fare less commission and taxes" }),
    commission: MoneySchema,
    taxes: MoneySchema,
    tip: MoneySchema,
    cash_collected: MoneySchema.openapi({ description: "Cash the driver collected and kept" }),
    refunded: MoneySchema,
    net: MoneySchema.openapi({ description: "What the ride added to the earnings balance" }),
  })
  .openapi("RideEarning");

const DaySchema = z
  .object({
    date: z.string(),
    rides: z.number().int(),
    fare: MoneySchema,
    share: MoneySchema,
    commission: MoneySchema,
    tip: MoneySchema,
    cash_collected: MoneySchema,
    net: MoneySchema,
  })
  .openapi("EarningsDay");

const drivers = requireAuth({ roles: ["driver"] });

export const earningsRoutes = new OpenAPIHono<AppEnv>().openapi(
  createRoute({
    method: "get",
    path: "/",
    operationId: "getDriverEarnings",
    tags: ["Drivers"],
    summary: "The caller's earnings per ride and per day",
    security: bearerSecurity,
    middleware: [drivers] as const,
    request: {
      query: z.object({
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
      }),
    },
    responses: {
      200: {
        description: "Earnings in the window",
        content: {
          "application/json": {
            schema: z.object({
              from: z.string(),
              to: z.string(),
              rides: z.array(RideEarningSchema),
              days: z.array(DaySchema),
            }),
          },
        },
      },
      ...problemResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const to = q.to ? new Date(q.to) : new Date();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * DAY_MS);
    if (!(from < to) || to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS) {
      throw new ProblemError(
        400,
        "invalid_window",
        `\`from\` must be before \`to\`, at most ${MAX_SPAN_DAYS} days apart.`,
        {
          errors: [{ path: "from", in: "query", message: "before to, within 92 days" }],
        },
      );
    }
    const rides = await earningsOf(c.var.db(), caller(c).userId, from, to);
    const m = (amount: number, currency: string) => ({ amount, currency });
    return c.json(
      {
        from: from.toISOString(),
        to: to.toISOString(),
        rides: rides.map((r) => ({
          ride_id: r.rideId,
          at: r.at.toISOString(),
          fare: m(r.fare, r.currency),
          share: m(r.share, r.currency),
          commission: m(r.commission, r.currency),
          taxes: m(r.taxes, r.currency),
          tip: m(r.tip, r.currency),
          cash_collected: m(r.cashCollected, r.currency),
          refunded: m(r.refunded, r.currency),
          net: m(r.net, r.currency),
        })),
        days: dailyTotals(rides).map((d) => ({
          date: d.date,
          rides: d.rides,
          fare: m(d.fare, d.currency),
          share: m(d.share, d.currency),
          commission: m(d.commission, d.currency),
          tip: m(d.tip, d.currency),
          cash_collected: m(d.cash_collected, d.currency),
          net: m(d.net, d.currency),
        })),
      },
      200,
    );
  },
);
