CREATE TABLE "order_counters" (
	"city_id" text PRIMARY KEY NOT NULL,
	"last_value" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pricing" DROP CONSTRAINT "pricing_amounts_nonnegative";--> statement-breakpoint
-- Added without NOT NULL, filled for the rows already there, then made NOT NULL (below).
ALTER TABLE "cities" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "pricing" ADD COLUMN "load_assist_fee" integer;--> statement-breakpoint
ALTER TABLE "vehicle_classes" ADD COLUMN "max_distance_km" integer;--> statement-breakpoint
ALTER TABLE "rides" ADD COLUMN "order_number" text;--> statement-breakpoint
-- A city loaded before codes existed takes the first three letters of its slug (a second city with the
-- same three takes a digit after them: NEW, NEW2); the demo data names its cities' codes itself.
UPDATE "cities" SET "code" = derived."code" FROM (
  SELECT "id", "prefix" || CASE WHEN "n" > 1 THEN "n"::text ELSE '' END AS "code"
  FROM (
    SELECT "id", "prefix", row_number() OVER (PARTITION BY "prefix" ORDER BY "id") AS "n"
    FROM (SELECT "id", upper(rpad(left(regexp_replace("id", '[^a-zA-Z]', '', 'g'), 3), 3, 'X')) AS "prefix" FROM "cities") AS "slugs"
  ) AS "numbered"
) AS derived WHERE derived."id" = "cities"."id";--> statement-breakpoint
ALTER TABLE "cities" ALTER COLUMN "code" SET NOT NULL;--> statement-breakpoint
-- Rides requested before order numbers: numbered per city in the order they were requested, and
-- each city's counter starts after its last one.
UPDATE "rides" SET "order_number" = 'CB-' || "cities"."code" || '-' || lpad("numbered"."n"::text, greatest(6, length("numbered"."n"::text)), '0')
FROM (SELECT "id", "city_id", row_number() OVER (PARTITION BY "city_id" ORDER BY "requested_at", "id") AS "n" FROM "rides") AS "numbered"
JOIN "cities" ON "cities"."id" = "numbered"."city_id"
WHERE "rides"."id" = "numbered"."id";--> statement-breakpoint
INSERT INTO "order_counters" ("city_id", "last_value") SELECT "city_id", count(*) FROM "rides" GROUP BY "city_id";--> statement-breakpoint
ALTER TABLE "rides" ALTER COLUMN "order_number" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "order_counters" ADD CONSTRAINT "order_counters_city_id_cities_id_fk" FOREIGN KEY ("city_id") REFERENCES "public"."cities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cities_code_key" ON "cities" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "rides_order_number_key" ON "rides" USING btree ("order_number");--> statement-breakpoint
ALTER TABLE "cities" ADD CONSTRAINT "cities_code_format" CHECK ("cities"."code" ~ '^[A-Z][A-Z0-9]{1,4}$');--> statement-breakpoint
ALTER TABLE "pricing" ADD CONSTRAINT "pricing_amounts_nonnegative" CHECK ("pricing"."base_fare" >= 0 and "pricing"."per_km" >= 0 and "pricing"."per_minute" >= 0 and "pricing"."minimum_fare" >= 0 and "pricing"."cancellation_fee" >= 0 and "pricing"."commission_bps" between 0 and 10000 and coalesce("pricing"."load_assist_fee", 0) >= 0);
