import { describe, expect, it } from "vitest";
import { refusedOutput } from "./kernel";
import { kernelEvent } from "./protocol";

/** What the page shows for an output message of run 1 (or null: let it pass / ignore it). */
function shown(output: unknown, runId = 1) {
  const data = { type: "output", runId, output };
  const parsed = kernelEvent.safeParse(data);
  return parsed.success ? null : refusedOutput(data, 1, parsed.error);
}

describe("outputs the page cannot draw", () => {
  it("are an error in the cell naming the chart field", () => {
    const rows = Array.from({ length: 6_000 }, (_, i) => ({ x: i, y: i }));
    expect(shown({ kind: "chart", spec: { type: "pie", data: [], x: "x", y: ["y"] } })).toMatchObject({ kind: "error", name: "InvalidOutput", message: expect.stringContaining("spec.type") });
    expect(shown({ kind: "chart", spec: { type: "line", data: rows, x: "x", y: ["y"] } })?.message).toMatch(/spec\.data: Too big.*5000/);
    expect(shown({ kind: "chart", spec: { type: "bar", data: [], x: "x", y: [] } })?.message).toMatch(/chart cannot be shown: spec\.y: Too small/);
  });

  it("are ignored when they belong to an earlier run", () => {
    expect(shown({ kind: "chart", spec: { type: "pie" } }, 7)).toBeNull();
    expect(shown({ kind: "chart", spec: { type: "bar", data: [], x: "x", y: ["y"] } })).toBeNull();
  });
});
