import { describe, expect, it } from "vitest";
import type { CellRun } from "@/lib/kernel/outputs";
import { lessons } from "@/lib/lessons/catalog";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { cohortCsv } from "./export";
import { cohortOverview, leaderboards } from "./overview";

const failed: CellRun = { status: "error", outputs: [{ kind: "error", name: "TypeError", message: "lab.serch is not a function" }], elapsedMs: 3 };

/** A stored split run as the leaderboard reads it: the chosen point's test scores per question. */
function splitRun(learner: string, id: string, createdAt: string, reciprocalRanks: number[], testPart = "part-a", notebook?: string) {
  const perQuestion = reciprocalRanks.map((rr, i) => ({ id: `q${i}`, reciprocalRank: rr, hit: rr > 0 ? 1 : 0 }));
  const mrr = reciprocalRanks.reduce((a, b) => a + b, 0) / reciprocalRanks.length;
  const record = {
    id,
    createdAt,
    ...(notebook && { notebook }),
    points: [{ chunkerLabel: "token 128/0", mode: "hybrid", levers: [], k: 5 }],
    split: { testPart, looks: 1, chosen: { point: 0, test: { mrr, hitRate: mrr, intervals: { mrr: { low: mrr - 0.1, high: mrr + 0.1 } } }, perQuestion } },
  };
  return { learner, record } as unknown as Parameters<typeof leaderboards>[0][number];
}

describe("the cohort overview", () => {
  it("shows each learner's exercises, cells and trouble per lesson, and nobody else's", async () => {
    const db = await tempAppDb("cohort");
    const lesson = lessons().find((l) => l.exercises.some((e) => e.kind !== "predict"))!;
    const exercise = lesson.exercises.find((e) => e.kind !== "predict")!;
    await db.learners.add({ id: "ana", name: "Ana", tokenHash: "h1" });
    await db.learners.add({ id: "ben", name: "Ben", tokenHash: "h2" });
    await db.exercises.add("ana", { lesson: lesson.slug, exercise: exercise.id, event: "attempt", passed: false, reason: "not yet" });
    await db.exercises.add("ana", { lesson: lesson.slug, exercise: exercise.id, event: "attempt", passed: true, reason: null });
    await db.notebooks.saveRun("ana", lesson.slug, lesson.cells[0].id, failed);
    await db.jobs.create({ id: "j1", learner: "ana", kind: "grid", spec: {} });
    await db.jobs.update("j1", { status: "failed", error: "Question set: unknown talk id" });

    const overview = await cohortOverview(db, lessons());
    expect(overview.lessons.map((l) => l.slug)).toEqual(lessons().map((l) => l.slug));
    const [ana, ben] = overview.learners;
    expect(ana.lessons[lesson.slug]).toMatchObject({ passed: 1, total: lesson.exercises.length, attempts: 2, solutions: 0, cellsRun: 0 });
    expect(ana.trouble.map((t) => [t.kind, t.message])).toEqual(
      expect.arrayContaining([
        ["cell", "TypeError: lab.serch is not a function"],
        ["job", "Question set: unknown talk id"],
      ]),
    );
    expect(ben.lessons[lesson.slug]).toMatchObject({ passed: 0, attempts: 0, cellsRun: 0, lastActivity: null });
    expect(ben.trouble).toEqual([]);

    const csv = cohortCsv(overview).trim().split("\n");
    expect(csv).toHaveLength(1 + 2 * lessons().length);
    expect(csv.find((r) => r.startsWith(`"ana","Ana","${lesson.slug}"`))).toContain(`,1,${lesson.exercises.length},2,`);
    await db.close();
  });
});

describe("leaderboards", () => {
  it("ranks each learner's latest run per test part and marks who the paired bootstrap cannot tell from the best", () => {
    const strong = Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 0.5 : 1));
    const close = strong.map((rr, i) => (i === 1 ? 0.5 : rr));
    const weak = strong.map((rr, i) => (i % 2 === 0 ? 0 : rr * 0.5));
    const [board, other, lesson] = leaderboards([
      splitRun("ana", "e1", "2026-12-01T10:00:00Z", weak),
      splitRun("ana", "e2", "2026-12-02T10:00:00Z", strong),
      splitRun("ben", "e3", "2026-12-01T10:00:00Z", close),
      splitRun("cai", "e4", "2026-12-01T10:00:00Z", weak),
      splitRun("cai", "e5", "2026-12-01T11:00:00Z", strong, "part-b"),
      splitRun("ben", "e6", "2026-12-03T10:00:00Z", weak, "part-a", "retrieval-experiments"),
    ]);
    expect(board.entries.map((e) => [e.learner, e.experiment, e.tiedWithBest])).toEqual([
      ["ana", "e2", true],
      ["ben", "e3", true],
      ["cai", "e4", false],
    ]);
    expect(board.questions).toBe(40);
    expect(board.lesson).toBeNull();
    expect(other).toMatchObject({ lesson: null, testPart: "part-b", entries: [{ learner: "cai" }] });
    // A run from a lesson's notebook is on that lesson's board, apart from the same test part's runs elsewhere.
    expect(lesson).toMatchObject({ lesson: "retrieval-experiments", testPart: "part-a", entries: [{ learner: "ben", experiment: "e6" }] });
  });
});
