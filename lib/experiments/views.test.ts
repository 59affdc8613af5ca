import { describe, expect, it } from "vitest";
import { chunkerByKHeatmap, paretoFront, type PointView } from "./views";

const point = (size: number, k: number, mrr: number, tokens: number): PointView => ({
  chunkerLabel: `token ${size}/0`,
  size,
  overlap: 0,
  mode: "vector",
  k,
  summary: { hitRate: mrr, recall: mrr, mrr, ndcg: mrr, contextPrecision: mrr, redundancy: 0, contextTokens: tokens, latencyMs: { p50: 1, p95: 2 } },
});

describe("experiment views", () => {
  it("keeps only points no other point beats on both quality and cost", () => {
    const a = point(64, 1, 0.3, 64);
    const b = point(128, 3, 0.5, 384);
    const c = point(256, 3, 0.45, 768); // worse and dearer than b
    const d = point(128, 10, 0.6, 1280);
    expect(paretoFront([a, b, c, d], "mrr")).toEqual([a, b, d]);
  });

  it("gives each chunker its own heatmap row, so same-size chunkers and time windows never share one", () => {
    const overlapped = { ...point(128, 1, 0.5, 128), chunkerLabel: "token 128/32", overlap: 32 };
    const window = { ...point(20, 1, 0.2, 60), chunkerLabel: "time 20s/0s" };
    const out = chunkerByKHeatmap([point(128, 1, 0.4, 128), overlapped, window], "mrr", "vector");
    expect(out).toMatchObject({ kind: "chart", spec: { type: "heatmap", x: "top-k", y: "chunker", value: "mrr" } });
    expect(out.kind === "chart" && out.spec.data).toEqual([
      { chunker: "token 128/0", "top-k": 1, mrr: 0.4 },
      { chunker: "token 128/32", "top-k": 1, mrr: 0.5 },
      { chunker: "time 20s/0s", "top-k": 1, mrr: 0.2 },
    ]);
  });
});
