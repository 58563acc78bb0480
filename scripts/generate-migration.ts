/**
 * `npm run db:generate -- --name=what_changed`: drizzle-kit generate, then the
 * one fix its output needs: it quotes custom column types, writing
 * `"geography(Point,4326)"`, which Postgres reads as a type name that does
 * not exist (the same family as drizzle-orm issues 2675 and 3040).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const result = spawnSync(
  process.execPath,
  [`${ROOT}node_modules/drizzle-kit/bin.cjs`, "generate", ...process.argv.slice(2)],
  { cwd: ROOT, stdio: "inherit" },
);
if (result.status !== 0) process.exit(result.status ?? 1);

for (const file of readdirSync(`${ROOT}migrations`).filter((f) => f.endsWith(".sql"))) {
  const path = `${ROOT}migrations/${file}`;
  const sql = readFileSync(path, "utf8");
  const fixed = sql.replace(/"(geography\((?:Point|Polygon|MultiPolygon|LineString),4326\))"/g, "$1");
  if (fixed !== sql) {
    writeFileSync(path, fixed);
    console.log(`unquoted geography types in migrations/${file}`);
  }
}
