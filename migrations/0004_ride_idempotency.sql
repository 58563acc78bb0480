ALTER TABLE "rides" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "request_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "rides_idempotency_key" ON "rides" USING btree ("rider_id","idempotency_key");