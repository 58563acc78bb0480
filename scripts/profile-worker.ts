/**
 * `node scripts/profile-worker.ts [--port 9229] [--seconds 30] [--out worker.cpuprofile]`
 *
 * A V8 CPU profile of the Worker that `wrangler dev` runs (`npm start`, or
 * the platform a simulation starts; locally every actor and the Worker share
 * one isolate), through wrangler's inspector, for a while under load: a
 * running simulation, say. Writes the .cpuprofile (Chrome DevTools opens it)
 * and prints self time by function (test/bench/cpu-profile.ts). On a machine
 * with more runnable work than cores, time the thread sat descheduled is
 * charged to whatever frame was current: read the shares with that in mind.
 */
import { parseArgs } from "node:util";
import { profileWhile } from "../test/bench/cpu-profile.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9229" },
    seconds: { type: "string", default: "30" },
    out: { type: "string", default: "worker.cpuprofile" },
  },
});

await profileWhile(
  Number(values.port),
  values.out,
  () => new Promise((resolve) => setTimeout(resolve, Number(values.seconds) * 1000)),
  { title: "Cloudflare Worker", origin: "https://devtools.devprod.cloudflare.dev" },
);
