/**
 * Notifications (one row per message to a user, in order by `seq`), the
 * devices push goes to, and each user's choice of channels per category.
 * Written by src/notify/, read by routes/notifications.ts and the UserActor.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { devicePlatform, notificationCategory, notificationChannel } from "./enums.ts";
import { users } from "./identity.ts";

export const notifications = pgTable(
  "notifications",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The order in which notifications were made: a live channel resumes after the last one it saw. */
    seq: bigint({ mode: "number" }).generatedAlwaysAsIdentity().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    category: notificationCategory().notNull(),
    /** What happened, dotted: `ride.assigned`, `booking.confirmed`. */
    type: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    data: jsonb().$type<Record<string, unknown>>(),
    /** The same fact told twice (a queue redelivery) is one notification: `<event id>:<user id>`. */
    dedupeKey: text(),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("notifications_seq_key").on(t.seq),
    uniqueIndex("notifications_dedupe_key").on(t.dedupeKey),
    index("notifications_user_seq_idx").on(t.userId, t.seq.desc()),
    index("notifications_unread_idx").on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** A phone or browser that receives push: one row per token (a token moves to whoever registered it last). */
export const devices = pgTable(
  "devices",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    platform: devicePlatform().notNull(),
    token: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("devices_token_key").on(t.token), index("devices_user_idx").on(t.userId)],
);

/** A user's choice for one channel and category; a missing row means the default (notify/preferences.ts). */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    channel: notificationChannel().notNull(),
    category: notificationCategory().notNull(),
    enabled: boolean().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.channel, t.category] })],
);
