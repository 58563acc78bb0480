/**
 * Where a benchmark's time goes inside workerd: a V8 CPU profile of
 * Curbside's isolate through the inspector Miniflare opens (`inspectorPort`),
 * taken while `run` runs, written as a `.cpuprofile` (Chrome DevTools opens
 * it) and summed by function for the console.
 *
 * Used by `npm run bench:parking -- --profile FILE`.
 */
import { writeFileSync } from "node:fs";
import { WebSocket } from "ws";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time by function, as shares of all samples, largest first. */
export function topFunctions(nodes: ProfileNode[], count: number): { share: number; name: string }[] {
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of nodes) {
    const n = node.hitCount ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} ${url.split("/").at(-1) ?? ""}:${lineNumber + 1}`;
    hits.set(name, (hits.get(name) ?? 0) + n);
    total += n;
  }
  return [...hits]
    .map(([name, n]) => ({ name, share: total ? n / total : 0 }))
    .sort((a, b) => b.share - a.share)
    .slice(0, count);
}

/**
 * Profiles the isolate whose inspector title has `title` (Miniflare names it
 * after the Worker; `wrangler dev`'s inspector proxy says "Cloudflare Worker"
 * and answers only DevTools' `origin`) while `run` runs.
 */
export async function profileWhile<T>(
  inspectorPort: number,
  file: string,
  run: () => Promise<T>,
  target: { title: string; origin?: string } = { title: "curbside" },
): Promise<T> {
  const targets = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json()) as {
    title: string;
    webSocketDebuggerUrl: string;
  }[];
  const found = targets.find((t) => t.title.includes(target.title));
  if (!found) throw new Error(`no ${target.title} isolate among ${targets.map((t) => t.title).join(", ")}`);
  const socket = new WebSocket(found.webSocketDebuggerUrl, target.origin ? { headers: { Origin: target.origin } } : {});
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  let next = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  await send("Profiler.enable");
  await send("Profiler.setSamplingInterval", { interval: 200 });
  await send("Profiler.start");
  try {
    return await run();
  } finally {
    const { profile } = (await send("Profiler.stop")) as { profile: { nodes: ProfileNode[] } };
    socket.close();
    writeFileSync(file, JSON.stringify(profile));
    console.log(`\nCPU profile of the ${target.title} isolate: ${file} (self time, top 25)`);
    for (const f of topFunctions(profile.nodes, 25))
      console.log(`${(f.share * 100).toFixed(1).padStart(5)} %  ${f.name}`);
  }
}
