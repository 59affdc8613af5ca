import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openAppDb } from "@/lib/db";
import { fakeExperimentRecord } from "@/lib/testing/fake-experiment";
import { experimentCsv, getExperiment, listExperimentRuns, runSummary } from "./service";

/** A run as the first version stored it (2026-11-22): a question file's path and version, no intervals, no cost columns per question, no model per point. */
const OLDEST = {
  id: "old-1",
  createdAt: "2026-11-22T05:00:00.000Z",
  spec: { corpus: { dataset: "google-talks" }, questions: "datasets/questions/google-talks-v1.json", chunking: [{ kind: "token", size: 128, overlap: 0 }], topK: [1, 3], modes: ["vector"] },
  specHash: "abc",
  corpus: { dataset: "google-talks", versions: { "token 128/0": "v1" } },
  questionSet: { path: "datasets/questions/google-talks-v1.json", version: "2026-11-20", questions: 4 },
  modelId: "use-lite@1",
  codeVersion: "6db7867",
  elapsedMs: 1200,
  points: [1, 3].map((k) => ({
    chunker: { kind: "token", size: 128, overlap: 0 },
    chunkerLabel: "token 128/0",
    size: 128,
    overlap: 0,
    mode: "vector",
    k,
    collection: "grid_token_128",
    chunks: 40,
    summary: { questions: 4, hitRate: k === 1 ? 0.25 : 0.75, recall: 0.5, mrr: k === 1 ? 0.25 : 0.5, ndcg: 0.4, contextPrecision: 0.3, redundancy: 0.1, contextTokens: 128 * k, latencyMs: { p50: 3, p95: 5 } },
    perQuestion: ["q1", "q2", "q3", "q4"].map((id, i) => ({ id, hit: i < (k === 1 ? 1 : 3) ? 1 : 0, reciprocalRank: i === 0 ? 1 : 0, recall: 0.5, ndcg: 0.4, contextPrecision: 0.3 })),
  })),
  ranked: { "token 128/0|vector": { q1: [{ id: "c1", docId: "d", startS: 0, endS: 10, score: 0.9, relevant: true, citation: "u", excerpt: "x" }] } },
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-records-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("stored experiment records", () => {
  it("lists and opens a run in the oldest stored shape, upgraded: set id from its path, intervals computed, each point's model", async () => {
    const db = await openAppDb({ dataDir: dir });
    try {
      await db.experiments.save("ana", OLDEST.id, OLDEST);
      const run = await getExperiment(db, "ana", "old-1");
      expect(run.questionSet).toEqual({ id: "google-talks-v1", hash: "2026-11-20", questions: 4 });
      expect(run.spec).toMatchObject({ questions: "google-talks-v1", levers: [[]], headers: [false], keywords: ["plain"] });
      expect(run.points.map((p) => p.modelId)).toEqual(["use-lite@1", "use-lite@1"]);
      const { hitRate } = run.points[1].summary.intervals;
      expect(hitRate.low).toBeLessThanOrEqual(0.75);
      expect(hitRate.high).toBeGreaterThanOrEqual(0.75);
      expect(run.points[0].perQuestion[0]).toMatchObject({ id: "q1", hit: 1, latencyMs: 0 });
      expect(runSummary(run).best).toMatchObject({ mode: "vector", k: 3, mrr: 0.5 });
      expect(run.ranked["token 128/0|vector"].q1[0].id).toBe("c1");
      // The download has the recomputed intervals too.
      const [header, first] = experimentCsv(run).split("\n");
      expect(header.split(",").slice(0, 11)).toEqual(["chunker", "size", "overlap", "mode", "fitted_weight", "k", "chunks", "questions", "hit_rate", "hit_rate_low", "hit_rate_high"]);
      expect(first).toMatch(/^"token 128\/0",128,0,"vector",,1,40,4,0\.25,0,\d/);
      const { runs, unreadable } = await listExperimentRuns(db, "ana");
      expect(runs.map((r) => r.id)).toEqual(["old-1"]);
      expect(unreadable).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it("reports a corrupt run by itself, naming it and the field, and still lists the others", async () => {
    const db = await openAppDb({ dataDir: dir });
    try {
      await db.experiments.save("ben", "fine", fakeExperimentRecord({ id: "fine" }));
      await db.experiments.save("ben", "broken", { ...fakeExperimentRecord({ id: "broken" }), points: [{ mode: "vector" }] });
      const { runs, unreadable } = await listExperimentRuns(db, "ben");
      expect(runs.map((r) => r.id)).toEqual(["fine"]);
      expect(unreadable).toEqual([{ id: "broken", message: expect.stringMatching(/^Experiment broken is stored in a shape this version cannot read \(points\.0\.\w+: /) }]);
      await expect(getExperiment(db, "ben", "broken")).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("Experiment broken") });
      await expect(getExperiment(db, "ben", "fine")).resolves.toMatchObject({ id: "fine" });
      await expect(getExperiment(db, "ben", "gone")).rejects.toMatchObject({ code: "not_found" });
    } finally {
      await db.close();
    }
  });
});
