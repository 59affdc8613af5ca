import { describe, expect, it } from "vitest";
import type { AppDb } from "@/lib/db/app-db";
import { isLabError } from "@/lib/errors";
import type { CellRun } from "@/lib/kernel/outputs";
import { isOwnCellId, MAX_CELL_CODE_BYTES, MAX_OWN_CELLS } from "@/lib/lessons/own-cells";
import { createOwnCell, moveOwnCell } from "@/lib/lessons/contract";
import { CELL_ID, type Lesson } from "@/lib/lessons/schema";
import { slowAppDb } from "@/lib/testing/slow-app-db";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { addOwnCell, deleteOwnCell, placeOwnCell, resetLessonCell, saveLessonCode, saveOwnCode, saveRun } from "./notebook";

const newOwnCellBody = createOwnCell.request;
const ownPlaceBody = moveOwnCell.request;

const tempDb = () => tempAppDb("own");

const lesson = {
  slug: "intro",
  cells: [
    { id: "a", kind: "ts", code: "1" },
    { id: "b", kind: "ts", code: "2" },
  ],
} as unknown as Lesson;

const done: CellRun = { status: "done", outputs: [{ kind: "text", text: "42", stream: "result" }], elapsedMs: 3 };

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (e) {
    if (isLabError(e)) return e.code;
    throw e;
  }
  return undefined;
}

const ownOrder = async (db: AppDb, learner = "ana") => (await db.notebooks.listOwn(learner, "intro")).map((c) => c.code);

describe("lesson cells", () => {
  it("keep the learner's code and run until reset, which restores the lesson's code", async () => {
    const db = await tempDb();
    expect((await saveLessonCode(db, "ana", lesson, "a", "1 + 1")).code).toBe("1 + 1");
    await saveRun(db, "ana", lesson, "a", done);
    expect(await db.notebooks.get("ana", "intro")).toMatchObject({ cells: { a: { code: "1 + 1" } }, runs: { a: { status: "done" } } });
    expect(await codeOf(saveLessonCode(db, "ana", lesson, "nope", "x"))).toBe("not_found");
    expect(await resetLessonCell(db, "ana", lesson, "a")).toEqual({ code: "1" });
    expect(await db.notebooks.get("ana", "intro")).toEqual({ cells: {}, runs: {}, own: [] });
  });

  it("keep the last of several autosaves sent one after another, however slowly the first is written", async () => {
    const db = slowAppDb(await tempDb(), { before: (_store, method, args) => (method === "saveCode" && args[3] === "v1" ? 50 : 0) });
    await Promise.all(["v1", "v2", "v3"].map((code) => saveLessonCode(db, "ana", lesson, "a", code)));
    expect((await db.notebooks.get("ana", "intro")).cells.a.code).toBe("v3");
  });
});

