/**
 * JSON text combined without parsing (src/http/json-text.ts) reads back as
 * the values it was made from would: fields after the object's own, empty
 * objects and pages, strings that need escaping.
 */
import { describe, expect, it } from "vitest";
import { jsonText, pageText, storedJsonText, withFields } from "../../src/http/json-text.ts";

describe("JSON text", () => {
  it("adds fields to an object as a spread would", () => {
    const card = jsonText({ id: "a", title: 'Bay "7"\n\tnorth', rates: { hourly: 500 } });
    const result = withFields(card, { distance_m: 12.5, quote: null });
    expect(JSON.parse(result)).toEqual({
      id: "a",
      title: 'Bay "7"\n\tnorth',
      rates: { hourly: 500 },
      distance_m: 12.5,
      quote: null,
    });
    expect(JSON.parse(withFields(jsonText({}), { a: 1 }))).toEqual({ a: 1 });
    expect(JSON.parse(withFields(card, {}))).toEqual(JSON.parse(card));
  });

  it("writes a page of items, and an empty one", () => {
    const items = [jsonText({ n: 1 }), storedJsonText<{ n: number }>('{"n":2}')];
    expect(JSON.parse(pageText(items, "next"))).toEqual({ data: [{ n: 1 }, { n: 2 }], next_cursor: "next" });
    expect(JSON.parse(pageText([], null))).toEqual({ data: [], next_cursor: null });
  });
});
