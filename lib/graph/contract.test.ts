import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "@/lib/validation/json";
import { graphQuery } from "./contract";

/** The graph query route is a hostile-input boundary: its contract is where the caps live. */
describe("graphQuery contract", () => {
  const parse = (body: unknown) => graphQuery.request.safeParse(body);

  it("reads a bare query as read-only on the shared graph, with the default row limit", () => {
    expect(parse({ cypher: "MATCH (n) RETURN n" }).data).toEqual({ cypher: "MATCH (n) RETURN n", params: {}, rowLimit: 1_000, allowWrite: false, graph: "shared" });
  });

  it("refuses an empty or oversized query, a row limit over 10,000, unknown fields and unknown graphs", () => {
    expect(parse({ cypher: "   " }).success).toBe(false);
    expect(parse({ cypher: "RETURN 1 //" + "x".repeat(20_000) }).success).toBe(false);
    expect(parse({ cypher: "RETURN 1", rowLimit: 10_001 }).success).toBe(false);
    expect(parse({ cypher: "RETURN 1", readOnly: false }).success).toBe(false);
    expect(parse({ cypher: "RETURN 1", graph: "instructor" }).success).toBe(false);
  });

  it("refuses parameters nested deeper than the JSON depth limit", () => {
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_JSON_DEPTH; i++) deep = [deep];
    expect(parse({ cypher: "RETURN $p", params: { p: deep } }).success).toBe(false);
  });

  it("caps the body at 64,000 bytes", () => {
    expect(graphQuery.maxBytes).toBe(64_000);
  });
});
