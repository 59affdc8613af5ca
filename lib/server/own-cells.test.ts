import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteAppDb } from "@/lib/db/sqlite";
import { isLabError } from "@/lib/errors";
import { isOwnCellId, MAX_CELL_CODE_BYTES, MAX_OWN_CELLS } from "@/lib/lessons/own-cells";
import { createOwnCell, moveOwnCell } from "@/lib/lessons/contract";
import { CELL_ID, type Lesson } from "@/lib/lessons/schema";
import { addOwnCell, placeOwnCell, runnableCellOrThrow, saveOwnCode } from "./own-cells";

const newOwnCellBody = createOwnCell.request;
const ownPlaceBody = moveOwnCell.request;

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function tempDb() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-own-"));
  dirs.push(dir);
  return new SqliteAppDb(path.join(dir, "app.sqlite"));
}

const lesson = {
  slug: "intro",
  cells: [
    { id: "a", kind: "ts", code: "1" },
    { id: "b", kind: "ts", code: "2" },
  ],
} as unknown as Lesson;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (isLabError(e)) return e.code;
    throw e;
  }
  return undefined;
}

describe("own cells", () => {
  it("get ids no lesson cell id can take", () => {
    const db = tempDb();
    const cell = addOwnCell(db, "ana", lesson, newOwnCellBody.parse({ after: "a" }));
    expect(isOwnCellId(cell.id)).toBe(true);
    expect(CELL_ID.test(cell.id)).toBe(false);
    expect(cell).toMatchObject({ kind: "ts", code: "", after: "a", position: 0 });
    db.close();
  });

  it("go below the cell they are added under, lesson cell or own", () => {
    const db = tempDb();
    const first = addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "x" });
    const top = addOwnCell(db, "ana", lesson, { after: "a", kind: "cypher", code: "RETURN 1" });
    const middle = addOwnCell(db, "ana", lesson, { after: top.id, kind: "ts", code: "y" });
    const order = db.getNotebook("ana", "intro").own.map((c) => [c.id, c.after, c.position]);
    expect(order).toEqual([
      [top.id, "a", 0],
      [middle.id, "a", 1],
      [first.id, "a", 2],
    ]);
    db.close();
  });

  it("refuse a place that is not a lesson cell or one of the learner's own", () => {
    const db = tempDb();
    const ana = addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    expect(codeOf(() => addOwnCell(db, "ana", lesson, { after: "nope", kind: "ts", code: "" }))).toBe("not_found");
    expect(codeOf(() => addOwnCell(db, "ben", lesson, { after: ana.id, kind: "ts", code: "" }))).toBe("not_found");
    expect(codeOf(() => placeOwnCell(db, "ana", lesson, ana.id, { after: ana.id, position: 0 }))).toBe("not_found");
    expect(codeOf(() => placeOwnCell(db, "ben", lesson, ana.id, { after: "b", position: 0 }))).toBe("not_found");
    db.close();
  });

  it("save code only into a cell of the learner's own", () => {
    const db = tempDb();
    const cell = addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    expect(saveOwnCode(db, "ana", lesson, cell.id, "1 + 1").code).toBe("1 + 1");
    expect(codeOf(() => saveOwnCode(db, "ben", lesson, cell.id, "stolen"))).toBe("not_found");
    expect(codeOf(() => saveOwnCode(db, "ana", lesson, "a", "a lesson cell"))).toBe("not_found");
    expect(db.getOwnCell("ana", "intro", cell.id)?.code).toBe("1 + 1");
    db.close();
  });

  it("move between places and within one, keeping positions 0, 1, 2...", () => {
    const db = tempDb();
    const [x, y, z] = ["x", "y", "z"].map((code) => addOwnCell(db, "ana", lesson, { after: "b", kind: "ts", code }));
    // Added one by one below b, each at the top: z, y, x.
    placeOwnCell(db, "ana", lesson, x.id, { after: "b", position: 0 });
    expect(db.listOwnCells("ana", "intro").map((c) => c.code)).toEqual(["x", "z", "y"]);
    placeOwnCell(db, "ana", lesson, z.id, { after: "a", position: 9 });
    expect(db.listOwnCells("ana", "intro").map((c) => [c.code, c.after, c.position])).toEqual([
      ["z", "a", 0],
      ["x", "b", 0],
      ["y", "b", 1],
    ]);
    placeOwnCell(db, "ana", lesson, y.id, { after: "b", position: 0 });
    expect(db.listOwnCells("ana", "intro").map((c) => c.code)).toEqual(["z", "y", "x"]);
    db.close();
  });

  it("keep their code and run, which delete and learner reset remove", () => {
    const db = tempDb();
    const cell = addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    const other = addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "keep" });
    expect(db.saveOwnCode("ana", "intro", cell.id, "40 + 2")?.code).toBe("40 + 2");
    expect(db.saveOwnCode("ben", "intro", cell.id, "stolen")).toBeUndefined();
    expect(runnableCellOrThrow(db, "ana", lesson, cell.id)).toBe(cell.id);
    expect(codeOf(() => runnableCellOrThrow(db, "ben", lesson, cell.id))).toBe("not_found");
    db.saveRun("ana", "intro", cell.id, { status: "done", outputs: [{ kind: "text", text: "42", stream: "result" }], elapsedMs: 3 });
    expect(db.getNotebook("ana", "intro").runs[cell.id]).toMatchObject({ status: "done" });
    expect(db.getNotebook("ben", "intro")).toEqual({ cells: {}, runs: {}, own: [] });
    // Own cells are not the lesson's: they do not count as lesson cells run.
    expect(db.progress("ana")).toEqual({});

    expect(db.deleteOwnCell("ana", "intro", cell.id)).toBe(true);
    expect(db.deleteOwnCell("ana", "intro", cell.id)).toBe(false);
    const after = db.getNotebook("ana", "intro");
    expect(after.runs[cell.id]).toBeUndefined();
    expect(after.own.map((c) => [c.id, c.position])).toEqual([[other.id, 0]]);
    db.resetLearner("ana");
    expect(db.getNotebook("ana", "intro").own).toEqual([]);
    db.close();
  });

  it("are capped per lesson", () => {
    const db = tempDb();
    for (let i = 0; i < MAX_OWN_CELLS; i++) addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    expect(codeOf(() => addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" }))).toBe("conflict");
    // Another learner, or another lesson, has its own room.
    expect(addOwnCell(db, "ben", lesson, { after: "a", kind: "ts", code: "" }).position).toBe(0);
    db.close();
  });

  it("accept only the fields and sizes the routes allow", () => {
    expect(newOwnCellBody.safeParse({ after: "a", kind: "js" }).success).toBe(false);
    expect(newOwnCellBody.safeParse({ after: "a", id: "own_aaaaaaaaaaaa" }).success).toBe(false);
    expect(newOwnCellBody.safeParse({ after: "a", code: "x".repeat(MAX_CELL_CODE_BYTES + 1) }).success).toBe(false);
    expect(newOwnCellBody.safeParse({}).success).toBe(false);
    expect(ownPlaceBody.safeParse({ after: "a", position: -1 }).success).toBe(false);
    expect(ownPlaceBody.safeParse({ after: "a", position: 1.5 }).success).toBe(false);
    expect(ownPlaceBody.safeParse({ after: "a", position: 0, kind: "ts" }).success).toBe(false);
  });
});
