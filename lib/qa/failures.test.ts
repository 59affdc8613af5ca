import { describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { classifyGraphError } from "./failures";

const kindOf = (code: ConstructorParameters<typeof LabError>[0], message: string, cypher: string) =>
  classifyGraphError(new LabError(code, message), cypher).kind;

describe("classifyGraphError", () => {
  it("tells a refused write from a misspelt keyword", () => {
    expect(kindOf("forbidden", "found MERGE", "MERGE (t:Team {id: 'x'})")).toBe("write_refused");
    expect(kindOf("forbidden", "found RETRN", "MATCH (t:Task) RETRN t")).toBe("syntax");
    // Write words as property names, map keys or inside strings are not writes.
    expect(kindOf("forbidden", "found RETRN", "MATCH (t:Task {set: 'CREATE'}) WHERE t.delete RETRN t")).toBe("syntax");
  });

  it("reads the engine's messages about unknown names", () => {
    const missing = "Cypher error: Binder exception: Table OWNS does not exist.";
    expect(kindOf("bad_input", missing, "MATCH (a:Team)-[:OWNS]->(b) RETURN b")).toBe("unknown_relationship");
    expect(kindOf("bad_input", missing, "MATCH (a:OWNS) RETURN a")).toBe("unknown_label");
    expect(kindOf("bad_input", "Cypher error: Binder exception: Cannot find property owner for x.", "")).toBe("unknown_property");
    expect(kindOf("bad_input", "Cypher error: Parser exception: mismatched input", "")).toBe("syntax");
    expect(kindOf("timeout", "stopped after 50 ms", "")).toBe("timeout");
  });

  it("rethrows what no other query would fix", () => {
    const closed = new LabError("unavailable", "The graph store is closed");
    expect(() => classifyGraphError(closed, "MATCH (n) RETURN n")).toThrow(closed);
    expect(() => classifyGraphError(new TypeError("bug"), "MATCH (n) RETURN n")).toThrow(TypeError);
  });
});
