/**
 * `npm run db:migrate`: applies migrations/ to the database at DATABASE_URL
 * (for example Neon before a deploy). The local start and test commands
 * migrate by themselves.
 */
import { redact } from "./lib/database.ts";
import { migrateDatabase } from "./lib/migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: nothing to migrate.");
  process.exit(2);
}
await migrateDatabase(url);
console.log(`migrated ${redact(url)}`);
