/**
 * Runs the Stripe stand-in alone: `node scripts/stripe-standin/main.ts`.
 * PORT (default 12111), WEBHOOK_URL (push events there), WEBHOOK_SECRET
 * (default `whsec_standin`), STRIPE_SECRET_KEY / STRIPE_PUBLISHABLE_KEY
 * (accept only these), PAYOUT_DELAY_MS (default 2000; "never" for control
 * calls only).
 */
import { startStripeStandin } from "./index.ts";

const env = process.env;
const delay = env.PAYOUT_DELAY_MS;
const standin = await startStripeStandin({
  port: Number(env.PORT ?? 12111),
  webhookSecret: env.WEBHOOK_SECRET ?? "whsec_standin",
  webhookUrl: env.WEBHOOK_URL || undefined,
  secretKey: env.STRIPE_SECRET_KEY || undefined,
  publishableKey: env.STRIPE_PUBLISHABLE_KEY || undefined,
  payoutDelayMs: delay === "never" ? null : delay ? Number(delay) : undefined,
  log: (message) => console.log(message),
});
console.log(`Stripe stand-in on ${standin.url}${env.WEBHOOK_URL ? `, pushing events to ${env.WEBHOOK_URL}` : ""}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    standin.stop().then(() => process.exit(0));
  });
}
