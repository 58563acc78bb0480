/**
 * The seed of a randomised domain test: taken from the environment to replay
 * a failure, a fresh one otherwise, and printed either way. `deno test` may
 * read only the variables that package.json's `test:deno` allows (SEED,
 * SUPPLY_SEED).
 *
 * @example
 * const seed = testSeed("driver-status"); // prints "driver-status seed: 4711 (rerun with SEED=4711)"
 * fc.assert(property, { seed });
 */
import process from "node:process";

export function testSeed(label: string, variable = "SEED"): number {
  const seed = Number(process.env[variable] ?? Date.now() % 1_000_000);
  console.log(`${label} seed: ${seed} (rerun with ${variable}=${seed})`);
  return seed;
}
