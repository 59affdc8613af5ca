import { describe, expect, it } from "vitest";
import type { QuestionScores } from "@/lib/eval/metrics";
import { fitOnTuning, type Row } from "./tune-test";

const blank: QuestionScores = { hit: 0, recall: 0, reciprocalRank: 0, ndcg: 0, contextPrecision: 0, redundancy: 0, contextTokens: 100, latencyMs: 1 };
const rows = (ranks: Record<string, number>): Row[] => Object.entries(ranks).map(([id, rr]) => ({ ...blank, id, reciprocalRank: rr, hit: rr > 0 ? 1 : 0 }));
const tune = new Set(["t1", "t2", "t3"]);

describe("fitting a setting on the tuning part", () => {
  // Weight 0.2 is best on the tuning questions; weight 0.8 would be best on the test questions.
  const tries = [
    { weight: 0.2, rows: rows({ t1: 1, t2: 1, t3: 0.5, x1: 0, x2: 0 }) },
    { weight: 0.8, rows: rows({ t1: 0.5, t2: 0.5, t3: 0.5, x1: 1, x2: 1 }) },
  ];

  it("keeps the try best on the tuning questions, whatever the test questions score", () => {
    expect(fitOnTuning(tries, tune, "mrr").weight).toBe(0.2);
    const testChanged = tries.map((t) => ({ ...t, rows: t.rows.map((r) => (tune.has(r.id) ? r : { ...r, reciprocalRank: t.weight === 0.2 ? 0 : 1 })) }));
    expect(fitOnTuning(testChanged, tune, "mrr").weight).toBe(0.2);
    const tuneChanged = tries.map((t) => ({ ...t, rows: t.rows.map((r) => (r.id !== "t2" && tune.has(r.id) && t.weight === 0.2 ? { ...r, reciprocalRank: 0 } : r)) }));
    expect(fitOnTuning(tuneChanged, tune, "mrr").weight).toBe(0.8);
  });

  it("ranks by the split's metric and keeps the earliest try on a tie", () => {
    expect(fitOnTuning(tries, tune, "hitRate").weight).toBe(0.2);
    expect(fitOnTuning([tries[1], tries[0]], tune, "hitRate").weight).toBe(0.8);
  });
});
