import { describe, expect, it } from "vitest";
import { cellOutput } from "./outputs";
import { tableOutput, toJson, valueOutput } from "./to-output";

describe("valueOutput", () => {
  it("truncates an oversized string and says how long it was", () => {
    const huge = "x".repeat(5_000_000);
    const out = valueOutput(huge, 1_024);
    expect(out).toMatchObject({ kind: "text", truncatedFrom: 5_000_000 });
    expect(out.kind === "text" && out.text.length).toBe(1_024);
  });

  it("makes cyclic and exotic values JSON-safe and valid outputs", () => {
    const a: Record<string, unknown> = { n: NaN, big: 10n, set: new Set([1]), map: new Map([["k", 2]]) };
    a.self = a;
    const out = valueOutput(a, 10_000);
    expect(cellOutput.parse(out)).toEqual({
      kind: "json",
      value: { n: "NaN", big: "10n", set: [1], map: { k: 2 }, self: "[Circular]" },
    });
  });

  it("keeps repeated (non-cyclic) references", () => {
    const shared = { v: 1 };
    expect(toJson({ a: shared, b: shared })).toEqual({ a: { v: 1 }, b: { v: 1 } });
  });
});

describe("tableOutput", () => {
  it("derives columns from the rows and caps the row count", () => {
    const rows = Array.from({ length: 2_500 }, (_, i) => ({ i, sq: i * i }));
    const out = tableOutput(rows, undefined, 1_000_000);
    expect(out).toMatchObject({ kind: "table", columns: ["i", "sq"], totalRows: 2_500 });
    expect(out.kind === "table" && out.rows.length).toBe(1_000);
  });
});
