import { describe, expect, it } from "vitest";
import { summarizeRun, type QuestionScores } from "@/lib/eval/metrics";
import { seededRandom } from "@/lib/random/seeded";
import type { GridPointSummary } from "@/lib/sdk/types";
import { compareRuns, comparePoints, versusBest, versusBestLabel, verdict, type ComparablePoint } from "./compare";
import { comparisonTable, intervalBars, runComparison, splitView, type PointView } from "./views";

const blank: QuestionScores = { hit: 0, recall: 0, reciprocalRank: 0, ndcg: 0, contextPrecision: 0, redundancy: 0, contextTokens: 100, latencyMs: 1 };

/** A point whose questions hit (1) or miss (0) as `hits` says, with reciprocal rank equal to hit. */
function point(label: string, hits: number[], k = 5): PointView & ComparablePoint {
  const perQuestion = hits.map((h, i) => ({ ...blank, id: `q${i}`, hit: h, reciprocalRank: h, recall: h }));
  return { chunkerLabel: label, size: 128, overlap: 0, mode: "bm25", k, summary: summarizeRun(perQuestion), perQuestion };
}

// 60 questions: "base" hits 30; "plus" hits the same and 6 more; "shuffle" trades 3 of base's hits for 3 others.
const random = seededRandom(5);
const baseHits = Array.from({ length: 60 }, () => (random() < 0.5 ? 1 : 0));
const misses = baseHits.flatMap((h, i) => (h === 0 ? [i] : []));
const found = baseHits.flatMap((h, i) => (h === 1 ? [i] : []));
const base = point("base", baseHits);
const plus = point("plus", baseHits.map((h, i) => (misses.slice(0, 6).includes(i) ? 1 : h)));
const shuffle = point("shuffle", baseHits.map((h, i) => (misses.slice(0, 3).includes(i) ? 1 : found.slice(0, 3).includes(i) ? 0 : h)));

describe("paired comparisons", () => {
  it("calls a consistent gain real and a reshuffle of the same count not distinguishable", () => {
    const gain = comparePoints(base, plus, "hitRate")!;
    expect(gain.mean).toBeCloseTo(0.1);
    expect(gain.distinguishable).toBe(true);
    expect(verdict(gain)).toBe("B better");
    const same = comparePoints(base, shuffle, "hitRate")!;
    expect(same.mean).toBe(0);
    expect(verdict(same)).toBe("not distinguishable");
  });

  it("pairs by question id, over the questions both runs scored", () => {
    const fewer = { ...plus, perQuestion: plus.perQuestion!.slice(10).reverse() };
    const d = comparePoints(base, fewer, "hitRate")!;
    expect(d.questions).toBe(50);
    const expected = fewer.perQuestion!.reduce((sum, q) => sum + q.hit - baseHits[Number(q.id.slice(1))], 0) / 50;
    expect(d.mean).toBeCloseTo(expected);
  });

  it("marks the best and whether each other point can be told apart from it", () => {
    const labels = versusBest([base, plus, shuffle], "hitRate").map(versusBestLabel);
    expect(labels).toEqual(["below best", "best", "below best"]);
    const close = point("close", baseHits.map((h, i) => (misses.slice(0, 5).includes(i) ? 1 : h)));
    expect(versusBest([close, plus], "hitRate").map(versusBestLabel)).toEqual(["≈ best", "best"]);
  });

  it("compares two runs configuration by configuration and says n/a for runs without per-question scores", () => {
    const old = { ...base, perQuestion: undefined };
    const rows = compareRuns([base, point("other", baseHits, 10)], [plus].map((p) => ({ ...p, chunkerLabel: "base" })), "hitRate");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: "base|bm25|5", difference: { distinguishable: true } });
    expect(compareRuns([old], [plus].map((p) => ({ ...p, chunkerLabel: "base" })), "hitRate")[0].difference).toBeUndefined();
    expect(versusBestLabel(versusBest([plus, old], "hitRate")[1])).toBe("n/a");
  });
});

