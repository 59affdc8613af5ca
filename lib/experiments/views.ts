import type { CellOutput } from "@/lib/kernel/outputs";
import { tableOutput } from "@/lib/kernel/to-output";

/** The slice of a grid point the views need; the worker gets records from the API. */
export interface PointView {
  chunkerLabel: string;
  size: number;
  overlap: number;
  mode: string;
  /** Retrieval levers (lib/retrieval), when the point used any: shown with its mode. */
  levers?: readonly string[];
  k: number;
  summary: Record<"hitRate" | "recall" | "mrr" | "ndcg" | "contextPrecision" | "redundancy" | "contextTokens", number> & {
    latencyMs: { p50: number; p95: number };
  };
}

export type Metric = "hitRate" | "recall" | "mrr" | "ndcg" | "contextPrecision";
const r3 = (v: number) => Math.round(v * 1000) / 1000;
/** The mode with its levers ("hybrid+prf"), so points that differ only in levers stay apart. */
const how = (p: PointView) => [p.mode, ...(p.levers ?? [])].join("+");

/** One row per point; best value per column marked (redundancy, tokens and latency: lowest is best). */
export function comparisonTable(points: PointView[], maxBytes: number): CellOutput {
  const rows = points.map((p) => ({
    chunker: p.chunkerLabel,
    mode: how(p),
    k: p.k,
    "hit@k": r3(p.summary.hitRate),
    recall: r3(p.summary.recall),
    MRR: r3(p.summary.mrr),
    nDCG: r3(p.summary.ndcg),
    "ctx precision": r3(p.summary.contextPrecision),
    redundancy: r3(p.summary.redundancy),
    "ctx tokens": Math.round(p.summary.contextTokens),
    "p95 ms": Math.round(p.summary.latencyMs.p95),
  }));
  const out = tableOutput(rows, undefined, maxBytes);
  return out.kind === "table"
    ? { ...out, best: ["hit@k", "recall", "MRR", "nDCG", "ctx precision"], bestLow: ["redundancy", "ctx tokens", "p95 ms"] }
    : out;
}

/**
 * Chunker × top-k for one metric and mode. Rows are whole chunker labels
 * (kind, size, overlap): a bare size would put token 128/0 and 128/32 in one
 * row, and token counts and time windows (seconds) on one axis.
 */
export function chunkerByKHeatmap(points: PointView[], metric: Metric, mode: string): CellOutput {
  const data = points.filter((p) => how(p) === mode).map((p) => ({ chunker: p.chunkerLabel, "top-k": p.k, [metric]: r3(p.summary[metric]) }));
  return { kind: "chart", spec: { type: "heatmap", title: `${metric} by chunker and top-k (${mode})`, data, x: "top-k", y: "chunker", value: metric } };
}

/** Metric against k, one line per chunking (and mode). */
export function metricByK(points: PointView[], metric: Metric): CellOutput {
  const series = [...new Set(points.map((p) => `${p.chunkerLabel} · ${how(p)}`))];
  const ks = [...new Set(points.map((p) => p.k))].sort((a, b) => a - b);
  const data = ks.map((k) => {
    const row: Record<string, number> = { k };
    for (const p of points.filter((q) => q.k === k)) row[`${p.chunkerLabel} · ${how(p)}`] = r3(p.summary[metric]);
    return row;
  });
  return { kind: "chart", spec: { type: "line", title: `${metric} against top-k`, data, x: "k", y: series.slice(0, 12) } };
}

/** Points not beaten on both quality (higher) and context tokens (lower) by any other point. */
export function paretoFront(points: PointView[], metric: Metric): PointView[] {
  return points.filter(
    (p) =>
      !points.some(
        (q) =>
          q !== p &&
          q.summary[metric] >= p.summary[metric] &&
          q.summary.contextTokens <= p.summary.contextTokens &&
          (q.summary[metric] > p.summary[metric] || q.summary.contextTokens < p.summary.contextTokens),
      ),
  );
}

/** Quality against the context tokens it costs, with the Pareto front as its own series. */
export function qualityVsTokens(points: PointView[], metric: Metric): CellOutput {
  const front = new Set(paretoFront(points, metric));
  const data = points.map((p) => ({
    tokens: Math.round(p.summary.contextTokens),
    all: r3(p.summary[metric]),
    "Pareto front": front.has(p) ? r3(p.summary[metric]) : null,
  }));
  return { kind: "chart", spec: { type: "scatter", title: `${metric} against context tokens per question`, data, x: "tokens", y: ["all", "Pareto front"] } };
}
