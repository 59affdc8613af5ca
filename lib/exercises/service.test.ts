import { describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { loadLessons } from "@/lib/lessons/load";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { proofContext } from "./proof-context";
import { LESSON_EXERCISES } from "./registry";
import { attempt, exerciseStates, progress, viewSolution } from "./service";

// The real SQLite app database; the shipped lessons and their checks.
const lessons = loadLessons();
const basics = lessons.find((l) => l.slug === "notebook-basics")!;
const defs = LESSON_EXERCISES["notebook-basics"];
const openDb = () => tempAppDb("ex");
const ctx = proofContext();

describe("exercise attempts", () => {
  it("sends hints one per failed attempt, never before, and counts a pass", async () => {
    const db = await openDb();
    const before = (await exerciseStates(db, "ana", basics)).find((s) => s.id === "chunks-total")!;
    expect(before).toMatchObject({ status: "open", attempts: 0, hintsUsed: 0, hints: [] });
    expect(JSON.stringify(before)).not.toContain(defs["chunks-total"].solution);

    const first = await attempt(db, "ana", lessons, "chunks-total", "4", ctx);
    expect(first).toMatchObject({ passed: false, hint: defs["chunks-total"].hints[0], state: { attempts: 1, hintsUsed: 1 } });
    const second = await attempt(db, "ana", lessons, "chunks-total", undefined, ctx);
    expect(second.hint).toBe(defs["chunks-total"].hints[1]);
    const third = await attempt(db, "ana", lessons, "chunks-total", "960", ctx);
    expect(third.hint, "no hints are left").toBeUndefined();
    expect(third.state.hintsUsed).toBe(2);

    const ok = await attempt(db, "ana", lessons, "chunks-total", "264", ctx);
    expect(ok).toMatchObject({ passed: true, state: { status: "passed", attempts: 4, hintsUsed: 2, solutionViewed: false } });
    expect((await exerciseStates(db, "ben", basics)).find((s) => s.id === "chunks-total")!.attempts, "another learner's attempts stay theirs").toBe(0);
  });

  it("records a viewed solution as solved after viewing it, and sends it only then", async () => {
    const db = await openDb();
    const s = await viewSolution(db, "ana", lessons, "chunks-total");
    expect(s).toMatchObject({ status: "solution-viewed", passed: false, solutionViewed: true, solution: defs["chunks-total"].solution });
    await expect(viewSolution(db, "ana", lessons, "kernel-keeps-names")).rejects.toThrow(/no solution/);
  });

  it("answers a prediction once, counts it as answered either way, and ignores an empty one", async () => {
    const db = await openDb();
    const empty = await attempt(db, "ana", lessons, "kernel-keeps-names", undefined, ctx);
    expect(empty).toMatchObject({ passed: null, reason: expect.stringMatching(/Choose one/), state: { attempts: 0 } });
    const r = await attempt(db, "ana", lessons, "kernel-keeps-names", 0, ctx);
    expect(r).toMatchObject({ passed: null, state: { status: "answered", answer: 0, explanation: defs["kernel-keeps-names"].explanation } });
    await expect(attempt(db, "ana", lessons, "kernel-keeps-names", 1, ctx)).rejects.toMatchObject({ code: "conflict" });
  });

  it("answers a prediction once when two answers arrive together", async () => {
    const db = await openDb();
    const both = await Promise.allSettled([0, 1].map((answer) => attempt(db, "ana", lessons, "kernel-keeps-names", answer, ctx)));
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await exerciseStates(db, "ana", basics)).find((s) => s.id === "kernel-keeps-names")).toMatchObject({ status: "answered", attempts: 1 });
  });

  it("does not count a check that cannot run, and counts an answer the service refuses", async () => {
    const db = await openDb();
    const down = { ...ctx, collections: () => Promise.reject(new LabError("unavailable", "the vector store is not answering")) };
    const def = LESSON_EXERCISES["notebook-basics"]["chunks-total"];
    const check = def.check;
    try {
      def.check = (_v, c) => c.collections().then(() => ({ passed: true, reason: "" }));
      await expect(attempt(db, "ana", lessons, "chunks-total", 1, down)).rejects.toMatchObject({ code: "unavailable", message: expect.stringMatching(/did not count/) });
      expect((await exerciseStates(db, "ana", basics)).find((s) => s.id === "chunks-total")!.attempts).toBe(0);
      def.check = () => Promise.reject(new LabError("bad_input", "Query refused: CREATE is a write"));
      const r = await attempt(db, "ana", lessons, "chunks-total", "x", ctx);
      expect(r).toMatchObject({ passed: false, reason: "Your answer could not be checked: Query refused: CREATE is a write", state: { attempts: 1 } });
    } finally {
      def.check = check;
    }
  });

  it("names an unknown exercise", async () => {
    await expect(attempt(await openDb(), "ana", lessons, "no-such", 1, ctx)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("progress", () => {
  it("is complete when every exercise is passed, solved with the solution, or answered; keeps cells run; reset clears it", async () => {
    const db = await openDb();
    await db.notebooks.saveRun("ana", "notebook-basics", "hello", { status: "done", outputs: [], elapsedMs: 3 });
    let p = (await progress(db, "ana", lessons))["notebook-basics"];
    expect(p).toMatchObject({ cellsRun: 1, complete: false, exercises: [{ id: "kernel-keeps-names", status: "open" }, { id: "chunks-total", status: "open", passed: false }] });
    expect(p.lastActivity).toMatch(/^\d{4}-/);
    await attempt(db, "ana", lessons, "kernel-keeps-names", 2, ctx);
    await viewSolution(db, "ana", lessons, "chunks-total");
    p = (await progress(db, "ana", lessons))["notebook-basics"];
    expect(p.complete).toBe(true);
    expect(p.exercises).toEqual([
      { id: "kernel-keeps-names", kind: "predict", status: "answered", passed: null, attempts: 1, hintsUsed: 0, solutionViewed: false },
      { id: "chunks-total", kind: "value", status: "solution-viewed", passed: false, attempts: 0, hintsUsed: 0, solutionViewed: true },
    ]);
    await db.learners.reset("ana");
    expect((await progress(db, "ana", lessons))["notebook-basics"]).toMatchObject({ cellsRun: 0, complete: false, lastActivity: null, exercises: [{ attempts: 0 }, { solutionViewed: false }] });
  });
});
