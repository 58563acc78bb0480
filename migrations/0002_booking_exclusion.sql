-- A spot cannot be held twice at once: bookings in a holding state may not
-- overlap in time. Half-open ranges '[)' let one booking end exactly when the
-- next begins. This is the database's own guarantee, whatever the API checks.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap" EXCLUDE USING gist (
	"spot_id" WITH =,
	tstzrange("starts_at", "ends_at", '[)') WITH &&
) WHERE ("status" IN ('pending', 'confirmed', 'in_progress'));
