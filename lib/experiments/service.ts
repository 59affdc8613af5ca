import type { AppDb } from "@/lib/db/app-db";
import { isLabError, LabError } from "@/lib/errors";
import { csvTable } from "@/lib/export/csv";
import type { Experiment, ExperimentSummary } from "./contract";
import { retrievalOf } from "./compare";
import { parseExperimentRecord } from "./record";
import type { ExperimentRecord } from "./runner";

/** What a list of runs shows: enough to pick two to compare. With a split, the best is the one chosen on the tuning part. */
export function runSummary(r: Experiment): ExperimentSummary {
  const best = r.split ? r.points[r.split.chosen.point] : [...r.points].sort((a, b) => b.summary.mrr - a.summary.mrr)[0];
  return {
    id: r.id,
    createdAt: r.createdAt,
    points: r.points.length,
    questions: r.questionSet.questions,
    modelId: r.modelId,
    codeVersion: r.codeVersion,
    elapsedMs: r.elapsedMs,
    best: best && { chunker: best.chunkerLabel, mode: best.mode, k: best.k, hitRate: best.summary.hitRate, mrr: best.summary.mrr },
    ...(r.split && { test: { hitRate: r.split.chosen.test.hitRate, mrr: r.split.chosen.test.mrr, questions: r.split.testQuestions, looks: r.split.looks } }),
  };
}

/** Stores a grid run; with a split, its look at the test part is recorded first, so the run carries the learner's count of looks. */
export async function saveGridRun(db: AppDb, learner: string, record: ExperimentRecord): Promise<void> {
  if (record.split) record.split.looks = await db.experiments.recordTestLook(learner, record.split.testPart, record.split.chosen.config);
  await db.experiments.save(learner, record.id, record);
}

export async function getExperiment(db: AppDb, learner: string, id: string): Promise<ExperimentRecord> {
  const stored = await db.experiments.get(learner, id);
  if (stored === undefined) throw new LabError("not_found", `No experiment ${id}`);
  return parseExperimentRecord(id, stored);
}

/** The learner's runs, each parsed on its own: one that cannot be read is listed apart with why, and the others still list. */
export async function listExperimentRuns(db: AppDb, learner: string): Promise<{ runs: ExperimentRecord[]; unreadable: { id: string; message: string }[] }> {
  const runs: ExperimentRecord[] = [];
  const unreadable: { id: string; message: string }[] = [];
  for (const { id, record } of await db.experiments.list(learner)) {
    try {
      runs.push(parseExperimentRecord(id, record));
    } catch (e) {
      if (!isLabError(e)) throw e;
      unreadable.push({ id, message: e.message });
    }
  }
  return { runs, unreadable };
}

const CSV_METRICS = [
  ["hit_rate", "hitRate"],
  ["recall", "recall"],
  ["mrr", "mrr"],
  ["ndcg", "ndcg"],
  ["context_precision", "contextPrecision"],
] as const;

/** Per-point metrics as CSV, one row per grid point: its retrieval as the table shows it ("hybrid+stemmed+prf"), a fitted weight, each quality metric with its 95% interval. */
export function experimentCsv(r: ExperimentRecord): string {
  const header = ["chunker", "size", "overlap", "mode", "fitted_weight", "k", "chunks", "questions", ...CSV_METRICS.flatMap(([name]) => [name, `${name}_low`, `${name}_high`]), "redundancy", "context_tokens", "latency_p50_ms", "latency_p95_ms"];
  const rows = r.points.map((p) => {
    const s = p.summary;
    const metrics = CSV_METRICS.flatMap(([, key]) => [s[key], s.intervals[key].low, s.intervals[key].high]);
    return [p.chunkerLabel, p.size, p.overlap, retrievalOf(p), p.fusion?.vectorWeight ?? null, p.k, p.chunks, s.questions, ...metrics, s.redundancy, s.contextTokens, s.latencyMs.p50, s.latencyMs.p95];
  });
  return csvTable(header, rows);
}
