/**
 * The Worker's entry points: HTTP (the Hono app), queue batches (actor
 * events to Postgres; push, SMS and email on the notify queue) and cron (sweeps). Also exports the actor classes.
 */
import { createApp } from "./app.ts";
import { runScheduled } from "./cron/scheduled.ts";
import { consumeDeadLetters, consumeEvents, isDeadLetterQueue } from "./events/consumer.ts";
import { consumeDeliveries, isNotifyQueue } from "./notify/deliveries.ts";

export { CellActor } from "../durable-objects/cell.ts";
export { CityMapActor } from "../durable-objects/city-map.ts";
export { RateLimiter } from "../durable-objects/rate-limiter.ts";
export { RideActor } from "../durable-objects/ride.ts";
export { SpotIndexActor } from "../durable-objects/spot-index.ts";
export { UserActor } from "../durable-objects/user.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  async queue(batch, env) {
    if (isDeadLetterQueue(batch.queue)) await consumeDeadLetters(batch, env);
    else if (isNotifyQueue(batch.queue)) await consumeDeliveries(batch, env);
    else await consumeEvents(batch, env);
  },
  async scheduled(controller, env) {
    await runScheduled(controller, env);
  },
} satisfies ExportedHandler<Env, unknown>;
