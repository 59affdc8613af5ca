import { describe, expect, it } from "vitest";
import { cellRun } from "./outputs";

const run = { status: "done", elapsedMs: 3, outputs: [{ kind: "table", columns: ["a"], rows: [{ a: 1 }], totalRows: 1 }] };

describe("cellRun (what a notebook run save accepts)", () => {
  it("accepts a run with known fields only", () => {
    expect(cellRun.parse(run).outputs).toHaveLength(1);
  });

  it.each([
    ["the run", { ...run, extra: 1 }, []],
    ["an output", { ...run, outputs: [{ ...run.outputs[0], html: "<b>" }] }, ["outputs", 0]],
    ["a chart series", { ...run, outputs: [{ kind: "chart", spec: { type: "bar", data: [], x: "a", y: ["b"], intervals: { b: { low: "l", high: "h", mid: "m" } } } }] }, ["outputs", 0, "spec", "intervals", "b"]],
    ["a graph node", { ...run, outputs: [{ kind: "graph", nodes: [{ id: "1", label: "L", caption: "c", colour: "red" }], edges: [] }] }, ["outputs", 0, "nodes", 0]],
  ])("refuses an unknown field on %s, naming where", (_what, input, where) => {
    const r = cellRun.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", path: where });
  });
});
