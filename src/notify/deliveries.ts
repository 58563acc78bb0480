/**
 * The NOTIFY queue's consumer: push, SMS and email of stored notifications,
 * away from any ride or booking. A notification first fans out (`fanout`)
 * into one message per device and channel the user's preferences allow;
 * each of those is sent on its own, so a retry repeats only what failed.
 * A provider that fails or hangs (push has a timeout) is retried with
 * exponential backoff; after the queue's max_retries the message goes to
 * the dead-letter queue, which `consumeDeadLetters` keeps in dead_letters.
 *
 * Exported apart from the Worker's `queue` handler so tests can call it with a built batch.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { createDb, type Database } from "../db/client.ts";
import { type NotificationRow, notificationById } from "../db/queries/notifications.ts";
import { devices, users } from "../db/schema/index.ts";
import { errorFields, log } from "../log.ts";
import { emailProvider } from "./email.ts";
import { preferencesOf } from "./preferences.ts";
import { type PushMessage, pushProvider } from "./push.ts";
import { sendReceiptEmail } from "./receipt-email.ts";
import { smsProvider } from "./sms.ts";

export const DeliveryMessage = z.discriminatedUnion("kind", [
  /** A new notification: decide where it goes. */
  z.object({ kind: z.literal("fanout"), notification_id: z.uuid() }),
  z.object({ kind: z.literal("push"), notification_id: z.uuid(), device_id: z.uuid() }),
  z.object({ kind: z.literal("sms"), notification_id: z.uuid() }),
  z.object({ kind: z.literal("email"), notification_id: z.uuid() }),
  /** A completed ride's or booking's receipt, by email to the rider or renter. */
  z.object({ kind: z.literal("receipt"), subject: z.enum(["ride", "booking"]), id: z.uuid() }),
]);
export type DeliveryMessage = z.infer<typeof DeliveryMessage>;

/** Whether a queue is the notify queue (wrangler.toml). */
export function isNotifyQueue(queue: string): boolean {
  return queue === "curbside-notify";
}

/** Seconds before the n-th retry: 5, 10, 20, 40, … capped at 10 minutes. */
export function backoffSeconds(attempts: number): number {
  return Math.min(600, 5 * 2 ** Math.max(0, attempts - 1));
}

export async function consumeDeliveries(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const { db, close } = createDb(env);
  try {
    // Each message on its own, at once: one slow provider holds up only its own messages.
    await Promise.all(batch.messages.map((message) => deliverOne(env, db, message)));
  } finally {
    await close().catch(() => {});
  }
}

async function deliverOne(env: Env, db: Database, message: Message<unknown>): Promise<void> {
  const parsed = DeliveryMessage.safeParse(message.body);
  if (!parsed.success) {
    log("error", "notify.invalid", { message_id: message.id });
    message.ack();
    return;
  }
  try {
    await deliver(env, db, parsed.data);
    message.ack();
  } catch (error) {
    const delaySeconds = backoffSeconds(message.attempts);
    log("warn", "notify.retry", {
      kind: parsed.data.kind,
      attempts: message.attempts,
      delaySeconds,
      ...errorFields(error),
    });
    message.retry({ delaySeconds });
  }
}

async function deliver(env: Env, db: Database, m: DeliveryMessage): Promise<void> {
  if (m.kind === "receipt") return sendReceiptEmail(env, db, m.subject, m.id);
  const notification = await notificationById(db, m.notification_id);
  if (!notification) return; // the user was deleted
  switch (m.kind) {
    case "fanout":
      return fanOut(env, db, notification);
    case "push":
      return push(env, db, notification, m.device_id);
    case "sms":
      return sms(env, db, notification);
    case "email":
      return email(env, db, notification);
  }
}

async function fanOut(env: Env, db: Database, n: NotificationRow): Promise<void> {
  const allowed = await preferencesOf(db, n.userId);
  const next: DeliveryMessage[] = [];
  if (allowed.push[n.category]) {
    const theirs = await db.select({ id: devices.id }).from(devices).where(eq(devices.userId, n.userId));
    for (const d of theirs) next.push({ kind: "push", notification_id: n.id, device_id: d.id });
  }
  if (allowed.sms[n.category]) next.push({ kind: "sms", notification_id: n.id });
  if (allowed.email[n.category]) next.push({ kind: "email", notification_id: n.id });
  if (next.length > 0) await env.NOTIFY.sendBatch(next.map((body) => ({ body })));
}

function pushMessage(n: NotificationRow): PushMessage {
  const data = Object.fromEntries(
    Object.entries(n.data ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  return { notification_id: n.id, category: n.category, type: n.type, title: n.title, body: n.body, data };
}

async function push(env: Env, db: Database, n: NotificationRow, deviceId: string): Promise<void> {
  const [device] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.id, deviceId), eq(devices.userId, n.userId)));
  if (!device) return; // forgotten since
  const outcome = await pushProvider(env).send({ platform: device.platform, token: device.token }, pushMessage(n));
  if (outcome === "unregistered") {
    await db.delete(devices).where(eq(devices.id, device.id));
    log("info", "push.device_forgotten", { device: device.id, platform: device.platform });
  }
}

async function contactOf(db: Database, userId: string) {
  const [user] = await db.select({ email: users.email, phone: users.phone }).from(users).where(eq(users.id, userId));
  return user;
}

async function sms(env: Env, db: Database, n: NotificationRow): Promise<void> {
  const phone = (await contactOf(db, n.userId))?.phone;
  if (phone) await smsProvider(env).send(phone, `${n.title}: ${n.body}`);
}

async function email(env: Env, db: Database, n: NotificationRow): Promise<void> {
  const to = (await contactOf(db, n.userId))?.email;
  if (to) await emailProvider(env).send({ to, subject: n.title, text: n.body });
}
