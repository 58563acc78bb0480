/**
 * GET /health: is the platform able to serve? Checks the database (and its
 * PostGIS), that both actor classes answer and that the configuration is
 * usable (TIME_SCALE). 200 when all are ok, 503 when any is not, always with
 * every check's detail, and the clock's scale (a simulator checks it).
 * Mounted at /health.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { sql } from "drizzle-orm";
import { parseTimeScale } from "../domain/time-scale.ts";
import type { AppEnv } from "../env.ts";
import { publicSecurity } from "../http/openapi.ts";
import { errorFields, log } from "../log.ts";

const CHECK_TIMEOUT_MS = 5_000;

const CheckSchema = z.object({
  ok: z.boolean(),
  latency_ms: z.number().int(),
  detail: z.string().optional(),
});

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded"]),
    checks: z.object({
      database: CheckSchema.extend({ postgis: z.string().optional() }),
      cell_actor: CheckSchema,
      ride_actor: CheckSchema,
      config: CheckSchema,
    }),
    time_scale: z.number().nullable().openapi({
      description:
        "TIME_SCALE: how many times faster than the wall clock the platform's timers run (1 but in simulations; null when misconfigured).",
    }),
    time: z.string(),
  })
  .openapi("Health");

type Check = z.infer<typeof CheckSchema> & { postgis?: string };

async function timed(name: string, fn: () => Promise<Partial<Check> | undefined>): Promise<Check> {
  const started = Date.now();
  try {
    const extra = await Promise.race([
      fn(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS),
      ),
    ]);
    return { ok: true, latency_ms: Date.now() - started, ...extra };
  } catch (error) {
    log("warn", "health.check_failed", { check: name, ...errorFields(error) });
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, latency_ms: Date.now() - started, detail };
  }
}

const route = createRoute({
  method: "get",
  path: "/",
  operationId: "getHealth",
  tags: ["Platform"],
  summary: "Health of the database and the actors",
  security: publicSecurity,
  responses: {
    200: { description: "Everything is reachable", content: { "application/json": { schema: HealthSchema } } },
    503: { description: "Something is not", content: { "application/json": { schema: HealthSchema } } },
  },
});

export const healthRoutes = new OpenAPIHono<AppEnv>().openapi(route, async (c) => {
  const [database, cellActor, rideActor] = await Promise.all([
    timed("database", async () => {
      const result = await c.var.db().execute<{ postgis: string }>(sql`select postgis_lib_version() as postgis`);
      return { postgis: result.rows[0]?.postgis ?? "unknown" };
    }),
    timed("cell_actor", async () => {
      await c.env.CELL.getByName("health").ping();
      return undefined;
    }),
    timed("ride_actor", async () => {
      await c.env.RIDE.getByName("health").ping();
      return undefined;
    }),
  ]);
  const scale = parseTimeScale(c.env.TIME_SCALE, c.env.ENVIRONMENT);
  const config: Check = scale.ok ? { ok: true, latency_ms: 0 } : { ok: false, latency_ms: 0, detail: scale.reason };
  const ok = database.ok && cellActor.ok && rideActor.ok && config.ok;
  const body = {
    status: ok ? ("ok" as const) : ("degraded" as const),
    checks: { database, cell_actor: cellActor, ride_actor: rideActor, config },
    time_scale: scale.ok ? scale.scale : null,
    time: new Date().toISOString(),
  };
  return ok ? c.json(body, 200) : c.json(body, 503);
});
