import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openAppDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { DEFAULT_QUESTION_SET_ID } from "@/lib/eval/questions";
import type { PointResult } from "@/lib/experiments/runner";
import { fakeExperimentRecord } from "@/lib/testing/fake-experiment";
import { startOpenAITestServer, type OpenAITestServer } from "@/lib/testing/openai-test-server";
import { judgeModelFromConfig } from "./model";
import { judgeSpecSchema } from "./contract";
import { getJudgeRun, judgeAndStore, judgeRunSummary, listJudgeRunRecords } from "./service";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

const ctx = { signal: new AbortController().signal, progress: () => {} };
const summary = { questions: 3, hitRate: 0.67, recall: 0.5, mrr: 0.5, ndcg: 0.5, contextPrecision: 0.3, redundancy: 0, contextTokens: 300, latencyMs: { p50: 1, p95: 2 } };

function point(mode: PointResult["mode"], mrr: number): PointResult {
  return {
    chunker: { kind: "token", size: 128, overlap: 0 },
    chunkerLabel: "token 128/0",
    modelId: "use-lite",
    size: 128,
    overlap: 0,
    mode,
    k: 3,
    collection: `grid-${mode}`,
    chunks: 10,
    summary: { ...summary, mrr } as PointResult["summary"],
    perQuestion: ["gt-py1-01", "gt-py1-02", "gt-py1-03"].map((id) => ({ id, hit: 1, reciprocalRank: 1, recall: 1, ndcg: 1, contextPrecision: 1, redundancy: 0, contextTokens: 300, latencyMs: 1 })),
  };
}

async function setup(llm: OpenAITestServer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-judge-"));
  const db = await openAppDb({ dataDir: dir });
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => db.close());
  const record = fakeExperimentRecord({
    id: "exp-1",
    spec: { chunking: [{ kind: "token", size: 128 }], topK: [3], modes: ["vector", "bm25", "kvg"], hybrid: { vectorWeight: 0.2 } },
    questionSet: { id: DEFAULT_QUESTION_SET_ID, hash: "h", questions: 3 },
    // The best point by MRR is the bm25 one; the kvg point cannot be answered from.
    points: [point("vector", 0.4), point("bm25", 0.6), point("kvg", 0.9)],
  });
  await db.experiments.save("ana", record.id, record);
  const searched: string[] = [];
  const deps = {
    db,
    learner: "ana",
    model: judgeModelFromConfig({ baseUrl: llm.baseUrl, model: "answer-model", temperature: 0 }),
    retrieve: async ({ collection, modelId, fusion }: { collection: string; modelId: string; fusion?: { vectorWeight?: number } }, query: string) => {
      searched.push(`${collection}: ${query}`);
      expect(modelId).toBe("use-lite");
      expect(fusion).toEqual({ vectorWeight: 0.2 });
      return [`passage about ${query}`];
    },
  };
  return { db, deps, searched };
}

const rating = (score: number) => ({ content: JSON.stringify({ score, reason: "fine" }) });

