-- PostGIS for geography columns; btree_gist so an exclusion constraint can
-- combine equality on a uuid with overlap of a time range.
CREATE EXTENSION IF NOT EXISTS postgis;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gist;
