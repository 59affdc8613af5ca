import type { CellOutput } from "@/lib/kernel/outputs";
import { tableOutput } from "@/lib/kernel/to-output";
import type { ExperimentSplit, GridPointSummary } from "@/lib/sdk/types";
import { compareRuns, retrievalOf, verdict, versusBest, versusBestLabel, type ComparablePoint } from "./compare";

/** The slice of a grid point the views need; the worker gets records from the API. */
export interface PointView {
  chunkerLabel: string;
  size: number;
  overlap: number;
  mode: string;
  /** Retrieval levers (lib/retrieval), when the point used any: shown with its mode. */
  levers?: readonly string[];
  keywords?: string;
  /** A hybrid point's fitted fusion (`hybrid.vectorWeight: "fit"`). */
  fusion?: { vectorWeight: number };
  k: number;
  summary: Record<"hitRate" | "recall" | "mrr" | "ndcg" | "contextPrecision" | "redundancy" | "contextTokens", number> & {
    latencyMs: { p50: number; p95: number };
    /** Absent on runs stored before intervals were computed. */
    intervals?: GridPointSummary["intervals"];
  };
  perQuestion?: ComparablePoint["perQuestion"];
}

export type Metric = "hitRate" | "recall" | "mrr" | "ndcg" | "contextPrecision";
const r3 = (v: number) => Math.round(v * 1000) / 1000;
/** The mode with its keyword index and levers ("hybrid+stemmed+prf"), so points that differ only in those stay apart. */
const how = retrievalOf;
const r2 = (v: number) => v.toFixed(2);

/** A metric's 95% interval as a table cell shows it: "0.62–0.81", or "" for a run stored before intervals. */
export function intervalText(summary: PointView["summary"], metric: Metric): string {
  const ci = summary.intervals?.[metric];
  return ci ? `${r2(ci.low)}–${r2(ci.high)}` : "";
}

const METRIC_COLUMNS: [Metric, string][] = [
  ["hitRate", "hit@k"],
  ["recall", "recall"],
  ["mrr", "MRR"],
  ["ndcg", "nDCG"],
  ["contextPrecision", "ctx precision"],
];
const METRIC_NAMES = Object.fromEntries(METRIC_COLUMNS) as Record<Metric, string>;

/**
 * One row per point: each quality metric with its 95% interval, and where
 * the point stands against the best by `metric` (paired over the same
 * questions: "≈ best" when the data cannot tell them apart). Best value per
 * column marked (redundancy, tokens and latency: lowest is best).
 */
export function comparisonTable(points: PointView[], maxBytes: number, metric: Metric = "mrr"): CellOutput {
  const standing = versusBest(points, metric);
  const rows = points.map((p, i) => ({
    chunker: p.chunkerLabel,
    mode: how(p),
    ...(points.some((q) => q.fusion) && { "fitted weight": p.fusion?.vectorWeight ?? null }),
    k: p.k,
    ...Object.fromEntries(METRIC_COLUMNS.flatMap(([m, name]) => [[name, r3(p.summary[m])], [`${name} 95% CI`, intervalText(p.summary, m)]])),
    [`vs best ${METRIC_NAMES[metric]}`]: versusBestLabel(standing[i]),
    redundancy: r3(p.summary.redundancy),
    "ctx tokens": Math.round(p.summary.contextTokens),
    "p95 ms": Math.round(p.summary.latencyMs.p95),
  }));
  const out = tableOutput(rows, undefined, maxBytes);
  return out.kind === "table"
    ? { ...out, best: METRIC_COLUMNS.map(([, name]) => name), bestLow: ["redundancy", "ctx tokens", "p95 ms"] }
    : out;
}

/**
 * The top configurations by `metric` as bars with their 95% intervals, the
 * best and those not distinguishable from it named in the legend's title.
 */
export function intervalBars(points: PointView[], metric: Metric, top = 12): CellOutput {
  const standing = versusBest(points, metric);
  const ranked = points.map((p, i) => ({ p, v: standing[i] })).sort((a, b) => b.p.summary[metric] - a.p.summary[metric]).slice(0, top);
  const name = METRIC_NAMES[metric];
  const data = ranked.map(({ p, v }) => ({
    configuration: `${p.chunkerLabel} · ${how(p)} · k ${p.k} (${versusBestLabel(v)})`,
    [name]: r3(p.summary[metric]),
    low: p.summary.intervals ? r3(p.summary.intervals[metric].low) : null,
    high: p.summary.intervals ? r3(p.summary.intervals[metric].high) : null,
  }));
  return {
    kind: "chart",
    spec: {
      type: "bar",
      title: `${name} with 95% intervals, best ${ranked.length} of ${points.length} (≈ best: the paired interval of the difference contains 0)`,
      data,
      x: "configuration",
      y: [name],
      intervals: { [name]: { low: "low", high: "high" } },
    },
  };
}

