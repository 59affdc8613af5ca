import { describe, expect, it } from "vitest";
import { loadDataset } from "@/lib/captions/datasets";
import { openAppDb } from "@/lib/db";
import type { Embedder } from "@/lib/embeddings";
import { LabError } from "@/lib/errors";
import { openLadybugGraph } from "@/lib/graph/ladybug";
import { tempIngestDeps } from "@/lib/testing/temp-ingest-deps";
import { runGrid } from "./runner";
import { saveGridRun } from "./service";
import { FIT_WEIGHTS } from "./spec";


const { ingestDeps: deps, tempDir } = tempIngestDeps("grid");

const ctx = { signal: new AbortController().signal, progress: () => {} };
const SPEC = { corpus: { dataset: "google-talks", only: ["tShDYA3NFVs"] }, chunking: [{ kind: "token", size: [128, 256] }], topK: [1, 5], modes: ["vector", "bm25"] };

describe("runGrid", () => {
  it("scores every point on the talk's questions and records how to reproduce it", async () => {
    const { deps: d } = await deps();
    const run = await runGrid(SPEC, d, ctx, "run-1");
    expect(run.points).toHaveLength(2 * 2 * 2);
    expect(run.questionSet.questions).toBeGreaterThanOrEqual(3);
    expect(run).toMatchObject({ modelId: "fake-letters@1", corpus: { dataset: "google-talks" } });
    for (const p of run.points) {
      expect(p.summary.hitRate).toBeGreaterThanOrEqual(0);
      expect(p.summary.hitRate).toBeLessThanOrEqual(1);
      expect(p.perQuestion).toHaveLength(run.questionSet.questions);
    }
    // A larger k can only find more: hit@5 ≥ hit@1 for the same chunking and mode.
    const at = (k: number, mode: string) => run.points.find((p) => p.k === k && p.mode === mode && p.size === 128)!.summary.hitRate;
    expect(at(5, "bm25")).toBeGreaterThanOrEqual(at(1, "bm25"));
    expect(Object.keys(run.ranked)).toEqual(["token 128/0|vector", "token 128/0|bm25", "token 256/0|vector", "token 256/0|bm25"]);
  });

  it("scores each lever combination as its own point, with its own drill-down, through lib/retrieval", async () => {
    const { deps: d } = await deps();
    const run = await runGrid({ ...SPEC, chunking: [{ kind: "token", size: [256] }], modes: ["bm25"], levers: [[], ["mmr", "prf"]] }, d, ctx, "run-l");
    expect(run.points.map((p) => [p.levers ?? [], p.k])).toEqual([[[], 1], [[], 5], [["prf", "mmr"], 1], [["prf", "mmr"], 5]]);
    expect(Object.keys(run.ranked)).toEqual(["token 256/0|bm25", "token 256/0|bm25+prf+mmr"]);
    const plain = run.ranked["token 256/0|bm25"];
    const levered = run.ranked["token 256/0|bm25+prf+mmr"];
    expect(Object.keys(levered)).toEqual(Object.keys(plain));
    // Expansion and diversity change at least one ranking.
    expect(Object.keys(plain).some((q) => JSON.stringify(plain[q].map((h) => h.id)) !== JSON.stringify(levered[q].map((h) => h.id)))).toBe(true);
  });

  it("scores sentence search as a mode of its own, with its sentences embedded through the cache", async () => {
    const { deps: d, fake } = await deps();
    const spec = { ...SPEC, chunking: [{ kind: "token", size: [256] }], modes: ["vector", "sentence"] };
    const run = await runGrid(spec, d, ctx, "run-s");
    expect(run.points.map((p) => [p.mode, p.k])).toEqual([["vector", 1], ["vector", 5], ["sentence", 1], ["sentence", 5]]);
    expect(Object.keys(run.ranked)).toEqual(["token 256/0|vector", "token 256/0|sentence"]);
    const embedded = fake.embedded.length;
    await runGrid(spec, d, ctx, "run-s2");
    expect(fake.embedded.length).toBe(embedded);
  });

  it("re-runs from the embedding cache and searches rewritten questions when asked", async () => {
    const { deps: d, fake } = await deps();
    await runGrid(SPEC, d, ctx, "run-1");
    const embedded = fake.embedded.length;
    const rewritten: string[] = [];
    const run = await runGrid({ ...SPEC, queryRewrite: "llm" }, d, ctx, "run-2", {
      rewriteQuery: async (q) => {
        rewritten.push(q);
        return `${q} emotions`;
      },
    });
    expect(fake.embedded.length).toBe(embedded);
    expect(rewritten).toHaveLength(run.questionSet.questions);
    expect(Object.values(run.rewrittenQueries ?? {}).every((q) => q.endsWith(" emotions"))).toBe(true);
  });

  it("compares embedders side by side, each in its own collection", async () => {
    const { deps: d } = await deps();
    const other: Embedder = { ...d.embedder, id: "fake-letters@2" };
    const run = await runGrid({ ...SPEC, chunking: [{ kind: "token", size: 128 }], modes: ["vector"], embedders: ["use-lite", "openai"] }, d, ctx, "run-4", {
      embedderNamed: (name) => (name === "use-lite" ? d.embedder : other),
    });
    expect(run.points.map((p) => p.modelId)).toEqual(["fake-letters@1", "fake-letters@1", "fake-letters@2", "fake-letters@2"]);
    expect(new Set(run.points.map((p) => p.collection)).size).toBe(2);
    expect(run.points[0].chunkerLabel).toContain("fake-letters@1");
  });

  it("scores the knowledge-vector-graph mode with k as the chunk budget", async () => {
    const { deps: d } = await deps();
    const dir = tempDir("grid-graph");
    const graph = await openLadybugGraph({ dataDir: dir });
    try {
      const run = await runGrid({ ...SPEC, chunking: [{ kind: "token", size: 256 }], modes: ["vector", "kvg"], topK: [1, 5], kvg: { seeds: 2, hops: 1 } }, d, ctx, "run-5", { graph: async () => graph });
      const kvgAt1 = run.points.find((p) => p.mode === "kvg" && p.k === 1)!;
      const vectorAt1 = run.points.find((p) => p.mode === "vector" && p.k === 1)!;
      // With k ≤ seeds there is nothing to expand: the same as plain vector search.
      expect(kvgAt1.summary.hitRate).toBe(vectorAt1.summary.hitRate);
      expect(run.points.filter((p) => p.mode === "kvg")).toHaveLength(2);
    } finally {
      await graph.close();
    }
  });

  it("leaves out a question the model could not rewrite, lists it with its class, and fails only when every rewrite fails", async () => {
    const { deps: d } = await deps();
    let calls = 0;
    const run = await runGrid({ ...SPEC, queryRewrite: "llm" }, d, ctx, "run-6", {
      rewriteQuery: async (q) => {
        if (calls++ === 0) throw new LabError("truncated", "The model's reply was cut off at its token limit");
        return q;
      },
    });
    expect(run.rewriteFailures).toEqual([expect.objectContaining({ code: "truncated" })]);
    const failed = run.rewriteFailures![0].question;
    expect(run.questionSet.questions).toBe(calls - 1);
    expect(run.points[0].perQuestion.map((q) => q.id)).not.toContain(failed);
    await expect(
      runGrid({ ...SPEC, queryRewrite: "llm" }, d, ctx, "run-7", { rewriteQuery: () => Promise.reject(new LabError("timeout", "The model did not answer")) }),
    ).rejects.toMatchObject({ code: "timeout" });
  });

  it("refuses to rewrite questions without a chat model", async () => {
    const { deps: d } = await deps();
    await expect(runGrid({ ...SPEC, queryRewrite: "llm" }, d, ctx, "run-3")).rejects.toThrow(/chat model/);
  });
});

