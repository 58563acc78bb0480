CREATE TYPE "public"."coupon_redemption_status" AS ENUM('reserved', 'redeemed', 'released');--> statement-breakpoint
ALTER TABLE "bookings" DROP CONSTRAINT "bookings_amounts_valid";--> statement-breakpoint
ALTER TABLE "cities" ADD COLUMN "points_rule" jsonb;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "rating_avg" double precision DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "rating_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "coupon_redemptions" ADD COLUMN "status" "coupon_redemption_status" DEFAULT 'reserved' NOT NULL;--> statement-breakpoint
ALTER TABLE "coupon_redemptions" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "coupons" ADD COLUMN "parking" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "reward_points" ADD COLUMN "booking_id" uuid;--> statement-breakpoint
ALTER TABLE "reward_points" ADD COLUMN "currency" char(3);--> statement-breakpoint
ALTER TABLE "reward_points" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "bookings" ADD COLUMN "discount_amount" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "flagged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "resolved_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "resolved_by" uuid;--> statement-breakpoint
ALTER TABLE "reward_points" ADD CONSTRAINT "reward_points_booking_id_bookings_id_fk" FOREIGN KEY ("booking_id") REFERENCES "public"."bookings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reward_points_key" ON "reward_points" USING btree ("key");--> statement-breakpoint
CREATE INDEX "reviews_flagged_idx" ON "reviews" USING btree ("flagged_at" DESC NULLS LAST,"id") WHERE "reviews"."flagged_at" is not null and "reviews"."resolved_at" is null;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_amounts_valid" CHECK ("bookings"."subtotal_amount" >= 0 and "bookings"."service_fee_amount" >= 0 and "bookings"."discount_amount" >= 0 and "bookings"."total_amount" = "bookings"."subtotal_amount" + "bookings"."service_fee_amount" - "bookings"."discount_amount" and "bookings"."owner_payout_amount" >= 0);