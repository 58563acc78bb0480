/** `npm run assets`: the API reference page's script and the admin console into public/ (run before `wrangler deploy`). */
import { vendorAssets } from "./lib/assets.ts";
import { buildConsole } from "./lib/console.ts";

vendorAssets();
buildConsole();
console.log("public/vendor and public/admin are ready");