describe("views with intervals", () => {
  it("shows each metric's interval and the standing against the best in the table", () => {
    const out = comparisonTable([base, plus], 1_000_000, "hitRate");
    expect(out.kind).toBe("table");
    if (out.kind !== "table") return;
    const [rowBase, rowPlus] = out.rows;
    expect(rowBase["hit@k 95% CI"]).toMatch(/^0\.\d\d–0\.\d\d$/);
    expect(rowPlus["vs best hit@k"]).toBe("best");
    expect(rowBase["vs best hit@k"]).toBe("below best");
  });

  it("shows a fitted weight beside its point, and no weight column when nothing was fitted", () => {
    const fitted = { ...plus, mode: "hybrid", fusion: { vectorWeight: 0.3 } };
    const out = comparisonTable([base, fitted], 1_000_000, "hitRate");
    expect(out.kind === "table" && out.rows.map((r) => r["fitted weight"])).toEqual([null, 0.3]);
    const plain = comparisonTable([base, plus], 1_000_000, "hitRate");
    expect(plain.kind === "table" && Object.keys(plain.rows[0])).not.toContain("fitted weight");
    const split = { seed: 18, test: 0.4, metric: "hitRate" as const, tuneQuestions: 60, testQuestions: 60, testIds: [], testPart: "p", chosen: { point: 1, config: "c", tune: fitted.summary as GridPointSummary, test: base.summary as GridPointSummary, perQuestion: [] }, looks: 1 };
    const [text] = splitView([base, fitted], split, 1_000_000);
    expect(text.kind === "text" && text.text).toContain("plus · hybrid · k 5, vector weight 0.3 (fitted on the tuning part too).");
  });

  it("draws bars with interval fields for every configuration shown", () => {
    const out = intervalBars([base, plus, shuffle], "mrr");
    expect(out.kind === "chart" && out.spec.type === "bar" && out.spec.intervals).toEqual({ MRR: { low: "low", high: "high" } });
    const data = out.kind === "chart" ? out.spec.data : [];
    expect(data[0].configuration).toContain("plus");
    for (const row of data) expect(Number(row.low)).toBeLessThanOrEqual(Number(row.MRR));
  });

  it("reports B − A with its paired interval and verdict when comparing runs", () => {
    const [table, chart] = runComparison([base], [{ ...plus, chunkerLabel: "base" }], "hitRate", 1_000_000);
    expect(table.kind === "table" && table.rows[0]).toMatchObject({ A: 0.5, "B − A": 0.1, verdict: "B better" });
    expect(chart.kind === "chart" && chart.spec.type === "bar" && chart.spec.intervals).toBeTruthy();
  });
});

describe("splitView", () => {
  it("puts the chosen configuration's tuning and test scores side by side, with the gap and the count of looks", () => {
    const tune = plus.summary as GridPointSummary;
    const test = base.summary as GridPointSummary;
    const split = { seed: 18, test: 0.4, metric: "hitRate" as const, tuneQuestions: 60, testQuestions: 60, testIds: [], testPart: "p", chosen: { point: 1, config: "c", tune, test, perQuestion: [] }, looks: 3 };
    const [text, table, chart] = splitView([base, plus], split, 1_000_000);
    expect(text.kind === "text" && text.text).toMatch(/best hit@k of 2 configurations: plus · bm25 · k 5.*Looks at this test part: 3 configurations/);
    expect(table.kind === "table" && table.rows.map((r) => r.part)).toEqual(["tuning (chosen on)", "test (held out)", "test − tuning"]);
    expect(table.kind === "table" && table.rows[2]["hit@k"]).toBeCloseTo(-0.1);
    expect(chart.kind === "chart" && chart.spec.type === "bar" && Object.keys(chart.spec.intervals ?? {})).toEqual(["tune", "test"]);
  });
});

