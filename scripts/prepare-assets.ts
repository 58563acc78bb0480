/** `npm run assets`: copies the API reference page's script into public/ (run before `wrangler deploy`). */
import { vendorAssets } from "./lib/assets.ts";

vendorAssets();
console.log("public/vendor is ready");
