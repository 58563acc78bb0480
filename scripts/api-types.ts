/**
 * `npm run api:types`: writes scripts/lib/api-types.ts, the REST API's types
 * generated from the OpenAPI document (scripts/lib/openapi.ts). Run it after
 * changing a route's schema; `npm run lint:openapi` says when it is due.
 */
import { writeFileSync } from "node:fs";
import { API_TYPES_FILE, committedTypes, generateTypes, renderDocument } from "./lib/openapi.ts";

const types = await generateTypes(await renderDocument());
if (committedTypes() === types) {
  console.log(`${API_TYPES_FILE}: up to date`);
} else {
  writeFileSync(API_TYPES_FILE, types);
  console.log(`${API_TYPES_FILE}: written`);
}