describe("runGrid with a tuning/test split", () => {
  const TALK = "bDgD9whDfEY";
  /** 25 questions, each a cue's own words with that cue as its gold span, spread over one short talk; each carries a field the lab does not use. */
  async function cueQuestions() {
    const doc = (await loadDataset("google-talks")).find((d) => d.videoId === TALK)!;
    const step = Math.floor(doc.cues.length / 25);
    return {
      version: 1,
      questions: Array.from({ length: 25 }, (_, i) => {
        const cue = doc.cues[i * step];
        return { id: `cue-${i}`, question: cue.text, evidence: [{ video_id: TALK, start_s: cue.startS, end_s: cue.endS }], source: "a cue" };
      }),
    };
  }
  const splitSpec = async () => ({ corpus: { dataset: "google-talks", only: [TALK] }, questions: await cueQuestions(), chunking: [{ kind: "token", size: 256 }], topK: [1, 5], modes: ["bm25", "vector"], split: { seed: 3, metric: "hitRate" } });

  it("ranks on the tuning part, scores only the chosen point on the test part, and counts looks per configuration", async () => {
    const { deps: d } = await deps();
    const spec = await splitSpec();
    const run = await runGrid(spec, d, ctx, "run-split");
    const split = run.split!;
    expect(split).toMatchObject({ seed: 3, test: 0.4, metric: "hitRate", tuneQuestions: 15, testQuestions: 10 });
    const held = new Set(split.testIds);
    for (const p of run.points) {
      expect(p.perQuestion).toHaveLength(15);
      expect(p.perQuestion.some((q) => held.has(q.id))).toBe(false);
      expect(p.summary.questions).toBe(15);
    }
    const best = Math.max(...run.points.map((p) => p.summary.hitRate));
    expect(run.points[split.chosen.point].summary.hitRate).toBe(best);
    expect(split.chosen.tune).toEqual(run.points[split.chosen.point].summary);
    expect(split.chosen.test.questions).toBe(10);
    expect(split.chosen.perQuestion.map((q) => q.id)).toEqual(split.testIds);
    expect(split.chosen.test.intervals.hitRate.low).toBeLessThanOrEqual(split.chosen.test.hitRate);
    // No other configuration's test results: not in the drill-down either.
    for (const byQuestion of Object.values(run.ranked)) expect(Object.keys(byQuestion).some((id) => held.has(id))).toBe(false);
    expect(run.warnings).toEqual([expect.stringMatching(/kept as metadata: source \(25 questions\)/)]);

    const dir = tempDir("looks");
    const db = await openAppDb({ dataDir: dir });
    try {
      await saveGridRun(db, "ana", run);
      expect(run.split!.looks).toBe(1);
      // The same configuration again is the same look; another chosen configuration is one more.
      const again = await runGrid(spec, d, ctx, "run-split-2");
      await saveGridRun(db, "ana", again);
      expect(again.split!.looks).toBe(1);
      const other = await runGrid({ ...spec, topK: [3] }, d, ctx, "run-split-3");
      await saveGridRun(db, "ana", other);
      expect(other.split!.looks).toBe(2);
      expect(((await db.experiments.get("ana", "run-split-3")) as typeof other).split!.looks).toBe(2);
    } finally {
      await db.close();
    }
  });

  it("fits the hybrid weight per point on the tuning part and scores stemmed keywords as points of their own", async () => {
    const { deps: d } = await deps();
    const spec = { ...(await splitSpec()), modes: ["bm25", "hybrid"], keywords: ["plain", "stemmed"], hybrid: { vectorWeight: "fit", k: 10 } };
    const run = await runGrid(spec, d, ctx, "run-fit");
    expect(run.points.map((p) => [p.mode, p.keywords ?? "plain", p.k])).toEqual([
      ["bm25", "plain", 1], ["bm25", "plain", 5], ["bm25", "stemmed", 1], ["bm25", "stemmed", 5],
      ["hybrid", "plain", 1], ["hybrid", "plain", 5], ["hybrid", "stemmed", 1], ["hybrid", "stemmed", 5],
    ]);
    expect(Object.keys(run.ranked)).toEqual(["token 256/0|bm25", "token 256/0|bm25+stemmed", "token 256/0|hybrid", "token 256/0|hybrid+stemmed"]);
    for (const p of run.points.filter((p) => p.mode === "bm25")) expect(p.fusion).toBeUndefined();
    for (const p of run.points.filter((p) => p.mode === "hybrid")) {
      expect(FIT_WEIGHTS).toContain(p.fusion?.vectorWeight);
      expect(p.fusion?.k).toBe(10);
    }
    const split = run.split!;
    expect(split.chosen.test.questions).toBe(10);
    await expect(runGrid({ ...spec, split: undefined }, d, ctx, "run-fit-nosplit")).rejects.toMatchObject({ code: "bad_input", message: expect.stringMatching(/^hybrid\.vectorWeight: "fit" needs a split/) });
  });

  it("refuses a test part under 10 questions before embedding anything", async () => {
    const { deps: d, fake } = await deps();
    await expect(runGrid({ ...SPEC, split: {} }, d, ctx, "run-small")).rejects.toThrow(/^split\.test: the test part would have 3 of \d+ questions/);
    expect(fake.embedded.length).toBe(0);
  });

  it("names the field of a seed that is not a number", async () => {
    const { deps: d } = await deps();
    await expect(runGrid({ ...(await splitSpec()), split: { seed: "lucky" } }, d, ctx, "run-seed")).rejects.toThrow(/split\.seed: must be a whole number/);
  });
});
