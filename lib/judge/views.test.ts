import { describe, expect, it } from "vitest";
import type { JudgeResults } from "@/lib/sdk/types";
import { compareJudgeRuns, itemsToReview, scoreDistribution } from "./views";

const summary = (mean: number | null, ci: [number, number] | null = null) => ({ n: 3, mean, std: 0.1, ci: ci && { low: ci[0], high: ci[1] } });
const counts = { ok: 3, failed: {}, skipped: {}, calls: 3, inputTokens: 100, outputTokens: 10 };

function run(id: string, faithfulness: (number | null)[], style: number[], experiment: JudgeResults["experiment"] = null): JudgeResults {
  const item = (mean: number | null, i: number) => ({ ...summary(mean), id: `q${i}`, scores: [], undecided: false, failures: mean === null ? ["timeout: slow"] : [], details: [] });
  return {
    id,
    createdAt: "",
    modelId: "m",
    repeats: 3,
    experiment,
    samples: [],
    answerFailures: [],
    answerTokens: { input: 1000, output: 50 },
    judges: [
      { judge: "faithfulness", scale: { min: 0, max: 1 }, modelId: "m", repeats: 3, overall: summary(0.5, [0.4, 0.6]), counts, items: faithfulness.map(item) },
      { judge: "rubric:style", scale: { min: 1, max: 5 }, modelId: "m", repeats: 3, overall: summary(4, [3, 5]), counts, items: style.map(item) },
    ],
  };
}

describe("judge views", () => {
  it("bins item means by share of each judge's own scale, so 0-1 and 1-5 judges share one histogram", () => {
    const out = scoreDistribution(run("a", [0, 0.5, 1, null], [1, 3, 5, 5]));
    if (out.kind !== "chart") throw new Error("expected a chart");
    expect(out.spec.data.map((r) => [r.bin, r.faithfulness, r["rubric:style"]])).toEqual([
      ["0–20%", 1, 1],
      ["20–40%", 0, 0],
      ["40–60%", 1, 1],
      ["60–80%", 0, 0],
      ["80–100%", 1, 2],
    ]);
  });

  it("lists failed judgements for a second look", () => {
    const out = itemsToReview(run("a", [0.5, null], [4, 4]), 100_000);
    expect(out).toMatchObject({ kind: "table", rows: [{ item: "q1", judge: "faithfulness", why: "timeout: slow" }] });
    expect(itemsToReview(run("a", [0.5], [4]), 100_000)).toBeUndefined();
  });

  it("compares two runs on one 0-1 scale, next to the retrieval metrics of their grid points, with tokens", () => {
    const point = (name: string, hitRate: number) => ({ id: "exp", point: name, mode: "bm25" as const, k: 5, hitRate, mrr: hitRate / 2 });
    const [table, chart, cost] = compareJudgeRuns(run("aaaaaaaa", [1], [5], point("token 128/0 bm25 k=5", 0.8)), run("bbbbbbbb", [1], [3], point("token 256/0 vector k=5", 0.5)), 100_000);
    expect(table).toMatchObject({ kind: "table" });
    const rows = (table as { rows: Record<string, unknown>[] }).rows;
    const [la, lb] = ["A: token 128/0 bm25 k=5 (aaaaaa)", "B: token 256/0 vector k=5 (bbbbbb)"];
    expect(rows.find((r) => r.metric === "rubric:style (share of scale)")).toEqual({ metric: "rubric:style (share of scale)", [la]: 0.75, [lb]: 0.75, "B − A": 0 });
    expect(rows.find((r) => r.metric === "hit@k")).toEqual({ metric: "hit@k", [la]: 0.8, [lb]: 0.5, "B − A": -0.3 });
    expect(rows.find((r) => r.metric === "tokens (in + out)")).toMatchObject({ [la]: 1270, [lb]: 1270 });
    expect(chart).toMatchObject({ kind: "chart", spec: { y: [la, lb], intervals: { [la]: { low: `${la} low` } } } });
    expect(cost).toMatchObject({ kind: "chart", spec: { data: [{ "tokens in": 1200, "tokens out": 70 }, { "tokens in": 1200 }] } });
  });
});
