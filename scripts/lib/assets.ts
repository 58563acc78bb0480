/**
 * Copies the API reference page's script from @scalar/api-reference into the
 * Worker's static assets (public/vendor), so /docs works with no internet.
 */
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function vendorAssets(): void {
  const require = createRequire(import.meta.url);
  // The package exports no package.json; its main entry sits in dist/.
  const main = require.resolve("@scalar/api-reference");
  const source = join(dirname(main), "browser/standalone.js");
  const target = join(ROOT, "public/vendor/scalar/standalone.js");
  mkdirSync(dirname(target), { recursive: true });
  const fresh = (() => {
    try {
      return statSync(target).size === statSync(source).size;
    } catch {
      return false;
    }
  })();
  if (!fresh) copyFileSync(source, target);
}
