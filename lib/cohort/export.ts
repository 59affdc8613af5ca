/** The cohort's results as CSV, one row per learner × lesson (tokens are the learner's, for the whole cohort), for a gradebook or a spreadsheet. */
import { csvTable } from "@/lib/export/csv";
import type { CohortOverview } from "./contract";

const HEADER = ["learner_id", "learner", "lesson", "exercises_passed", "exercises_total", "attempts", "hints", "solutions_viewed", "cells_run", "cells_total", "last_activity", "tokens_spent", "best_test_mrr"];

export function cohortCsv(overview: CohortOverview): string {
  // A learner's best held-out MRR over every test part they scored on: the leaderboard's number, per learner.
  const bestTest = new Map<string, number>();
  for (const board of overview.leaderboards) for (const e of board.entries) bestTest.set(e.learner, Math.max(bestTest.get(e.learner) ?? -Infinity, e.mrr));
  const rows = overview.learners.flatMap((l) =>
    overview.lessons.map((lesson) => {
      const p = l.lessons[lesson.slug];
      return [l.id, l.name, lesson.slug, p.passed, p.total, p.attempts, p.hints, p.solutions, p.cellsRun, lesson.cells, p.lastActivity, l.tokens.used, bestTest.get(l.id) ?? null];
    }),
  );
  return csvTable(HEADER, rows);
}
