/** What the benchmarks share: the project root, `--name value` options, the machine line, and wrangler's build of a config. */
import { execFileSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** `--name value` pairs from the command line. */
export const args = new Map(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith("--") ? [[a.slice(2), all[i + 1] ?? ""]] : [])),
);

/** CPUs, memory and Node, for each table's title. */
export const MACHINE = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

/** Builds a wrangler config with `deploy --dry-run` and returns the bundled script's path. */
export function build(config: string, outdir: string): string {
  execFileSync(
    process.execPath,
    [`${ROOT}node_modules/wrangler/bin/wrangler.js`, "deploy", "--dry-run", "--config", config, "--outdir", outdir],
    { cwd: ROOT, stdio: "ignore", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  return `${outdir}/${config.endsWith("gateway.wrangler.toml") ? "cell-gateway.js" : "index.js"}`;
}