const withCi = (s: GridPointSummary, m: Metric) => `${r3(s[m])} (${intervalText(s, m)})`;

/**
 * A split run's result: the chosen configuration's tuning and test scores
 * side by side with intervals, the gap between them, and how many
 * configurations have been scored on this test part.
 */
export function splitView(points: PointView[], split: ExperimentSplit, maxBytes: number): CellOutput[] {
  const p = points[split.chosen.point];
  const rows = (["tune", "test"] as const).map((part) => {
    const s = split.chosen[part];
    return {
      part: part === "tune" ? "tuning (chosen on)" : "test (held out)",
      questions: s.questions,
      ...Object.fromEntries(METRIC_COLUMNS.map(([m, name]) => [name, withCi(s, m)])),
    };
  });
  const gap = { part: "test − tuning", questions: null, ...Object.fromEntries(METRIC_COLUMNS.map(([m, name]) => [name, r3(split.chosen.test[m] - split.chosen.tune[m])])) };
  const text = [
    `Chosen on the tuning part (${split.tuneQuestions} questions) as the best ${METRIC_NAMES[split.metric]} of ${points.length} configurations: ${p.chunkerLabel} · ${how(p)} · k ${p.k}${p.fusion ? `, vector weight ${p.fusion.vectorWeight} (fitted on the tuning part too)` : ""}.`,
    `Scored once on the ${split.testQuestions} held-out questions (seed ${split.seed}, ${Math.round(split.test * 100)}% of each talk).`,
    `Looks at this test part: ${split.looks} configuration${split.looks === 1 ? "" : "s"} scored on it so far; the more you choose by test scores, the less they say about unseen questions.`,
  ].join(" ");
  const bars = METRIC_COLUMNS.slice(0, 3).map(([m, name]) => {
    const row = (part: "tune" | "test") => ({ [part]: r3(split.chosen[part][m]), [`${part} low`]: r3(split.chosen[part].intervals[m].low), [`${part} high`]: r3(split.chosen[part].intervals[m].high) });
    return { metric: name, ...row("tune"), ...row("test") };
  });
  return [
    { kind: "text", stream: "info", text },
    tableOutput([...rows, gap], undefined, maxBytes),
    {
      kind: "chart",
      spec: {
        type: "bar",
        title: `Chosen configuration: tuning against test, with 95% intervals (look ${split.looks} at this test part)`,
        data: bars,
        x: "metric",
        y: ["tune", "test"],
        intervals: { tune: { low: "tune low", high: "tune high" }, test: { low: "test low", high: "test high" } },
      },
    },
  ];
}

/**
 * Two runs' shared configurations: each run's value, B − A paired over the
 * questions both scored, its 95% interval, and whether it is a real
 * difference. A bar chart draws the differences with their intervals.
 */
export function runComparison(a: PointView[], b: PointView[], metric: Metric, maxBytes: number): CellOutput[] {
  const name = METRIC_NAMES[metric];
  const shared = compareRuns(a, b, metric);
  const rows = shared.map(({ key, a: va, b: vb, difference: d }) => ({
    configuration: key,
    A: r3(va),
    B: r3(vb),
    "B − A": r3(d?.mean ?? vb - va),
    "95% CI (paired)": d ? `${r3(d.low)} to ${r3(d.high)}` : "",
    questions: d?.questions ?? null,
    verdict: verdict(d),
  }));
  if (rows.length === 0) return [tableOutput(rows, undefined, maxBytes)];
  const chart: CellOutput = {
    kind: "chart",
    spec: {
      type: "bar",
      title: `${name}: B − A per shared configuration, with paired 95% intervals (an interval that crosses 0 is no real difference)`,
      data: shared.slice(0, 24).map(({ key, a: va, b: vb, difference: d }) => ({ configuration: key, "B − A": r3(d?.mean ?? vb - va), low: d ? r3(d.low) : null, high: d ? r3(d.high) : null })),
      x: "configuration",
      y: ["B − A"],
      intervals: { "B − A": { low: "low", high: "high" } },
    },
  };
  return [tableOutput(rows, undefined, maxBytes), chart];
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
