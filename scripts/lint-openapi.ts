/**
 * `npm run lint:openapi` (part of `npm test`): the OpenAPI document that
 * GET /openapi.json serves, linted with Redocly's recommended rules. Fails on
 * any error, on any warning not justified in scripts/lib/openapi.ts (and the
 * README), on a justification no longer needed, and when the committed types
 * (scripts/lib/api-types.ts) no longer match the document. Works offline.
 */
import {
  API_TYPES_FILE,
  committedTypes,
  generateTypes,
  JUSTIFIED_WARNINGS,
  lintDocument,
  renderDocument,
} from "./lib/openapi.ts";

const document = await renderDocument();
const problems = lintDocument(document);
const failures: string[] = [];

const justified = (p: { rule: string; pointer: string }) =>
  JUSTIFIED_WARNINGS.find((j) => j.rule === p.rule && j.pointer === p.pointer);
for (const p of problems) {
  const reason = p.severity === "warn" ? justified(p) : undefined;
  if (reason) console.log(`justified  ${p.rule} at ${p.pointer}: ${reason.why}`);
  else failures.push(`${p.severity === "error" ? "error  " : "warning"}  ${p.rule} at ${p.pointer}: ${p.message}`);
}
for (const j of JUSTIFIED_WARNINGS) {
  if (!problems.some((p) => p.rule === j.rule && p.pointer === j.pointer)) {
    failures.push(
      `stale      ${j.rule} at ${j.pointer} is justified but no longer reported: remove it here and in the README`,
    );
  }
}

if (committedTypes() !== (await generateTypes(document))) {
  failures.push(`types      ${API_TYPES_FILE} does not match the document: run npm run api:types`);
}

const operations = Object.values(document.paths ?? {}).reduce((n, item) => n + Object.keys(item ?? {}).length, 0);
if (failures.length > 0) {
  console.error(failures.join("\n"));
  console.error(`lint:openapi: ${failures.length} problem(s) in the document of ${operations} operations`);
  process.exit(1);
}
console.log(
  `lint:openapi: ${operations} operations, no errors, ${problems.length} justified warnings, types up to date`,
);
