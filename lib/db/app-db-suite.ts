/**
 * The behaviour every app database must show, as vitest suites that each
 * engine's test file runs: `describeAppDb` for the ports (a fresh, empty
 * database per test) and `describeAppDbLifecycle` for opening, restarting and
 * migrating one.
 */
import { createHash, randomUUID } from "node:crypto";
import os from "node:os";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAuth, createCohort, revokeSessions, sessionUser } from "@/lib/auth";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { parseEnv } from "@/lib/config/env";
import type { CellRun } from "@/lib/kernel/outputs";
import { invite } from "@/lib/learners/tokens";
import type { AppDb, LlmTraceEntry } from "./app-db";
import { appMigrations, migrate } from "./kysely/migrations";
import { connect, openAppDb, type AppDbOptions } from "./open";

const hash = (text: string) => createHash("sha256").update(text).digest("hex");
/** Rows are ordered by ISO time: a millisecond apart, two writes are never a tie. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

const run = (status: CellRun["status"], text = "4", elapsedMs = 12.5): CellRun => ({
  status,
  outputs: [
    { kind: "text", text, stream: "result" },
    { kind: "error", name: "TypeError", message: "x is not a function", line: 3 },
  ],
  elapsedMs,
});

const trace = (output: string): LlmTraceEntry => ({
  at: "2025-01-01T00:00:00.000Z",
  source: "chat",
  model: "m",
  prompt: "p",
  context: ["passage"],
  output,
  inputTokens: 1,
  outputTokens: null,
  latencyMs: 3,
  cacheHit: false,
});

/** A record as experiments store them: key order, unicode and odd numbers must come back as they went in. */
const record = {
  zeta: 1,
  alpha: { z: "last", a: "first" },
  text: "é ✓ 😀 \"quoted\" \\ back",
  list: [1, "x", null, true, -0.5, 1e300],
  ranked: [{ question: "q1", ids: ["a", "b"] }],
  empty: {},
};
const { ranked: _ranked, ...summary } = record;

