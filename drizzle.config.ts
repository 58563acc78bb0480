import { defineConfig } from "drizzle-kit";

// `npx drizzle-kit generate` writes SQL migrations from src/db/schema. The
// PostGIS extensions (0000) and the booking exclusion constraint (0002) are
// custom migrations: drizzle has no EXCLUDE constraints.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./migrations",
  casing: "snake_case",
});
