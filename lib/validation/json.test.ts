import { describe, expect, it } from "vitest";
import { z } from "zod";
import { boundedJson, deeperThan, MAX_JSON_DEPTH } from "./json";

const nest = (depth: number, wrap: (v: unknown) => unknown) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
};

describe("boundedJson", () => {
  it("refuses objects and arrays nested 2,000 deep with a 400-style issue, not a stack overflow", () => {
    for (const wrap of [(v: unknown) => ({ a: v }), (v: unknown) => [v]]) {
      const r = z.strictObject({ params: z.record(z.string(), boundedJson) }).safeParse({ params: { x: nest(2_000, wrap) } });
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]).toMatchObject({ path: ["params", "x"], message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
    }
  });

  it("accepts JSON up to the limit and still refuses what is not JSON", () => {
    expect(boundedJson.safeParse(nest(MAX_JSON_DEPTH, (v) => [v])).success).toBe(true);
    expect(boundedJson.safeParse(nest(MAX_JSON_DEPTH + 1, (v) => [v])).success).toBe(false);
    expect(boundedJson.safeParse({ when: new Date() }).success).toBe(false);
    expect(deeperThan("text", 0)).toBe(false);
  });
});
