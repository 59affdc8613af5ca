/**
 * Comparisons between configurations, always paired over the same
 * questions: the difference in a metric question by question, with its
 * bootstrap interval. Runs in the notebook worker and the CLI alike, from
 * stored records, so it imports nothing of the server.
 */
import { pairedDifference, type Difference } from "@/lib/eval/bootstrap";
import { QUALITY_FIELDS, type QualityScores } from "@/lib/eval/metrics";
import type { QualityMetric } from "@/lib/sdk/types";

/** What a comparison needs of a grid point. */
export interface ComparablePoint {
  chunkerLabel: string;
  mode: string;
  levers?: readonly string[];
  /** "stemmed" when BM25 read the stemmed keyword index. */
  keywords?: string;
  k: number;
  modelId?: string;
  summary: Record<QualityMetric, number>;
  /** Absent on runs stored before per-question scores were kept: such points are not compared. */
  perQuestion?: (QualityScores & { id: string })[];
}

/** The mode with its keyword index and levers ("hybrid+stemmed+prf"), as a point's key and series show it. */
export const retrievalOf = (p: Pick<ComparablePoint, "mode" | "levers" | "keywords">) =>
  [p.mode, ...(p.keywords === "stemmed" ? ["stemmed"] : []), ...(p.levers ?? [])].join("+");

/** Same chunker, retrieval and k: the same configuration in two runs. */
export const pointKey = (p: ComparablePoint) => `${p.chunkerLabel}|${retrievalOf(p)}|${p.k}`;

/**
 * b − a in `metric` over the questions both were scored on, paired by
 * question id. Undefined when either lacks per-question scores or they
 * share no question.
 */
export function comparePoints(a: ComparablePoint, b: ComparablePoint, metric: QualityMetric): (Difference & { questions: number }) | undefined {
  if (!a.perQuestion || !b.perQuestion) return undefined;
  const field = QUALITY_FIELDS[metric];
  const inB = new Map(b.perQuestion.map((q) => [q.id, q[field]]));
  const shared = a.perQuestion.filter((q) => inB.has(q.id));
  if (shared.length === 0) return undefined;
  return {
    ...pairedDifference(
      shared.map((q) => q[field]),
      shared.map((q) => inB.get(q.id)!),
    ),
    questions: shared.length,
  };
}

/** Where a point stands against the run's best in `metric`: the best itself, or its paired difference from the best. */
export type VersusBest = { best: true } | { best: false; difference?: Difference };

/**
 * The best point by `metric` and every other point's paired difference from
 * it. "Not distinguishable from the best" is a difference whose 95%
 * interval contains 0: on these questions the data cannot rank the two.
 */
export function versusBest(points: readonly ComparablePoint[], metric: QualityMetric): VersusBest[] {
  if (points.length === 0) return [];
  const best = points.reduce((b, p) => (p.summary[metric] > b.summary[metric] ? p : b));
  return points.map((p) => (p === best ? { best: true } : { best: false, difference: comparePoints(best, p, metric) }));
}

/** How a table says where a point stands: "best", "≈ best" (not distinguishable) or "below best". */
export function versusBestLabel(v: VersusBest): string {
  if (v.best) return "best";
  if (!v.difference) return "n/a";
  return v.difference.distinguishable ? "below best" : "≈ best";
}

/** One configuration both runs scored: each run's value and the paired difference. */
export interface RunComparisonRow {
  key: string;
  a: number;
  b: number;
  difference?: Difference & { questions: number };
}

/** The configurations two runs share, each with b − a paired over their shared questions. */
export function compareRuns(a: readonly ComparablePoint[], b: readonly ComparablePoint[], metric: QualityMetric): RunComparisonRow[] {
  const inB = new Map(b.map((p) => [pointKey(p), p]));
  return a.flatMap((p) => {
    const q = inB.get(pointKey(p));
    return q ? [{ key: pointKey(p), a: p.summary[metric], b: q.summary[metric], difference: comparePoints(p, q, metric) }] : [];
  });
}

/** A difference in words: which side is better, or that the questions cannot tell. */
export function verdict(d: Difference | undefined, names: [string, string] = ["A", "B"]): string {
  if (!d) return "no shared per-question scores";
  if (!d.distinguishable) return "not distinguishable";
  return d.mean > 0 ? `${names[1]} better` : `${names[0]} better`;
}
