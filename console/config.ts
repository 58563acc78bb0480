/**
 * Deployment settings of the console, read from /admin/config.json (written
 * by the build, scripts/lib/console.ts): today the map's tile URL. Without
 * one the map draws only the city's service area and its hexagons, which
 * needs no internet.
 */

export interface ConsoleConfig {
  /** A raster tile template such as `https://tiles.example/{z}/{x}/{y}.png`, or null. */
  tileUrl: string | null;
  tileAttribution: string | null;
}

let loaded: Promise<ConsoleConfig> | undefined;

export function consoleConfig(): Promise<ConsoleConfig> {
  loaded ??= fetch("/admin/config.json")
    .then((res) => (res.ok ? (res.json() as Promise<Partial<ConsoleConfig>>) : {}))
    .catch(() => ({}))
    .then((c: Partial<ConsoleConfig>) => ({ tileUrl: c.tileUrl ?? null, tileAttribution: c.tileAttribution ?? null }));
  return loaded;
}
