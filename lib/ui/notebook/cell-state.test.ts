import { describe, expect, it } from "vitest";
import type { NotebookState } from "@/lib/db/app-db";
import type { LessonCell } from "@/lib/lessons/schema";
import { initialCells, moveCell, placeAt } from "./cell-state";

const lessonCells: LessonCell[] = ["a", "b"].map((id) => ({ id, kind: "ts", code: id }));
const own = (id: string, after: string, position: number) => ({ id, kind: "ts" as const, code: `// ${id}`, after, position, updatedAt: "" });
const saved: NotebookState = {
  cells: {},
  runs: { own_x: { status: "done", outputs: [], elapsedMs: 5, ranAt: "" } },
  own: [own("own_y", "a", 1), own("own_x", "a", 0), own("own_z", "b", 0), own("own_gone", "removed-from-lesson", 0)],
};

describe("the notebook's cell order", () => {
  it("puts own cells below their lesson cell by position, with their runs, and orphans last", () => {
    const cells = initialCells(lessonCells, saved);
    expect(cells.map((c) => c.id)).toEqual(["a", "own_x", "own_y", "b", "own_z", "own_gone"]);
    expect(cells[1]).toMatchObject({ own: true, status: "done", code: "// own_x" });
    expect(cells[0].own).toBeUndefined();
  });

  it("gives each own cell the place the server stores", () => {
    const cells = initialCells(lessonCells, saved);
    expect(placeAt(cells, 2)).toEqual({ after: "a", position: 1 });
    expect(placeAt(cells, 4)).toEqual({ after: "b", position: 0 });
  });

  it("moves own cells past lesson cells, never above the first one, and never lesson cells", () => {
    const cells = initialCells(lessonCells, saved);
    const down = moveCell(cells, "own_y", 1)!;
    expect(down.map((c) => c.id)).toEqual(["a", "own_x", "b", "own_y", "own_z", "own_gone"]);
    expect(placeAt(down, 3)).toEqual({ after: "b", position: 0 });
    expect(moveCell(cells, "own_x", -1)).toBeUndefined();
    expect(moveCell(cells, "own_gone", 1)).toBeUndefined();
    expect(moveCell(cells, "b", -1)).toBeUndefined();
  });
});
