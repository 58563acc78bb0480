/**
 * Each cell's supply summary, kept in this isolate for SUPPLY_TTL_MS: the
 * rider's map of cars and the estimate's ETAs and surge read it, so a busy
 * isolate asks a cell about once a second, not once a request, and a hot
 * cell's actor keeps its time for drivers and dispatch. Dispatch never reads
 * from here: it asks the cells.
 */
import type { CellId } from "../domain/cells.ts";
import type { CellSupply } from "../domain/supply.ts";

/** How old a summary may be when read. Drivers report every 4 s, so this adds little to a position's age. */
const SUPPLY_TTL_MS = 1_000;
/** Cells remembered per isolate before the cache starts over. */
const MAX_CELLS = 5_000;

// Only resolved summaries are shared between requests: workerd ties a pending
// call to the request that made it, so another request must not await it.
const cache = new Map<string, CellSupply>();

/** The cell's summary, at most SUPPLY_TTL_MS old. */
export async function cellSupply(env: Pick<Env, "CELL">, cell: CellId): Promise<CellSupply> {
  return fresh(cell) ?? (await fetchSupply(env, cell));
}

/**
 * The summaries of several cells, at most SUPPLY_TTL_MS old; cells that
 * cannot answer are left out. Cached ones are read without awaiting, and the
 * rest are asked together.
 */
export async function cellSupplies(env: Pick<Env, "CELL">, cells: readonly CellId[]): Promise<CellSupply[]> {
  const found: CellSupply[] = [];
  const missing: CellId[] = [];
  for (const cell of cells) {
    const supply = fresh(cell);
    if (supply) found.push(supply);
    else missing.push(cell);
  }
  if (missing.length === 0) return found;
  const fetched = await Promise.all(missing.map((cell) => fetchSupply(env, cell).catch(() => null)));
  return found.concat(fetched.filter((s): s is CellSupply => s !== null));
}

function fresh(cell: CellId): CellSupply | undefined {
  const hit = cache.get(cell);
  return hit && Date.now() - hit.at < SUPPLY_TTL_MS ? hit : undefined;
}

async function fetchSupply(env: Pick<Env, "CELL">, cell: CellId): Promise<CellSupply> {
  const supply = await env.CELL.getByName(cell).supply();
  if (cache.size >= MAX_CELLS) cache.clear();
  const current = cache.get(cell);
  if (!current || current.at < supply.at) cache.set(cell, supply);
  return supply;
}
