/**
 * Money after a ride. Mounted at /v1/rides, beside routes/rides.ts.
 *
 *   POST /v1/rides/{id}/tip              {amount, method?}: the rider, after completion, once; all to the driver
 *   POST /v1/rides/{id}/cash-collected   the driver of a completed cash ride confirms they were paid
 *
 * A ride the caller may not see is a 404.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { caller, requireAuth } from "../http/auth.ts";
import { bearerSecurity } from "../http/openapi.ts";
import { ProblemError } from "../http/problem.ts";
import { AmountSchema, IdParam, jsonBody, MoneySchema, problemResponses } from "../http/schemas.ts";
import { paymentContext } from "../payments/context.ts";
import { collectCash } from "../payments/ride-payment.ts";
import { tip } from "../payments/tips.ts";

const TipSchema = z
  .object({
    payment_id: z.uuid(),
    ride_id: z.uuid(),
    amount: MoneySchema,
    method: z.enum(["card", "wallet"]),
    status: z.string(),
  })
  .openapi("Tip");

const riders = requireAuth({ roles: ["rider"] });
const drivers = requireAuth({ roles: ["driver"] });
const rideNotFound = () => new ProblemError(404, "ride_not_found", "No such ride.");

export const ridePaymentsRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/tip",
      operationId: "tipDriver",
      tags: ["Rides"],
      summary: "Tip the driver after a completed ride (paid to them in full)",
      description:
        "By card (off session, on the default card) or from the wallet; by default the ride's own method, card for a cash ride. One tip per ride: the same tip again returns it, another is 409 `already_tipped`.",
      security: bearerSecurity,
      middleware: [riders] as const,
      request: {
        params: IdParam,
        body: jsonBody(z.object({ amount: AmountSchema, method: z.enum(["card", "wallet"]).optional() })),
      },
      responses: {
        201: { description: "The tip, paid", content: { "application/json": { schema: TipSchema } } },
        ...problemResponses(400, 401, 402, 403, 404, 409, 422, 502, 503),
      },
    }),
    async (c) => {
      const me = caller(c);
      const rideId = c.req.valid("param").id;
      const body = c.req.valid("json");
      const ride = await c.env.RIDE.getByName(rideId).view({ userId: me.userId, role: me.role });
      if (!ride || ride.rider_id !== me.userId) throw rideNotFound();
      if (ride.status !== "completed" || !ride.driver) {
        throw new ProblemError(409, "invalid_state", "Only a completed ride can be tipped.");
      }
      const currency = ride.estimate.total.currency;
      if (body.amount.currency !== currency) {
        throw new ProblemError(422, "currency_mismatch", `The ride is paid in ${currency}.`);
      }
      const method = body.method ?? (ride.payment_method === "wallet" ? "wallet" : "card");
      const paid = await tip(paymentContext(c.env, c.var.db()), {
        rideId,
        riderId: me.userId,
        driverId: ride.driver.id,
        amount: body.amount.amount,
        currency,
        method,
      });
      return c.json(
        {
          payment_id: paid.id,
          ride_id: rideId,
          amount: { amount: paid.amount, currency: paid.currency },
          method: paid.method as "card" | "wallet",
          status: paid.status,
        },
        201,
      );
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/{id}/cash-collected",
      operationId: "confirmCashCollected",
      tags: ["Rides"],
      summary: "The driver confirms they collected a cash ride's fare",
      description:
        "The fare enters the ledger as cash the driver keeps; the commission and taxes become their debt, netted against later card and wallet earnings. Once per ride.",
      security: bearerSecurity,
      middleware: [drivers] as const,
      request: { params: IdParam },
      responses: {
        200: {
          description: "The ride's payment",
          content: {
            "application/json": {
              schema: z.object({
                id: z.uuid().nullable(),
                method: z.string(),
                status: z.string(),
                authorized: MoneySchema,
                captured: MoneySchema,
                refunded: MoneySchema,
              }),
            },
          },
        },
        ...problemResponses(400, 401, 403, 404, 409),
      },
    }),
    async (c) => {
      const me = caller(c);
      const snapshot = await c.env.RIDE.getByName(c.req.valid("param").id).snapshot();
      if (!snapshot || snapshot.driver_id !== me.userId) throw rideNotFound();
      const p = await collectCash(paymentContext(c.env, c.var.db()), snapshot);
      const money = (amount: number) => ({ amount, currency: p.currency });
      return c.json(
        {
          id: p.id,
          method: p.method,
          status: p.status,
          authorized: money(p.authorized),
          captured: money(p.captured),
          refunded: money(p.refunded),
        },
        200,
      );
    },
  );