export function describeAppDb(name: string, open: () => Promise<AppDb>): void {
  describe(`${name} app database`, () => {
    let db: AppDb;
    beforeEach(async () => {
      db = await open();
    });
    afterEach(async () => {
      await db.close();
    });

    describe("notebooks", () => {
      it("refuses a NUL character in stored text alike on every engine, and still records a job error that has one", async () => {
        const nul = { code: "bad_input", message: expect.stringContaining("NUL character") };
        await expect(db.notebooks.saveCode("ana", "intro", "c1", "a\0b")).rejects.toMatchObject(nul);
        await expect(db.jobs.get("ana", "a\0b")).rejects.toMatchObject(nul);
        await expect(db.judging.saveReview("ana", { key: "k\0", claim: "c", judgeLabel: "supported", learnerLabel: "supported" })).rejects.toMatchObject(nul);
        // Run outputs are JSON, which escapes it: they keep it.
        const saved = await db.notebooks.saveRun("ana", "intro", "c1", run("done", "a\0b"));
        expect((await db.notebooks.get("ana", "intro")).runs.c1).toEqual(saved);
        await db.jobs.create({ id: "j", learner: "ana", kind: "ingest", spec: {} });
        await db.jobs.update("j", { status: "failed", error: "upstream said a\0b" });
        expect((await db.jobs.get("ana", "j"))?.error).toBe("upstream said a\uFFFDb");
      });

      it("keeps the latest code and the last run of a cell, outputs and all", async () => {
        await db.notebooks.saveCode("ana", "intro", "c1", "1 + 1");
        const saved = await db.notebooks.saveCode("ana", "intro", "c1", "2 + 2");
        await db.notebooks.saveRun("ana", "intro", "c1", run("error"));
        const ran = await db.notebooks.saveRun("ana", "intro", "c1", run("done"));
        expect(ran).toMatchObject({ ...run("done"), ranAt: expect.any(String) });
        expect(await db.notebooks.get("ana", "intro")).toEqual({ cells: { c1: saved }, runs: { c1: ran }, own: [] });
        expect(await db.notebooks.get("ana", "other")).toEqual({ cells: {}, runs: {}, own: [] });
      });

      it("resets a cell: its edit and its run go, the other cells' stay", async () => {
        for (const cell of ["c1", "c2"]) {
          await db.notebooks.saveCode("ana", "intro", cell, "x");
          await db.notebooks.saveRun("ana", "intro", cell, run("done"));
        }
        await db.notebooks.resetCell("ana", "intro", "c1");
        const nb = await db.notebooks.get("ana", "intro");
        expect(Object.keys(nb.cells)).toEqual(["c2"]);
        expect(Object.keys(nb.runs)).toEqual(["c2"]);
      });

      it("places own cells: inserting moves the ones below down, positions past the end are the end", async () => {
        const add = (id: string, after: string, position: number) => db.notebooks.addOwn("ana", "intro", { id, kind: "ts", code: `// ${id}`, after, position });
        expect(await add("own_a", "c1", 0)).toMatchObject({ id: "own_a", after: "c1", position: 0, code: "// own_a", updatedAt: expect.any(String) });
        await add("own_b", "c1", 9);
        await add("own_c", "c1", 1);
        await add("own_d", "c1", 0);
        await add("own_x", "c2", 5);
        const places = async () => (await db.notebooks.listOwn("ana", "intro")).map((c) => `${c.after}:${c.position}:${c.id}`);
        expect(await places()).toEqual(["c1:0:own_d", "c1:1:own_a", "c1:2:own_c", "c1:3:own_b", "c2:0:own_x"]);

        // Within one place, the cell's own slot does not count.
        expect(await db.notebooks.placeOwn("ana", "intro", "own_d", { after: "c1", position: 2 })).toMatchObject({ id: "own_d", position: 2 });
        expect(await places()).toEqual(["c1:0:own_a", "c1:1:own_c", "c1:2:own_d", "c1:3:own_b", "c2:0:own_x"]);
        // To another place: the old one closes up, the new one opens.
        expect(await db.notebooks.placeOwn("ana", "intro", "own_c", { after: "c2", position: 0 })).toMatchObject({ after: "c2", position: 0 });
        expect(await db.notebooks.placeOwn("ana", "intro", "own_a", { after: "c2", position: 99 })).toMatchObject({ after: "c2", position: 2 });
        expect(await places()).toEqual(["c1:0:own_d", "c1:1:own_b", "c2:0:own_c", "c2:1:own_x", "c2:2:own_a"]);

        await db.notebooks.saveRun("ana", "intro", "own_x", run("done"));
        expect(await db.notebooks.deleteOwn("ana", "intro", "own_x")).toBe(true);
        expect(await db.notebooks.deleteOwn("ana", "intro", "own_x")).toBe(false);
        expect(await places()).toEqual(["c1:0:own_d", "c1:1:own_b", "c2:0:own_c", "c2:1:own_a"]);
        expect((await db.notebooks.get("ana", "intro")).runs).toEqual({});
        expect((await db.notebooks.get("ana", "intro")).own.map((c) => c.id)).toEqual(["own_d", "own_b", "own_c", "own_a"]);
      });

      it("saves an own cell's code and says when there is no such cell", async () => {
        await db.notebooks.addOwn("ana", "intro", { id: "own_a", kind: "cypher", code: "MATCH (n)", after: "c1", position: 0 });
        await tick();
        const saved = await db.notebooks.saveOwnCode("ana", "intro", "own_a", "MATCH (n) RETURN n");
        expect(saved).toMatchObject({ kind: "cypher", code: "MATCH (n) RETURN n", position: 0 });
        expect(await db.notebooks.getOwn("ana", "intro", "own_a")).toEqual(saved);
        expect(await db.notebooks.saveOwnCode("ana", "intro", "own_zz", "x")).toBeUndefined();
        expect(await db.notebooks.placeOwn("ana", "intro", "own_zz", { after: "c1", position: 0 })).toBeUndefined();
        expect(await db.notebooks.getOwn("ana", "other", "own_a")).toBeUndefined();
      });

      it("keeps own cells consistent when several are added at once", async () => {
        await Promise.all(Array.from({ length: 6 }, (_, i) => db.notebooks.addOwn("ana", "intro", { id: `own_${i}`, kind: "ts", code: "", after: "c1", position: 0 })));
        expect((await db.notebooks.listOwn("ana", "intro")).map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5]);
      });

      it("counts progress from lesson cells' successful runs only, and when each lesson was last run", async () => {
        await db.notebooks.saveRun("ana", "intro", "c1", run("done"));
        await db.notebooks.saveRun("ana", "intro", "c2", run("error"));
        await db.notebooks.saveRun("ana", "intro", "own_abcdefabcdef", run("done"));
        await tick();
        const last = await db.notebooks.saveRun("ana", "vectors", "c1", run("done"));
        await db.notebooks.saveRun("ana", "graphs", "own_abcdefabcdef", run("done"));
        expect(await db.notebooks.progress("ana")).toEqual({ intro: 1, vectors: 1 });
        const at = await db.notebooks.lastRunAt("ana");
        expect(Object.keys(at).sort()).toEqual(["graphs", "intro", "vectors"]);
        expect(at.vectors).toBe(last.ranAt);
        expect(at.intro < at.vectors).toBe(true);
      });

      it("lists the cells whose last run failed, newest first, with their first error", async () => {
        await db.notebooks.saveRun("ana", "intro", "c1", run("error"));
        await tick();
        await db.notebooks.saveRun("ana", "vectors", "own_abcdefabcdef", run("error"));
        await db.notebooks.saveRun("ana", "intro", "c2", run("done"));
        await db.notebooks.saveRun("ben", "intro", "c3", run("error"));
        const failed = await db.notebooks.failedCells("ana", 10);
        expect(failed.map((f) => [f.lesson, f.cell])).toEqual([
          ["vectors", "own_abcdefabcdef"],
          ["intro", "c1"],
        ]);
        expect(failed[0].error).toEqual({ name: "TypeError", message: "x is not a function" });
        expect(await db.notebooks.failedCells("ana", 1)).toHaveLength(1);
        // A fixed cell is no longer listed: only the last run counts.
        await db.notebooks.saveRun("ana", "intro", "c1", run("done"));
        expect((await db.notebooks.failedCells("ana", 10)).map((f) => f.cell)).toEqual(["own_abcdefabcdef"]);
      });

      it("never shows or changes one learner's notebook through another's id", async () => {
        await db.notebooks.saveCode("ana", "intro", "c1", "ana's secret");
        await db.notebooks.saveRun("ana", "intro", "c1", run("done"));
        await db.notebooks.addOwn("ana", "intro", { id: "own_a", kind: "ts", code: "ana's own", after: "c1", position: 0 });
        const before = await db.notebooks.get("ana", "intro");

        expect(await db.notebooks.get("ben", "intro")).toEqual({ cells: {}, runs: {}, own: [] });
        expect(await db.notebooks.listOwn("ben", "intro")).toEqual([]);
        expect(await db.notebooks.getOwn("ben", "intro", "own_a")).toBeUndefined();
        expect(await db.notebooks.saveOwnCode("ben", "intro", "own_a", "ben's")).toBeUndefined();
        expect(await db.notebooks.placeOwn("ben", "intro", "own_a", { after: "c9", position: 0 })).toBeUndefined();
        expect(await db.notebooks.deleteOwn("ben", "intro", "own_a")).toBe(false);
        await db.notebooks.resetCell("ben", "intro", "c1");
        expect(await db.notebooks.progress("ben")).toEqual({});
        expect(await db.notebooks.lastRunAt("ben")).toEqual({});
        expect(await db.notebooks.failedCells("ben", 10)).toEqual([]);
        // Ben's own cell at the same place does not move Ana's.
        await db.notebooks.addOwn("ben", "intro", { id: "own_b", kind: "ts", code: "", after: "c1", position: 0 });
        expect(await db.notebooks.get("ana", "intro")).toEqual(before);
      });
    });

    describe("exercise events", () => {
      it("lists a learner's events oldest first, all lessons or one, with verdicts and answers as recorded", async () => {
        const events = [
          { lesson: "intro", exercise: "e1", event: "attempt" as const, passed: false, answer: { code: "1 +", n: [1, 2] }, reason: "syntax error" },
          { lesson: "intro", exercise: "e2", event: "attempt" as const, passed: null, answer: "a prediction", reason: null },
          { lesson: "vectors", exercise: "e1", event: "solution" as const, passed: null, reason: null },
          { lesson: "intro", exercise: "e1", event: "attempt" as const, passed: true, answer: 42, reason: null },
        ];
        for (const e of events) expect(await db.exercises.add("ana", e)).toEqual({ ...e, at: expect.any(String) });
        await db.exercises.add("ben", events[0]);
        const all = await db.exercises.list("ana");
        expect(all.map(({ at: _at, ...e }) => e)).toEqual(events);
        expect(all.every((e) => typeof e.at === "string")).toBe(true);
        expect((await db.exercises.list("ana", "intro")).map((e) => e.passed)).toEqual([false, null, true]);
        expect(await db.exercises.list("ben", "vectors")).toEqual([]);
        expect(await db.exercises.list("cy")).toEqual([]);
      });
    });

    describe("learners", () => {
      it("registers learners by token hash and lists them by name with their activity", async () => {
        const zoe = await db.learners.add({ id: "l2", name: "Zoe", tokenHash: "h2" });
        const ana = await db.learners.add({ id: "l1", name: "Ana", tokenHash: "h1" });
        expect(ana).toEqual({ id: "l1", name: "Ana", createdAt: expect.any(String) });
        expect(await db.learners.byTokenHash("h2")).toEqual(zoe);
        expect(await db.learners.byTokenHash("nope")).toBeUndefined();
        await expect(db.learners.add({ id: "l3", name: "Copy", tokenHash: "h1" })).rejects.toThrow();
        expect(await db.learners.add({ id: "l1", name: "Other", tokenHash: "h9" })).toEqual(ana);

        await db.notebooks.saveRun("l1", "intro", "c1", run("done"));
        const last = await db.notebooks.saveRun("l1", "vectors", "c1", run("error"));
        expect(await db.learners.list()).toEqual([
          { ...ana, cellsRun: 2, lastActive: last.ranAt },
          { ...zoe, cellsRun: 0, lastActive: null },
        ]);
      });

      it("resets one lesson of one learner: its cells, runs, own cells, exercises and trace, nothing else", async () => {
        for (const [learner, lesson] of [["ana", "intro"], ["ana", "vectors"], ["ben", "intro"]]) {
          await db.notebooks.saveCode(learner, lesson, "c1", `${learner} ${lesson}`);
          await db.notebooks.saveRun(learner, lesson, "c1", run("done"));
          await db.notebooks.addOwn(learner, lesson, { id: "own_a", kind: "ts", code: "1", after: "c1", position: 0 });
          await db.exercises.add(learner, { lesson, exercise: "e1", event: "attempt", passed: true, reason: null });
          await db.traces.add(learner, lesson, trace("x"));
        }
        await db.learners.resetLesson("ana", "intro");
        expect(await db.notebooks.get("ana", "intro")).toEqual({ cells: {}, runs: {}, own: [] });
        expect(await db.exercises.list("ana", "intro")).toEqual([]);
        expect(await db.traces.count("ana", "intro")).toBe(0);
        for (const [learner, lesson] of [["ana", "vectors"], ["ben", "intro"]]) {
          expect((await db.notebooks.get(learner, lesson)).cells.c1.code).toBe(`${learner} ${lesson}`);
          expect(await db.exercises.list(learner, lesson)).toHaveLength(1);
          expect(await db.traces.count(learner, lesson)).toBe(1);
        }
      });

      it("reset deletes everything one learner saved and nothing of another's", async () => {
        const fill = async (who: string) => {
          await db.notebooks.saveCode(who, "intro", "c1", "x");
          await db.notebooks.saveRun(who, "intro", "c1", run("done"));
          await db.notebooks.addOwn(who, "intro", { id: "own_a", kind: "ts", code: "", after: "c1", position: 0 });
          await db.exercises.add(who, { lesson: "intro", exercise: "e1", event: "solution", passed: null, reason: null });
          await db.jobs.create({ id: `job-${who}`, learner: who, kind: "ingest", spec: {} });
          await db.experiments.save(who, `exp-${who}`, record);
          await db.experiments.recordTestLook(who, "part1", "cfgA");
          await db.judging.saveRun(who, `judge-${who}`, `exp-${who}`, { n: 1 });
          await db.judging.saveAnswer(who, `exp-${who}`, "v", "q1", { answer: "a" });
          await db.judging.saveReview(who, { key: "r|q1|0", claim: "c", judgeLabel: "supported", learnerLabel: "unsupported" });
          await db.traces.add(who, "intro", trace("o"));
        };
        const snapshot = async (who: string) => ({
          notebook: await db.notebooks.get(who, "intro"),
          exercises: await db.exercises.list(who),
          jobs: await db.jobs.list(who),
          experiments: await db.experiments.list(who),
          judgeRuns: await db.judging.listRuns(who),
          answers: [...(await db.judging.answers(who, `exp-${who}`, "v"))],
          reviews: await db.judging.listReviews(who),
          traces: await db.traces.list(who, "intro"),
        });
        await db.learners.add({ id: "ana", name: "Ana", tokenHash: "ha" });
        await fill("ana");
        await fill("ben");
        const ben = await snapshot("ben");
        await db.judging.saveReply("shared-key", "shared reply");

        await db.learners.reset("ana");
        expect(await snapshot("ana")).toEqual({
          notebook: { cells: {}, runs: {}, own: [] },
          exercises: [],
          jobs: [],
          experiments: [],
          judgeRuns: [],
          answers: [],
          reviews: [],
          traces: [],
        });
        // Test looks start again from none.
        expect(await db.experiments.recordTestLook("ana", "part1", "cfgB")).toBe(1);
        expect(await snapshot("ben")).toEqual(ben);
        expect(await db.experiments.recordTestLook("ben", "part1", "cfgB")).toBe(2);
        // The learner stays registered; shared caches stay.
        expect(await db.learners.byTokenHash("ha")).toMatchObject({ id: "ana" });
        expect(await db.judging.reply("shared-key")).toBe("shared reply");
      });
    });

    describe("experiments", () => {
      it("returns records whole, and lists them newest first without their rankings", async () => {
        await db.experiments.save("ana", "e1", record);
        await tick();
        await db.experiments.save("ana", "e2", { ...record, zeta: 2 });
        await db.experiments.save("ben", "e3", record);
        const got = await db.experiments.get("ana", "e1");
        expect(got).toEqual(record);
        expect(Object.keys(got as object)).toEqual(Object.keys(record));
        const listed = await db.experiments.list("ana");
        expect(listed.map((e) => e.id)).toEqual(["e2", "e1"]);
        expect(listed[1]).toEqual({ id: "e1", createdAt: expect.any(String), record: summary });
        expect(Object.keys(listed[1].record as object)).toEqual(Object.keys(summary));
        expect(await db.experiments.get("ben", "e1")).toBeUndefined();
        expect(await db.experiments.get("ana", "e3")).toBeUndefined();
      });

      it("deletes a run with the answers generated for it, and only the owner can", async () => {
        await db.experiments.save("ana", "exp", {});
        await db.judging.saveAnswer("ana", "exp", "model|point", "q1", { answer: "a" });
        await db.judging.saveAnswer("ana", "other", "model|point", "q1", { answer: "kept" });
        expect(await db.experiments.delete("ben", "exp")).toBe(false);
        expect(await db.experiments.get("ana", "exp")).toEqual({});
        expect(await db.experiments.delete("ana", "exp")).toBe(true);
        expect(await db.experiments.delete("ana", "exp")).toBe(false);
        expect(await db.experiments.get("ana", "exp")).toBeUndefined();
        expect((await db.judging.answers("ana", "exp", "model|point")).size).toBe(0);
        expect((await db.judging.answers("ana", "other", "model|point")).size).toBe(1);
      });

      it("counts distinct configurations scored on a test part, per learner, surviving the run's deletion", async () => {
        expect(await db.experiments.recordTestLook("ana", "part1", "cfgA")).toBe(1);
        expect(await db.experiments.recordTestLook("ana", "part1", "cfgA")).toBe(1);
        expect(await db.experiments.recordTestLook("ana", "part1", "cfgB")).toBe(2);
        expect(await db.experiments.recordTestLook("ana", "part2", "cfgA")).toBe(1);
        expect(await db.experiments.recordTestLook("ben", "part1", "cfgA")).toBe(1);
        await db.experiments.save("ana", "exp", {});
        await db.experiments.delete("ana", "exp");
        expect(await db.experiments.recordTestLook("ana", "part1", "cfgC")).toBe(3);
      });
    });

    describe("judging", () => {
      it("caches judge replies for everyone, the last one saved winning", async () => {
        expect(await db.judging.reply("k")).toBeUndefined();
        await db.judging.saveReply("k", "first");
        await db.judging.saveReply("k", "second");
        expect(await db.judging.reply("k")).toBe("second");
      });

      it("keeps judge runs per learner, newest first, linked to the experiment they judged", async () => {
        await db.judging.saveRun("ana", "j1", "exp", record);
        await tick();
        await db.judging.saveRun("ana", "j2", null, { n: 2 });
        await db.judging.saveRun("ben", "j3", null, {});
        expect(await db.judging.getRun("ana", "j1")).toEqual(record);
        expect(await db.judging.getRun("ben", "j1")).toBeUndefined();
        const runs = await db.judging.listRuns("ana");
        expect(runs).toEqual([
          { id: "j2", experiment: null, createdAt: expect.any(String), record: { n: 2 } },
          { id: "j1", experiment: "exp", createdAt: expect.any(String), record },
        ]);
      });

      it("keeps generated answers per learner, experiment and variant, the last one saved winning", async () => {
        await db.judging.saveAnswer("ana", "exp", "v1", "q1", { answer: "old" });
        await db.judging.saveAnswer("ana", "exp", "v1", "q1", { answer: "new", contexts: ["c"] });
        await db.judging.saveAnswer("ana", "exp", "v1", "q2", "plain");
        await db.judging.saveAnswer("ana", "exp", "v2", "q1", { answer: "other variant" });
        expect(await db.judging.answers("ana", "exp", "v1")).toEqual(new Map<string, unknown>([["q1", { answer: "new", contexts: ["c"] }], ["q2", "plain"]]));
        expect((await db.judging.answers("ben", "exp", "v1")).size).toBe(0);
      });

      it("keeps one review per claim per learner, oldest update first", async () => {
        await db.judging.saveReview("ana", { key: "r|q1|0", claim: "c0", judgeLabel: "supported", learnerLabel: "supported" });
        await tick();
        await db.judging.saveReview("ana", { key: "r|q1|1", claim: "c1", judgeLabel: "unsupported", learnerLabel: "unsupported" });
        await tick();
        const changed = await db.judging.saveReview("ana", { key: "r|q1|0", claim: "c0", judgeLabel: "supported", learnerLabel: "unsupported" });
        await db.judging.saveReview("ben", { key: "r|q1|1", claim: "c1", judgeLabel: "unsupported", learnerLabel: "supported" });
        expect(await db.judging.listReviews("ana")).toEqual([
          { key: "r|q1|1", claim: "c1", judgeLabel: "unsupported", learnerLabel: "unsupported", updatedAt: expect.any(String) },
          changed,
        ]);
        await db.judging.deleteReview("ben", "r|q1|0");
        await db.judging.deleteReview("ana", "r|q1|1");
        expect((await db.judging.listReviews("ana")).map((r) => r.key)).toEqual(["r|q1|0"]);
        expect((await db.judging.listReviews("ben")).map((r) => r.key)).toEqual(["r|q1|1"]);
      });
    });

    describe("LLM traces", () => {
      it("keeps each learner's notebook trace apart, oldest first, dropping the oldest beyond `keep`", async () => {
        for (const out of ["a", "b", "c", "d"]) await db.traces.add("ana", "judges", trace(out), 3);
        await db.traces.add("ben", "judges", trace("ben's"));
        await db.traces.add("ana", "intro", trace("other notebook"));
        const kept = await db.traces.list("ana", "judges");
        expect(kept.map((t) => t.output)).toEqual(["b", "c", "d"]);
        expect(kept[0]).toEqual({ ...trace("b"), id: expect.any(Number) });
        expect(kept[0].id < kept[1].id).toBe(true);
        expect((await db.traces.list("ana", "judges", 2)).map((t) => t.output)).toEqual(["c", "d"]);
        expect(await db.traces.count("ana", "judges")).toBe(3);
        expect((await db.traces.list("ben", "judges")).map((t) => t.output)).toEqual(["ben's"]);
        await db.traces.clear("ana", "judges");
        expect(await db.traces.list("ana", "judges")).toEqual([]);
        expect(await db.traces.count("ana", "judges")).toBe(0);
        expect(await db.traces.list("ana", "intro")).toHaveLength(1);
        expect(await db.traces.list("ben", "judges")).toHaveLength(1);
      });
    });

    describe("jobs", () => {
      it("creates, updates and reads jobs back as records", async () => {
        const created = await db.jobs.create({ id: "j1", learner: "ana", kind: "grid", spec: { grid: [1, 2], name: "é" } });
        expect(created).toMatchObject({ status: "queued", progress: null, result: null, error: null, errorCode: null });
        expect(await db.jobs.get("ana", "j1")).toEqual(created);
        await tick();
        await db.jobs.update("j1", { status: "running", progress: { stage: "embed", done: 1, total: 4, rate: 2.5 } });
        await db.jobs.update("j1", { status: "failed", result: { points: [{ mrr: 0.5 }] }, error: "boom", errorCode: "timeout" });
        const job = await db.jobs.get("ana", "j1");
        expect(job).toEqual({
          ...created,
          status: "failed",
          progress: { stage: "embed", done: 1, total: 4, rate: 2.5 },
          result: { points: [{ mrr: 0.5 }] },
          error: "boom",
          errorCode: "timeout",
          updatedAt: expect.any(String),
        });
        expect(job!.updatedAt > created.updatedAt).toBe(true);
        expect(await db.jobs.get("ben", "j1")).toBeUndefined();
      });

      it("lists a learner's jobs newest first, the active ones, at most the limit", async () => {
        for (const id of ["j1", "j2", "j3", "j4"]) {
          await db.jobs.create({ id, learner: "ana", kind: "ingest", spec: {} });
          await tick();
        }
        await db.jobs.create({ id: "b1", learner: "ben", kind: "ingest", spec: {} });
        await db.jobs.update("j2", { status: "done" });
        await db.jobs.update("j3", { status: "running" });
        expect((await db.jobs.list("ana")).map((j) => j.id)).toEqual(["j4", "j3", "j2", "j1"]);
        expect((await db.jobs.list("ana", { active: true })).map((j) => j.id)).toEqual(["j4", "j3", "j1"]);
        expect((await db.jobs.list("ana", { limit: 2 })).map((j) => j.id)).toEqual(["j4", "j3"]);
        expect((await db.jobs.list("ben")).map((j) => j.id)).toEqual(["b1"]);
      });

      it("fails the jobs a previous process left queued or running, and only those", async () => {
        for (const id of ["q", "r", "d"]) await db.jobs.create({ id, learner: id === "q" ? "ben" : "ana", kind: "ingest", spec: {} });
        await db.jobs.update("r", { status: "running" });
        await db.jobs.update("d", { status: "done", result: 1 });
        expect(await db.jobs.failInterrupted("server restarted")).toBe(2);
        expect(await db.jobs.get("ben", "q")).toMatchObject({ status: "failed", error: "server restarted" });
        expect(await db.jobs.get("ana", "r")).toMatchObject({ status: "failed", error: "server restarted" });
        expect(await db.jobs.get("ana", "d")).toMatchObject({ status: "done", result: 1, error: null });
        expect(await db.jobs.failInterrupted("again")).toBe(0);
      });
    });

    describe("collection manifests", () => {
      it("lists an engine's manifests by name, a prefix matched literally", async () => {
        const names = ["ana__t_1", "ana__talks", "anaX_talks", "ana%_x", "ana%y", "ben__talks", "an"];
        for (const n of names) await db.manifests.put("lancedb", n, { name: n, dims: [1, 2] });
        await db.manifests.put("weaviate", "ana__other", {});
        const listed = async (prefix?: string) => (await db.manifests.list("lancedb", prefix)).map((m) => m.name);
        expect(await listed()).toEqual([...names].sort());
        expect(await listed("ana__")).toEqual(["ana__t_1", "ana__talks"]);
        // "_" and "%" are no wildcards here.
        expect(await listed("ana_")).toEqual(["ana__t_1", "ana__talks"]);
        expect(await listed("ana%")).toEqual(["ana%_x", "ana%y"]);
        expect(await listed("ana%_")).toEqual(["ana%_x"]);
        expect(await listed("zzz")).toEqual([]);
        expect((await db.manifests.list("weaviate")).map((m) => m.name)).toEqual(["ana__other"]);
      });

      it("replaces a manifest put again and forgets a deleted one", async () => {
        await db.manifests.put("lancedb", "c", { v: 1 });
        await db.manifests.put("lancedb", "c", { v: 2, config: { chunker: "cues" } });
        expect(await db.manifests.get("lancedb", "c")).toEqual({ name: "c", meta: { v: 2, config: { chunker: "cues" } }, createdAt: expect.any(String) });
        expect(await db.manifests.get("weaviate", "c")).toBeUndefined();
        await db.manifests.delete("weaviate", "c");
        expect(await db.manifests.get("lancedb", "c")).toBeDefined();
        await db.manifests.delete("lancedb", "c");
        expect(await db.manifests.get("lancedb", "c")).toBeUndefined();
        expect(await db.manifests.list("lancedb")).toEqual([]);
      });
    });

    describe("embedding cache", () => {
      it("returns Float32 vectors bit for bit, for the hashes it has only", async () => {
        const vector = Float32Array.from([0.1, -1.25, 3, Number.MIN_VALUE, -0, 1e30]);
        await db.embeddings.putMany("m", new Map([[hash("a"), vector]]));
        const found = await db.embeddings.getMany("m", [hash("a"), hash("b")]);
        expect([...found.keys()]).toEqual([hash("a")]);
        expect(found.get(hash("a"))).toBeInstanceOf(Float32Array);
        expect(Array.from(found.get(hash("a"))!)).toEqual(Array.from(vector));
        expect((await db.embeddings.getMany("m", [])).size).toBe(0);
      });

      it("keeps model ids apart", async () => {
        await db.embeddings.putMany("model-a", new Map([[hash("x"), Float32Array.from([1])]]));
        expect((await db.embeddings.getMany("model-b", [hash("x")])).size).toBe(0);
        expect((await db.embeddings.getMany("model-a", [hash("x")])).size).toBe(1);
      });

      it("keeps the first vector stored for a key, even when two batches race", async () => {
        await db.embeddings.putMany("m", new Map([[hash("k"), Float32Array.from([1, 1])]]));
        await db.embeddings.putMany("m", new Map([[hash("k"), Float32Array.from([2, 2])], [hash("new"), Float32Array.from([3])]]));
        const found = await db.embeddings.getMany("m", [hash("k"), hash("new")]);
        expect(Array.from(found.get(hash("k"))!)).toEqual([1, 1]);
        expect(Array.from(found.get(hash("new"))!)).toEqual([3]);

        const racing = Array.from({ length: 4 }, (_, i) => new Map([[hash("race"), Float32Array.from([i])], [hash(`own-${i}`), Float32Array.from([i])]]));
        await Promise.all(racing.map((batch) => db.embeddings.putMany("m", batch)));
        const raced = await db.embeddings.getMany("m", [hash("race"), ...racing.map((_, i) => hash(`own-${i}`))]);
        expect(raced.size).toBe(5);
        const winner = Array.from(raced.get(hash("race"))!);
        expect([[0], [1], [2], [3]]).toContainEqual(winner);
        await db.embeddings.putMany("m", new Map([[hash("race"), Float32Array.from([9])]]));
        expect(Array.from((await db.embeddings.getMany("m", [hash("race")])).get(hash("race"))!)).toEqual(winner);
      });

      it("stores and looks up more vectors than fit in one statement", async () => {
        const entries = new Map(Array.from({ length: 1234 }, (_, i) => [hash(`t${i}`), Float32Array.from([i, -i])] as const));
        await db.embeddings.putMany("m", entries);
        const found = await db.embeddings.getMany("m", [...entries.keys(), hash("absent")]);
        expect(found.size).toBe(1234);
        expect(Array.from(found.get(hash("t1000"))!)).toEqual([1000, -1000]);
      });
    });

    describe("jobs shared by instances", () => {
      const queued = (id: string) => db.jobs.create({ id, learner: "ana", kind: "grid", spec: {} });

      it("lets one instance claim a queued job, and none once it was cancelled", async () => {
        await queued("j1");
        await queued("j2");
        expect(await db.jobs.claim("j1", "inst-a", "w1")).toBe(true);
        expect(await db.jobs.claim("j1", "inst-b", "w2")).toBe(false);
        expect(await db.jobs.get("ana", "j1")).toMatchObject({ status: "running" });
        expect(await db.jobs.cancelQueued("j1")).toBe(false);
        expect(await db.jobs.cancelQueued("j2")).toBe(true);
        expect(await db.jobs.claim("j2", "inst-a", null)).toBe(false);
        expect(await db.jobs.get("ana", "j2")).toMatchObject({ status: "cancelled" });
      });

      it("flags a running job for cancelling, for the instance running it to find", async () => {
        await queued("j1");
        await queued("j2");
        expect(await db.jobs.requestCancel("j1")).toBeUndefined();
        await db.jobs.claim("j1", "inst-a", null);
        await db.jobs.claim("j2", "inst-b", null);
        expect(await db.jobs.cancelRequested("inst-a")).toEqual([]);
        expect(await db.jobs.requestCancel("j1")).toEqual({ instance: "inst-a" });
        expect(await db.jobs.cancelRequested("inst-a")).toEqual(["j1"]);
        expect(await db.jobs.cancelRequested("inst-b")).toEqual([]);
        await db.jobs.update("j1", { status: "cancelled" });
        expect(await db.jobs.cancelRequested("inst-a")).toEqual([]);
      });

      it("fails the running jobs of a silent instance only, and hands back the workers that held them", async () => {
        await db.instances.beat("gone");
        await tick();
        const cutoff = new Date().toISOString();
        await tick();
        await db.instances.beat("alive");
        for (const id of ["j1", "j2", "j3", "j4"]) await queued(id);
        await db.jobs.claim("j1", "gone", "w-gone");
        await db.jobs.claim("j2", "alive", "w-alive");
        await db.jobs.claim("j3", "gone", null);
        await db.jobs.update("j3", { status: "done" });

        expect(await db.instances.reap(cutoff, "The instance stopped.")).toEqual({ instances: ["gone"], workers: ["w-gone"] });
        expect(await db.jobs.get("ana", "j1")).toMatchObject({ status: "failed", error: "The instance stopped.", errorCode: "unavailable" });
        expect(await db.jobs.get("ana", "j2")).toMatchObject({ status: "running" });
        expect(await db.jobs.get("ana", "j3")).toMatchObject({ status: "done" });
        expect(await db.jobs.get("ana", "j4")).toMatchObject({ status: "queued" });
        // The reaped instance was only cut off: its late "done" does not overwrite the failure the learner was shown.
        await db.jobs.update("j1", { status: "done", result: 1 });
        expect(await db.jobs.get("ana", "j1")).toMatchObject({ status: "failed", result: null });
        // Reaped once: the row is gone, so the next sweep finds nothing.
        expect(await db.instances.reap(cutoff, "again")).toEqual({ instances: [], workers: [] });

        // A heartbeat keeps an instance off the list; a clean stop removes it.
        await db.instances.beat("alive");
        expect((await db.instances.reap(cutoff, "x")).instances).toEqual([]);
        await db.instances.remove("alive");
        expect((await db.instances.reap(new Date(Date.now() + 60_000).toISOString(), "x")).instances).toEqual([]);
      });
    });

    describe("quotas", () => {
      const reserve = (learner: string, tokens: number, limits: { defaultBudget?: number | null; perMinute?: number | null } = {}) =>
        db.quotas.reserve(learner, { id: randomUUID(), tokens, defaultBudget: limits.defaultBudget ?? null, perMinute: limits.perMinute ?? null });
      afterEach(() => void vi.useRealTimers());

      it("lets exactly as many of 50 racing reservations through as the budget fits", async () => {
        // A learner seen before: no first insert of their row to queue the racers behind.
        await db.quotas.setBudget("ana", null);
        const results = await Promise.all(Array.from({ length: 50 }, () => reserve("ana", 100, { defaultBudget: 350 })));
        expect(results.filter((r) => r.ok)).toHaveLength(3);
        expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: "budget", usage: { used: 0, reserved: 300, budget: 350 } });
        expect(await db.quotas.get("ana", 350)).toEqual({ used: 0, reserved: 300, budget: 350 });
      });

      it("replaces a reservation with the real usage when it is settled, freeing what it did not use", async () => {
        const id = randomUUID();
        expect(await db.quotas.reserve("ana", { id, tokens: 300, defaultBudget: 350, perMinute: null })).toEqual({ ok: true });
        expect((await reserve("ana", 100, { defaultBudget: 350 })).ok).toBe(false);
        await db.quotas.settle("ana", id, 40);
        expect(await db.quotas.get("ana", 350)).toEqual({ used: 40, reserved: 0, budget: 350 });
        expect((await reserve("ana", 300, { defaultBudget: 350 })).ok).toBe(true);
        // Another learner's usage is their own.
        expect(await db.quotas.get("bo", 350)).toEqual({ used: 0, reserved: 0, budget: 350 });
        await db.quotas.settle("bo", id, 1_000);
        expect((await db.quotas.get("ana", 350)).used).toBe(40);
      });

      it("stops counting a reservation left unsettled for 10 minutes, but counts settled usage for good", async () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        const id = randomUUID();
        await db.quotas.reserve("ana", { id, tokens: 200, defaultBudget: 300, perMinute: null });
        await db.quotas.settle("ana", id, 150);
        await reserve("ana", 150, { defaultBudget: 300 });
        expect((await reserve("ana", 1, { defaultBudget: 300 })).ok).toBe(false);
        vi.setSystemTime(Date.now() + 10 * 60_000 + 1_000);
        expect(await db.quotas.get("ana", 300)).toEqual({ used: 150, reserved: 0, budget: 300 });
        expect((await reserve("ana", 150, { defaultBudget: 300 })).ok).toBe(true);
      });

      it("uses the learner's own budget over the default, until it is cleared, and no budget at all when neither is set", async () => {
        expect((await reserve("ana", 10_000)).ok).toBe(true);
        await db.quotas.setBudget("ana", 12_000);
        expect(await db.quotas.get("ana", 500)).toEqual({ used: 0, reserved: 10_000, budget: 12_000 });
        expect((await reserve("ana", 2_000, { defaultBudget: 500 })).ok).toBe(true);
        expect((await reserve("ana", 1, { defaultBudget: 500 })).ok).toBe(false);
        await db.quotas.setBudget("ana", null);
        expect((await db.quotas.get("ana", 500)).budget).toBe(500);
        expect((await db.quotas.get("ana", null)).budget).toBeNull();
      });

      it("refuses a request past the per-minute limit, saying when the oldest leaves the window", async () => {
        vi.useFakeTimers({ toFake: ["Date"] });
        for (let i = 0; i < 2; i++) expect((await reserve("ana", 1, { perMinute: 2 })).ok).toBe(true);
        vi.setSystemTime(Date.now() + 20_000);
        const refused = await reserve("ana", 1, { perMinute: 2 });
        expect(refused).toMatchObject({ ok: false, reason: "rate" });
        expect(refused.ok === false && refused.reason === "rate" && refused.retryAfterMs).toBeGreaterThan(39_000);
        expect((await reserve("bo", 1, { perMinute: 2 })).ok).toBe(true);
        vi.setSystemTime(Date.now() + 41_000);
        expect((await reserve("ana", 1, { perMinute: 2 })).ok).toBe(true);
      });

      it("forgets a learner's usage when they are reset, but keeps their raised budget", async () => {
        await db.quotas.setBudget("ana", 900);
        const id = randomUUID();
        await db.quotas.reserve("ana", { id, tokens: 800, defaultBudget: null, perMinute: null });
        await db.quotas.settle("ana", id, 700);
        await db.learners.reset("ana");
        expect(await db.quotas.get("ana", 100)).toEqual({ used: 0, reserved: 0, budget: 900 });
      });
    });

    describe("sign-in: cohort, join links and Better Auth's tables", () => {
      const e = parseEnv({ RAGCAMP_DATA_DIR: os.tmpdir(), RAGCAMP_AUTH_SECRET: "s".repeat(40) });
      const origin = "http://127.0.0.1:3000";
      const join = (auth: ReturnType<typeof createAuth>, token: string) =>
        auth.handler(new Request(`${origin}/api/auth/join-link`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify({ token }) }));

      it("holds one cohort", async () => {
        expect(await db.cohort.get()).toBeUndefined();
        const made = await db.cohort.create("Spring 2026");
        expect(await db.cohort.get()).toEqual(made);
        await expect(db.cohort.create("Another")).rejects.toMatchObject({ code: "conflict" });
        expect((await db.cohort.get())?.name).toBe("Spring 2026");
      });

      it("uses a single-use link once, a reusable one until it expires", async () => {
        await db.learners.add({ id: "ana", name: "Ana", tokenHash: "first" });
        await db.learners.addLink({ learner: "ana", tokenHash: "once", reusable: false, expiresAt: null });
        await db.learners.addLink({ learner: "ana", tokenHash: "again", reusable: true, expiresAt: "2030-01-01T00:00:00.000Z" });
        expect(await db.learners.useLink("once", "2029-01-01T00:00:00.000Z")).toBe(true);
        expect(await db.learners.useLink("once", "2029-01-01T00:00:01.000Z")).toBe(false);
        expect(await db.learners.byLink("once")).toEqual({ learner: expect.objectContaining({ id: "ana", name: "Ana" }), reusable: false, expiresAt: null, usedAt: "2029-01-01T00:00:00.000Z" });
        expect(await db.learners.useLink("again", "2029-06-01T00:00:00.000Z")).toBe(true);
        expect(await db.learners.useLink("again", "2029-07-01T00:00:00.000Z")).toBe(true);
        expect(await db.learners.useLink("again", "2030-01-01T00:00:00.000Z")).toBe(false);
        expect(await db.learners.useLink("nobody's", "2029-01-01T00:00:00.000Z")).toBe(false);
      });

      it("lets one of many racing exchanges of a single-use link through", async () => {
        await db.learners.add({ id: "ana", name: "Ana", tokenHash: "first" });
        await db.learners.addLink({ learner: "ana", tokenHash: "once", reusable: false, expiresAt: null });
        const results = await Promise.all(Array.from({ length: 8 }, () => db.learners.useLink("once", new Date().toISOString())));
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it("exchanges a join link for a session stored hashed, which revocation ends", async () => {
        const auth = createAuth(db, e);
        const { token } = await invite(db, "Ana");
        const res = await join(auth, token);
        expect(res.status).toBe(200);
        const cookie = res.headers.getSetCookie()[0].split(";")[0];
        expect(cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
        const headers = new Headers({ cookie });
        expect(await sessionUser(db, headers, auth)).toEqual({ id: "ana", role: "learner" });
        // The row holds sha256 of the token the cookie carries, never the token itself.
        const rawToken = decodeURIComponent(cookie.split("=")[1]).split(".")[0];
        const rows = await sql<{ token: string; userId: string; expiresAt: unknown }>`select "token", "userId", "expiresAt" from auth_session`.execute(db.kysely);
        expect(rows.rows).toEqual([{ token: hash(rawToken), userId: "ana", expiresAt: expect.anything() }]);
        const days = (new Date(rows.rows[0].expiresAt as string).getTime() - Date.now()) / 86_400_000;
        expect(days).toBeGreaterThan(13.9);
        expect(days).toBeLessThanOrEqual(14);
        // The link was single-use.
        expect((await join(auth, token)).status).toBe(410);
        expect(await revokeSessions(db, "ana", auth)).toEqual({ learner: "ana", revoked: 1 });
        expect(await sessionUser(db, headers, auth)).toBeNull();
      });

      it("revoking a learner ends their links too: a reusable one no longer lets them back in", async () => {
        const auth = createAuth(db, e);
        const reusable = await invite(db, "Fay", { reusable: true });
        const other = await invite(db, "Gus", { reusable: true });
        expect((await join(auth, reusable.token)).status).toBe(200);
        await revokeSessions(db, "fay", auth);
        expect((await join(auth, reusable.token)).status).toBe(410);
        expect((await join(auth, other.token)).status).toBe(200);
        // A new invitation works again.
        expect((await join(auth, (await invite(db, "Fay")).token)).status).toBe(200);
      });

      it("keeps wrong join attempts' rate-limit counters in the database: the 11th in a minute is refused", async () => {
        const auth = createAuth(db, e);
        const statuses = [];
        for (let i = 0; i < 11; i++) statuses.push((await join(auth, `wrong-${i}`)).status);
        expect(statuses).toEqual([...Array(10).fill(401), 429]);
        // A second instance on the same database (a fresh Better Auth) sees the same counter.
        expect((await join(createAuth(db, e), "wrong-again")).status).toBe(429);
        const counters = await sql<{ key: string; count: number }>`select "key", "count" from auth_rate_limit`.execute(db.kysely);
        expect(counters.rows).toEqual([{ key: expect.stringContaining("/join-link"), count: expect.anything() }]);
        // A good link is not held up by others' wrong ones (a class behind one address), nor counted.
        const { token } = await invite(db, "Ana");
        expect((await join(auth, token)).status).toBe(200);
      });

      it("signs the instructor in with a one-time link that works once", async () => {
        const { signInUrl } = await createCohort(db, e, "Spring", origin);
        const url = new URL(signInUrl);
        expect(url.origin + url.pathname).toBe(`${origin}/api/auth/magic-link/verify`);
        const auth = createAuth(db, e);
        const open = () => auth.handler(new Request(signInUrl, { headers: { host: url.host } }));
        const first = await open();
        expect(first.status).toBe(302);
        const cookie = first.headers.getSetCookie().find((c) => c.startsWith(SESSION_COOKIE))!.split(";")[0];
        expect(await sessionUser(db, new Headers({ cookie }), auth)).toEqual({ id: "local", role: "instructor" });
        const second = await open();
        expect(second.headers.get("location")).toContain("error=INVALID_TOKEN");
        // Nobody can ask for one over HTTP: the CLI on the server machine makes them.
        const ask = await auth.handler(new Request(`${origin}/api/auth/sign-in/magic-link`, { method: "POST", headers: { "content-type": "application/json", origin }, body: JSON.stringify({ email: "instructor@ragcamp.invalid" }) }));
        expect(ask.status).toBe(404);
      });
    });
  });
}

