/**
 * A grid with a tuning/test split: every configuration is ranked on the
 * tuning questions only, and only the chosen one is scored on the test
 * questions. Each test score is a "look": choose among many configurations
 * by their test scores and the test part turns into a tuning part, so the
 * looks are counted (lib/experiments/service.ts records them).
 */
import { createHash } from "node:crypto";
import { QUALITY_FIELDS, summarizeRun, type QuestionScores } from "@/lib/eval/metrics";
import type { QualityMetric } from "@/lib/eval/contract";
import type { Question } from "@/lib/eval/questions";
import type { SplitSpec } from "@/lib/eval/contract";
import type { QuestionSplit } from "@/lib/eval/split";
import type { ExperimentSplit, GridSpec } from "./contract";
import type { PointResult } from "./runner";

export type Row = QuestionScores & { id: string };

const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

/**
 * What makes a configuration itself: the point's settings (chunker, model,
 * mode, k and any other axis) and the spec's settings that change
 * retrieval. Two runs of the same configuration are one look, not two.
 */
export function configKey(point: PointResult, spec: GridSpec): string {
  const { summary: _s, perQuestion: _q, collection: _c, chunks: _n, chunkerLabel: _l, size: _z, overlap: _o, ...identity } = point;
  return hash(JSON.stringify({ identity, hybrid: spec.hybrid, queryRewrite: spec.queryRewrite, ...(point.mode === "kvg" && { kvg: spec.kvg }) }));
}

/** The test part's identity: the set's content and which questions are held out, whatever the seed that chose them. */
export function testPartKey(setHash: string, test: readonly Pick<Question, "id">[]): string {
  return hash(`${setHash}|${test.map((q) => q.id).sort().join("\n")}`);
}

/**
 * Narrows every point to its tuning questions (summary, intervals and
 * per-question rows), picks the best by the split's metric, and scores that
 * one on the test questions. `looks` is 1 here; saving the run counts the
 * learner's earlier looks at the same test part.
 */
export function applySplit(points: PointResult[], parts: QuestionSplit<Question>, split: SplitSpec, spec: GridSpec, setHash: string): ExperimentSplit {
  const tuneIds = new Set(parts.tune.map((q) => q.id));
  const testRows = new Map<PointResult, Row[]>();
  for (const p of points) {
    const rows = p.perQuestion as Row[];
    testRows.set(p, rows.filter((r) => !tuneIds.has(r.id)));
    p.perQuestion = rows.filter((r) => tuneIds.has(r.id));
    p.summary = summarizeRun(p.perQuestion as Row[]);
  }
  const chosen = points.reduce((best, p, i) => (p.summary[split.metric] > points[best].summary[split.metric] ? i : best), 0);
  const test = testRows.get(points[chosen])!;
  return {
    ...split,
    tuneQuestions: parts.tune.length,
    testQuestions: parts.test.length,
    testIds: parts.test.map((q) => q.id),
    testPart: testPartKey(setHash, parts.test),
    chosen: { point: chosen, config: configKey(points[chosen], spec), tune: points[chosen].summary, test: summarizeRun(test), perQuestion: test },
    looks: 1,
  };
}

/**
 * Which of several tries of one configuration to keep (a fitted fusion
 * weight, say): the best mean `metric` over the tuning questions alone, so no
 * test question shapes the choice. Ties keep the earliest try.
 */
export function fitOnTuning<T extends { rows: readonly Row[] }>(tries: readonly T[], tuneIds: ReadonlySet<string>, metric: QualityMetric): T {
  const field = QUALITY_FIELDS[metric];
  const score = (t: T) => {
    const tuning = t.rows.filter((r) => tuneIds.has(r.id));
    return tuning.reduce((sum, r) => sum + r[field], 0) / Math.max(1, tuning.length);
  };
  const scores = tries.map(score);
  return tries[scores.reduce((best, v, i) => (v > scores[best] ? i : best), 0)];
}