describe("judging a stored experiment", () => {
  it("answers its questions from the best point, keeps going past a failed answer, and re-runs from storage", async () => {
    const llm = await startOpenAITestServer([
      { content: "Python's creator valued readability [1]." },
      { status: 400, message: "context too long" },
      { content: "It was designed to be easy to read [1]." },
      rating(4),
      rating(5),
    ]);
    cleanup.push(() => llm.close());
    const { db, deps, searched } = await setup(llm);
    // One call at a time (as for a local model server), so the failing reply is the second question's.
    const spec = judgeSpecSchema.parse({ experiment: { id: "exp-1" }, judges: ["style"], repeats: 1, concurrency: 1 });

    const run = await judgeAndStore(spec, deps, ctx);

    expect(searched).toHaveLength(3);
    expect(searched.every((s) => s.startsWith("grid-bm25: "))).toBe(true);
    expect(run.experiment).toMatchObject({ id: "exp-1", point: "token 128/0 bm25 k=3", mrr: 0.6 });
    expect(run.samples).toHaveLength(2);
    expect(run.samples[0]).toMatchObject({ contexts: [expect.stringContaining("passage about")], reference: expect.any(String) });
    expect(run.answerFailures).toEqual([{ id: "gt-py1-02", kind: "invalid", message: expect.stringContaining("HTTP 400") }]);
    expect(run.answerTokens.input).toBeGreaterThan(0);
    expect(run.judges[0].items.map((i) => i.mean).sort()).toEqual([4, 5]);
    expect(await db.judging.getRun("ana", run.id)).toEqual(run);
    expect(await db.judging.getRun("ben", run.id)).toBeUndefined();

    // Judged again: stored answers and cached verdicts, so no model call at all; the failed question is retried.
    llm.enqueue({ content: "Readable code was the point [1]." }, rating(3));
    const calls = llm.requests.length;
    const again = await judgeAndStore(spec, deps, ctx);
    expect(llm.requests.length - calls).toBe(2);
    expect(again.samples).toHaveLength(3);
    expect(again.answerFailures).toEqual([]);
    expect(judgeRunSummary(again).tokens.input).toBeLessThan(judgeRunSummary(run).tokens.input);
  });

  it("says which points exist when asked for one that does not, and refuses a KVG point", async () => {
    const llm = await startOpenAITestServer();
    cleanup.push(() => llm.close());
    const { deps } = await setup(llm);
    await expect(judgeAndStore(judgeSpecSchema.parse({ experiment: { id: "exp-1", point: 7 } }), deps, ctx)).rejects.toThrow(/points 0 to 2/);
    await expect(judgeAndStore(judgeSpecSchema.parse({ experiment: { id: "exp-1", point: 2 } }), deps, ctx)).rejects.toThrow(/knowledge-vector-graph/);
    await expect(judgeAndStore(judgeSpecSchema.parse({ experiment: { id: "nope" } }), deps, ctx)).rejects.toThrow(/No experiment nope/);
    expect(llm.requests).toHaveLength(0);
  });

  it("reports a retrieval error as itself, not as a model failure, and asks the model nothing more", async () => {
    const llm = await startOpenAITestServer([], { respond: () => ({ content: "An answer [1]." }) });
    cleanup.push(() => llm.close());
    const { deps } = await setup(llm);
    const missing = { ...deps, retrieve: async () => Promise.reject(new LabError("not_found", "No collection grid-bm25")) };
    const spec = judgeSpecSchema.parse({ experiment: { id: "exp-1" }, judges: ["style"], concurrency: 1 });
    await expect(judgeAndStore(spec, missing, ctx)).rejects.toThrow("No collection grid-bm25");
    expect(llm.requests).toHaveLength(0);
  });

  it("does not store a run that was cancelled", async () => {
    const llm = await startOpenAITestServer([], { respond: () => rating(4) });
    cleanup.push(() => llm.close());
    const { db, deps } = await setup(llm);
    const controller = new AbortController();
    controller.abort();
    const spec = judgeSpecSchema.parse({ items: [{ id: "q", question: "q?", answer: "a.", contexts: [] }], judges: ["style"] });
    await expect(judgeAndStore(spec, deps, { ...ctx, signal: controller.signal })).rejects.toThrow();
    expect(await db.judging.listRuns("ana")).toEqual([]);
  });
});

describe("stored judge runs", () => {
  const judged = {
    judge: "faithfulness",
    scale: { min: 1, max: 5 },
    modelId: "judge-model",
    repeats: 1,
    overall: { n: 1, mean: 4, std: null, ci: null },
    counts: { ok: 1, failed: {}, skipped: {}, calls: 1, inputTokens: 10, outputTokens: 2 },
    items: [{ id: "a", n: 1, mean: 4, std: null, ci: null, scores: [4], undecided: false, failures: [], details: [null] }],
  };
  // A run stored before experiments, answer failures and answer tokens were recorded, with a context longer than a new item may send.
  const oldest = { id: "j-old", createdAt: "2026-11-22T06:44:47.000Z", modelId: "judge-model", repeats: 1, samples: [{ id: "a", question: "q", answer: "a", contexts: ["x".repeat(30_000)] }], judges: [judged] };

  it("lists and opens a run in the oldest stored shape, and reports a corrupt one alone", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-judge-runs-"));
    const db = await openAppDb({ dataDir: dir });
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }), () => db.close());
    await db.judging.saveRun("ana", "j-old", null, oldest);
    await db.judging.saveRun("ana", "j-bad", null, { ...oldest, id: "j-bad", judges: [{ judge: "faithfulness" }] });
    expect(await getJudgeRun(db, "ana", "j-old")).toMatchObject({ experiment: null, answerFailures: [], answerTokens: { input: 0, output: 0 } });
    expect((await listJudgeRunRecords(db, "ana")).map(judgeRunSummary)).toEqual([expect.objectContaining({ id: "j-old", samples: 1, judges: [{ judge: "faithfulness", mean: 4, ci: null }] })]);
    await expect(getJudgeRun(db, "ana", "j-bad")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/^Judge run j-bad is stored in a shape this version cannot read \(judges\.0\.\w+: /) });
  });
});
