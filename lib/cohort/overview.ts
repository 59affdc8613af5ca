/**
 * The cohort as the instructor's dashboard shows it: every learner's progress
 * per lesson, where they are stuck, and how their held-out experiment scores
 * compare. Read with the same ports and use cases a learner's own pages use,
 * so the two never disagree.
 */
import type { AppDb, Learner } from "@/lib/db/app-db";
import { pairedDifference } from "@/lib/eval/bootstrap";
import { progress } from "@/lib/exercises/service";
import { retrievalOf } from "@/lib/experiments/compare";
import type { ExperimentRecord } from "@/lib/experiments/runner";
import { listExperimentRuns } from "@/lib/experiments/service";
import type { Lesson } from "@/lib/lessons/schema";
import { quotaUsage } from "@/lib/quotas/policy";
import type { CohortLearner, CohortOverview, Leaderboard, LearnerLesson } from "./contract";

/** Enough to see what a learner is stuck on, few enough to read. */
const TROUBLE_PER_LEARNER = 10;

async function learnerRow(db: AppDb, learner: Learner & { lastActive: string | null }, lessons: Lesson[]): Promise<CohortLearner> {
  const [byLesson, failedCells, jobs, tokens] = await Promise.all([
    progress(db, learner.id, lessons),
    db.notebooks.failedCells(learner.id, TROUBLE_PER_LEARNER),
    db.jobs.list(learner.id, { limit: 50 }),
    quotaUsage(db, { learner: learner.id, instructor: false }),
  ]);
  const lessonsOf = Object.fromEntries(
    Object.entries(byLesson).map(([slug, p]): [string, LearnerLesson] => [
      slug,
      {
        // A prediction has no right answer: answering it is what completes it.
        passed: p.exercises.filter((e) => e.status === "passed" || e.status === "answered").length,
        total: p.exercises.length,
        attempts: p.exercises.reduce((n, e) => n + e.attempts, 0),
        hints: p.exercises.reduce((n, e) => n + e.hintsUsed, 0),
        solutions: p.exercises.filter((e) => e.solutionViewed).length,
        cellsRun: p.cellsRun,
        complete: p.complete,
        lastActivity: p.lastActivity,
      },
    ]),
  );
  const trouble: CohortLearner["trouble"] = [
    ...failedCells.map((c) => ({ kind: "cell" as const, lesson: c.lesson, what: c.cell, message: c.error ? `${c.error.name}: ${c.error.message}` : "failed", at: c.at })),
    ...jobs.filter((j) => j.status === "failed").map((j) => ({ kind: "job" as const, lesson: null, what: j.kind, message: j.error ?? "failed", at: j.updatedAt })),
  ]
    .sort((a, b) => (a.at < b.at ? 1 : -1))
    .slice(0, TROUBLE_PER_LEARNER);
  return { id: learner.id, name: learner.name, joinedAt: learner.createdAt, lastActive: learner.lastActive, lessons: lessonsOf, trouble, tokens };
}

interface SplitRun {
  learner: string;
  record: ExperimentRecord & { split: NonNullable<ExperimentRecord["split"]> };
}

/**
 * Runs on the same test part scored the same questions, so they can be
 * compared pair by pair; each learner's latest run there stands for them
 * (the one they would report, not the best of their looks).
 */
export function leaderboards(runs: readonly SplitRun[]): Leaderboard[] {
  const byPart = new Map<string, { lesson: string | null; testPart: string; latest: Map<string, SplitRun> }>();
  for (const run of runs) {
    const lesson = run.record.notebook ?? null;
    const key = JSON.stringify([lesson, run.record.split.testPart]);
    const board = byPart.get(key) ?? { lesson, testPart: run.record.split.testPart, latest: new Map<string, SplitRun>() };
    const mine = board.latest.get(run.learner);
    if (!mine || mine.record.createdAt < run.record.createdAt) board.latest.set(run.learner, run);
    byPart.set(key, board);
  }
  return [...byPart.values()].map(({ lesson, testPart, latest }) => {
    const ranked = [...latest.values()].sort((a, b) => b.record.split.chosen.test.mrr - a.record.split.chosen.test.mrr);
    const rowsOf = (r: SplitRun) => new Map(r.record.split.chosen.perQuestion.map((q) => [q.id, q.reciprocalRank]));
    const best = rowsOf(ranked[0]);
    const ids = [...best.keys()];
    return {
      lesson,
      testPart,
      questions: ids.length,
      entries: ranked.map((r, i) => {
        const { chosen, looks } = r.record.split;
        const point = r.record.points[chosen.point];
        const mine = rowsOf(r);
        const tied = i === 0 || (ids.every((id) => mine.has(id)) && !pairedDifference(ids.map((id) => best.get(id)!), ids.map((id) => mine.get(id)!)).distinguishable);
        return {
          learner: r.learner,
          experiment: r.record.id,
          createdAt: r.record.createdAt,
          configuration: point ? `${point.chunkerLabel} · ${retrievalOf(point)} · k ${point.k}` : "?",
          mrr: chosen.test.mrr,
          low: chosen.test.intervals?.mrr.low ?? null,
          high: chosen.test.intervals?.mrr.high ?? null,
          hitRate: chosen.test.hitRate,
          looks,
          tiedWithBest: tied,
        };
      }),
    };
  });
}

export async function cohortOverview(db: AppDb, lessons: Lesson[]): Promise<CohortOverview> {
  const learners = await db.learners.list();
  const [rows, experiments] = await Promise.all([
    Promise.all(learners.map((l) => learnerRow(db, l, lessons))),
    // A run that cannot be read is the learner's to see (their list says why); the leaderboard goes without it.
    Promise.all(learners.map(async (l) => (await listExperimentRuns(db, l.id)).runs.map((record) => ({ learner: l.id, record })))),
  ]);
  const split = experiments.flat().filter((r): r is SplitRun => !!r.record.split);
  return {
    lessons: lessons.map((l) => ({ slug: l.slug, title: l.title, exercises: l.exercises.length, cells: l.cells.length })),
    learners: rows,
    leaderboards: leaderboards(split),
  };
}