describe("own cells", () => {
  it("get ids no lesson cell id can take", async () => {
    const db = await tempDb();
    const cell = await addOwnCell(db, "ana", lesson, newOwnCellBody.parse({ after: "a" }));
    expect(isOwnCellId(cell.id)).toBe(true);
    expect(CELL_ID.test(cell.id)).toBe(false);
    expect(cell).toMatchObject({ kind: "ts", code: "", after: "a", position: 0 });
  });

  it("go below the cell they are added under, lesson cell or own", async () => {
    const db = await tempDb();
    const first = await addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "x" });
    const top = await addOwnCell(db, "ana", lesson, { after: "a", kind: "cypher", code: "RETURN 1" });
    const middle = await addOwnCell(db, "ana", lesson, { after: top.id, kind: "ts", code: "y" });
    const order = (await db.notebooks.get("ana", "intro")).own.map((c) => [c.id, c.after, c.position]);
    expect(order).toEqual([
      [top.id, "a", 0],
      [middle.id, "a", 1],
      [first.id, "a", 2],
    ]);
  });

  it("refuse a place that is not a lesson cell or one of the learner's own", async () => {
    const db = await tempDb();
    const ana = await addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    expect(await codeOf(addOwnCell(db, "ana", lesson, { after: "nope", kind: "ts", code: "" }))).toBe("not_found");
    expect(await codeOf(addOwnCell(db, "ben", lesson, { after: ana.id, kind: "ts", code: "" }))).toBe("not_found");
    expect(await codeOf(placeOwnCell(db, "ana", lesson, ana.id, { after: ana.id, position: 0 }))).toBe("not_found");
    expect(await codeOf(placeOwnCell(db, "ben", lesson, ana.id, { after: "b", position: 0 }))).toBe("not_found");
  });

  it("save code only into a cell of the learner's own", async () => {
    const db = await tempDb();
    const cell = await addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    expect((await saveOwnCode(db, "ana", lesson, cell.id, "1 + 1")).code).toBe("1 + 1");
    expect(await codeOf(saveOwnCode(db, "ben", lesson, cell.id, "stolen"))).toBe("not_found");
    expect(await codeOf(saveOwnCode(db, "ana", lesson, "a", "a lesson cell"))).toBe("not_found");
    expect((await db.notebooks.getOwn("ana", "intro", cell.id))?.code).toBe("1 + 1");
  });

  it("move between places and within one, keeping positions 0, 1, 2...", async () => {
    const db = await tempDb();
    const [x, y, z] = await Promise.all(["x", "y", "z"].map((code) => addOwnCell(db, "ana", lesson, { after: "b", kind: "ts", code })));
    // Added one by one below b, each at the top: z, y, x.
    await placeOwnCell(db, "ana", lesson, x.id, { after: "b", position: 0 });
    expect(await ownOrder(db)).toEqual(["x", "z", "y"]);
    await placeOwnCell(db, "ana", lesson, z.id, { after: "a", position: 9 });
    expect((await db.notebooks.listOwn("ana", "intro")).map((c) => [c.code, c.after, c.position])).toEqual([
      ["z", "a", 0],
      ["x", "b", 0],
      ["y", "b", 1],
    ]);
    await placeOwnCell(db, "ana", lesson, y.id, { after: "b", position: 0 });
    expect(await ownOrder(db)).toEqual(["z", "y", "x"]);
  });

  it("keep their code and run, which delete and learner reset remove", async () => {
    const db = await tempDb();
    const cell = await addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    const other = await addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "keep" });
    expect((await saveOwnCode(db, "ana", lesson, cell.id, "40 + 2")).code).toBe("40 + 2");
    expect(await codeOf(saveRun(db, "ben", lesson, cell.id, done))).toBe("not_found");
    await saveRun(db, "ana", lesson, cell.id, done);
    expect((await db.notebooks.get("ana", "intro")).runs[cell.id]).toMatchObject({ status: "done" });
    expect(await db.notebooks.get("ben", "intro")).toEqual({ cells: {}, runs: {}, own: [] });
    // Own cells are not the lesson's: they do not count as lesson cells run.
    expect(await db.notebooks.progress("ana")).toEqual({});

    expect(await deleteOwnCell(db, "ana", lesson, cell.id)).toEqual({ deleted: cell.id });
    expect(await codeOf(deleteOwnCell(db, "ana", lesson, cell.id))).toBe("not_found");
    expect(await codeOf(deleteOwnCell(db, "ana", lesson, "a"))).toBe("not_found");
    const after = await db.notebooks.get("ana", "intro");
    expect(after.runs[cell.id]).toBeUndefined();
    expect(after.own.map((c) => [c.id, c.position])).toEqual([[other.id, 0]]);
    await db.learners.reset("ana");
    expect((await db.notebooks.get("ana", "intro")).own).toEqual([]);
  });

  it("keep no run for a cell deleted while its run was being saved", async () => {
    const db = await tempDb();
    const cell = await addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    await Promise.all([saveRun(db, "ana", lesson, cell.id, done), deleteOwnCell(db, "ana", lesson, cell.id)]);
    expect((await db.notebooks.get("ana", "intro")).runs).toEqual({});
  });

  it("are capped per lesson, even when several are added at once", async () => {
    const db = await tempDb();
    for (let i = 0; i < MAX_OWN_CELLS - 2; i++) await addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" });
    const codes = await Promise.all(Array.from({ length: 4 }, () => codeOf(addOwnCell(db, "ana", lesson, { after: "a", kind: "ts", code: "" }))));
    expect(codes.sort()).toEqual(["conflict", "conflict", undefined, undefined]);
    expect(await db.notebooks.listOwn("ana", "intro")).toHaveLength(MAX_OWN_CELLS);
    // Another learner, or another lesson, has its own room.
    expect((await addOwnCell(db, "ben", lesson, { after: "a", kind: "ts", code: "" })).position).toBe(0);
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
