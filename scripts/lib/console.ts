/**
 * Builds the admin console (console/, TypeScript) with esbuild into the
 * Worker's static assets, public/admin: app.js and app.css (Leaflet's CSS
 * included), index.html, the icon and config.json. Run by `npm start`,
 * `npm run assets` and the tests' global set-up, so /admin is always the
 * console of the checked-out source.
 *
 * config.json carries deployment settings: CONSOLE_TILE_URL (a raster tile
 * template for the live map; without one the map needs no internet) and
 * CONSOLE_TILE_ATTRIBUTION.
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSync } from "esbuild";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SOURCE = join(ROOT, "console");
export const CONSOLE_DIR = join(ROOT, "public/admin");

export function buildConsole(env: NodeJS.ProcessEnv = process.env): void {
  mkdirSync(CONSOLE_DIR, { recursive: true });
  buildSync({
    entryPoints: { app: join(SOURCE, "main.ts") },
    outdir: CONSOLE_DIR,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    loader: { ".png": "file", ".svg": "file" },
    assetNames: "assets/[name]-[hash]",
    logLevel: "warning",
  });
  copyFileSync(join(SOURCE, "index.html"), join(CONSOLE_DIR, "index.html"));
  copyFileSync(join(SOURCE, "favicon.svg"), join(CONSOLE_DIR, "favicon.svg"));
  const config = { tileUrl: env.CONSOLE_TILE_URL || null, tileAttribution: env.CONSOLE_TILE_ATTRIBUTION || null };
  writeFileSync(join(CONSOLE_DIR, "config.json"), `${JSON.stringify(config)}\n`);
}
