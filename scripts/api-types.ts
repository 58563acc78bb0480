/**
 * `npm run api:types`: writes scripts/lib/api-types.ts, the REST API's types
 * generated from the OpenAPI document (scripts/lib/openapi.ts). Run it after
 * changing a route's schema; `npm run lint:openapi` says when it is due.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { API_TYPES_FILE, generateTypes, renderDocument } from "./lib/openapi.ts";

const types = await generateTypes(await renderDocument());
const before = (() => {
  try {
    return readFileSync(API_TYPES_FILE, "utf8");
  } catch {
    return null;
  }
})();
if (before === types) {
  console.log(`${API_TYPES_FILE}: up to date`);
} else {
  writeFileSync(API_TYPES_FILE, types);
  console.log(`${API_TYPES_FILE}: written`);
}
