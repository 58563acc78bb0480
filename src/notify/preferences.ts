/**
 * Each user's choice of channels per category: a row where they chose,
 * the default (domain/notifications.ts `channelDefault`) where they did not.
 */
import { eq, sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { notificationPreferences } from "../db/schema/index.ts";
import {
  channelDefault,
  NOTIFICATION_CATEGORIES,
  NOTIFICATION_CHANNELS,
  type NotificationCategory,
  type NotificationChannel,
} from "../domain/notifications.ts";

/** `{ push: { ride: true, … }, sms: { … }, email: { … } }`: every channel and category. */
export type Preferences = Record<NotificationChannel, Record<NotificationCategory, boolean>>;

/** A partial change: only the channels and categories named. */
export type PreferencesChange = Partial<Record<NotificationChannel, Partial<Record<NotificationCategory, boolean>>>>;

export async function preferencesOf(db: Database, userId: string): Promise<Preferences> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((r) => [`${r.channel}:${r.category}`, r.enabled]));
  const all = {} as Preferences;
  for (const channel of NOTIFICATION_CHANNELS) {
    all[channel] = {} as Record<NotificationCategory, boolean>;
    for (const category of NOTIFICATION_CATEGORIES) {
      all[channel][category] = chosen.get(`${channel}:${category}`) ?? channelDefault(channel, category);
    }
  }
  return all;
}

/** Stores the choices named (one upsert), and returns the whole set. */
export async function changePreferences(db: Database, userId: string, change: PreferencesChange): Promise<Preferences> {
  const rows = NOTIFICATION_CHANNELS.flatMap((channel) =>
    Object.entries(change[channel] ?? {}).map(([category, enabled]) => ({
      userId,
      channel,
      category: category as NotificationCategory,
      enabled: enabled as boolean,
    })),
  );
  if (rows.length > 0) {
    await db
      .insert(notificationPreferences)
      .values(rows)
      .onConflictDoUpdate({
        target: [notificationPreferences.userId, notificationPreferences.channel, notificationPreferences.category],
        set: { enabled: sql`excluded.enabled`, updatedAt: sql`now()` },
      });
  }
  return preferencesOf(db, userId);
}