export function describeAppDbLifecycle(name: string, options: () => Promise<AppDbOptions>): void {
  describe(`${name} app database, opened and migrated`, () => {
    it("keeps learner work across a restart", async () => {
      const where = await options();
      const db = await openAppDb(where);
      await db.notebooks.saveCode("ana", "intro", "c1", "2 + 2");
      await db.notebooks.saveRun("ana", "intro", "c1", run("done"));
      await db.jobs.create({ id: "j1", learner: "ana", kind: "grid", spec: { k: 5 } });
      await db.embeddings.putMany("m", new Map([[hash("a"), Float32Array.from([0.5])]]));
      await db.close();

      const again = await openAppDb(where);
      try {
        expect((await again.notebooks.get("ana", "intro")).cells.c1.code).toBe("2 + 2");
        expect(await again.notebooks.progress("ana")).toEqual({ intro: 1 });
        expect(await again.jobs.get("ana", "j1")).toMatchObject({ spec: { k: 5 } });
        expect((await again.embeddings.getMany("m", [hash("a")])).size).toBe(1);
      } finally {
        await again.close();
      }
    });

    it("applies a failing set of migrations not at all: the good one before the failure is rolled back too", async () => {
      const where = await options();
      await (await openAppDb(where)).close();
      const { engine, location, db } = connect(where);
      try {
        const migrations = {
          ...appMigrations(engine),
          // Named to sort after every real migration, whatever versions are appended later.
          "9998-good": { up: (k: typeof db) => k.schema.createTable("good_table").addColumn("x", "text").execute() },
          "9999-bad": {
            async up(k: typeof db) {
              await k.schema.createTable("half_done").addColumn("x", "text").execute();
              throw new Error("boom in the middle");
            },
          },
        };
        await expect(migrate(db, location, migrations)).rejects.toThrow(/failed at 9999-bad; none of the pending migrations was applied: boom in the middle/);
        const tables = (await db.introspection.getTables()).map((t) => t.name);
        expect(tables).toContain("cell_code");
        expect(tables).not.toContain("good_table");
        expect(tables).not.toContain("half_done");
        const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
        expect(applied.rows).toEqual(Object.keys(appMigrations(engine)).map((name) => ({ name })));
      } finally {
        await db.destroy();
      }
      // And the database still opens and works.
      const db2 = await openAppDb(where);
      await db2.notebooks.saveCode("ana", "intro", "c1", "x");
      await db2.close();
    });
  });
}
