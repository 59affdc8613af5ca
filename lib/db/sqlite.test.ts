import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteAppDb } from "./sqlite";

const dirs: string[] = [];
function tempFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-db-"));
  dirs.push(dir);
  return path.join(dir, "app.sqlite");
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("SqliteAppDb", () => {
  it("keeps code and the last run across reopening", () => {
    const file = tempFile();
    const db = new SqliteAppDb(file);
    db.saveCell("ana", "intro", "c1", "1 + 1");
    db.saveCell("ana", "intro", "c1", "2 + 2");
    db.saveRun("ana", "intro", "c1", { status: "done", outputs: [{ kind: "text", text: "4", stream: "result" }], elapsedMs: 12 });
    db.close();
    const again = new SqliteAppDb(file);
    const nb = again.getNotebook("ana", "intro");
    expect(nb.cells.c1.code).toBe("2 + 2");
    expect(nb.runs.c1).toMatchObject({ status: "done", elapsedMs: 12, outputs: [{ text: "4" }] });
    again.close();
  });

  it("never shows one learner's work to another", () => {
    const db = new SqliteAppDb(tempFile());
    db.saveCell("ana", "intro", "c1", "ana's secret");
    db.saveRun("ana", "intro", "c1", { status: "done", outputs: [], elapsedMs: 1 });
    expect(db.getNotebook("ben", "intro")).toEqual({ cells: {}, runs: {}, own: [] });
    expect(db.progress("ben")).toEqual({});
    expect(db.progress("ana")).toEqual({ intro: 1 });
    db.close();
  });

  it("reset removes the edit and the run", () => {
    const db = new SqliteAppDb(tempFile());
    db.saveCell("ana", "intro", "c1", "x");
    db.saveRun("ana", "intro", "c1", { status: "error", outputs: [], elapsedMs: 1 });
    db.resetCell("ana", "intro", "c1");
    expect(db.getNotebook("ana", "intro")).toEqual({ cells: {}, runs: {}, own: [] });
    db.close();
  });

  it("keeps each notebook's LLM trace apart, oldest first, dropping the oldest beyond the limit", () => {
    const db = new SqliteAppDb(tempFile());
    const entry = (output: string) => ({ at: "t", source: "chat", model: "m", prompt: "p", output, inputTokens: 1, outputTokens: 2, latencyMs: 3, cacheHit: false });
    for (const out of ["a", "b", "c", "d"]) db.addTrace("ana", "judges", entry(out), 3);
    db.addTrace("ben", "judges", entry("ben's"));
    db.addTrace("ana", "intro", entry("other notebook"));
    expect(db.listTraces("ana", "judges").map((t) => t.output)).toEqual(["b", "c", "d"]);
    expect(db.listTraces("ana", "judges", 2).map((t) => t.output)).toEqual(["c", "d"]);
    expect(db.countTraces("ana", "judges")).toBe(3);
    expect(db.listTraces("ben", "judges").map((t) => t.output)).toEqual(["ben's"]);
    db.clearTraces("ana", "judges");
    expect(db.listTraces("ana", "judges")).toEqual([]);
    expect(db.listTraces("ana", "intro")).toHaveLength(1);
    db.close();
  });

  it("deleting an experiment drops the answers stored for it", () => {
    const db = new SqliteAppDb(tempFile());
    db.saveExperiment("ana", "exp", {});
    db.saveRagAnswer("ana", "exp", "model|point", "q1", { answer: "a" });
    expect(db.ragAnswers("ana", "exp", "model|point").size).toBe(1);
    db.deleteExperiment("ana", "exp");
    expect(db.ragAnswers("ana", "exp", "model|point").size).toBe(0);
    db.close();
  });

  it("counts distinct configurations scored on a test part, per learner, surviving the run's deletion", () => {
    const db = new SqliteAppDb(tempFile());
    expect(db.recordTestLook("ana", "part1", "cfgA")).toBe(1);
    expect(db.recordTestLook("ana", "part1", "cfgA")).toBe(1);
    expect(db.recordTestLook("ana", "part1", "cfgB")).toBe(2);
    expect(db.recordTestLook("ana", "part2", "cfgA")).toBe(1);
    expect(db.recordTestLook("ben", "part1", "cfgA")).toBe(1);
    db.saveExperiment("ana", "exp", {});
    db.deleteExperiment("ana", "exp");
    expect(db.recordTestLook("ana", "part1", "cfgC")).toBe(3);
    db.resetLearner("ana");
    expect(db.recordTestLook("ana", "part1", "cfgA")).toBe(1);
    db.close();
  });

  it("keeps claim reviews per learner, one per claim, and reset removes them", () => {
    const db = new SqliteAppDb(tempFile());
    db.saveClaimReview("ana", { key: "r|q1|0", claim: "c", judgeLabel: "supported", learnerLabel: "supported" });
    db.saveClaimReview("ana", { key: "r|q1|0", claim: "c", judgeLabel: "supported", learnerLabel: "unsupported" });
    expect(db.listClaimReviews("ana")).toMatchObject([{ key: "r|q1|0", learnerLabel: "unsupported" }]);
    expect(db.listClaimReviews("ben")).toEqual([]);
    db.resetLearner("ana");
    expect(db.listClaimReviews("ana")).toEqual([]);
    db.close();
  });
});
