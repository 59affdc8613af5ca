import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { afterEach, describe, expect, it } from "vitest";
import { EmbeddingCache } from "@/lib/embeddings/cache";
import type { Embedder } from "@/lib/embeddings";
import { openLadybugGraph } from "@/lib/graph/ladybug";
import { openLanceStore } from "@/lib/vectorstore/lancedb";
import type { ChunkStore } from "@/lib/vectorstore/port";
import { runGrid } from "./runner";

/** A fake embedder (letter counts): fast, deterministic, and enough to rank chunks. */
class FakeLetterEmbeddings extends Embeddings {
  calls = 0;
  constructor() {
    super({});
  }
  private static vector(text: string): number[] {
    const v = new Array(26).fill(0.01);
    for (const ch of text.toLowerCase()) if (ch >= "a" && ch <= "z") v[ch.charCodeAt(0) - 97] += 1;
    return v;
  }
  async embedDocuments(texts: string[]) {
    this.calls += texts.length;
    return texts.map(FakeLetterEmbeddings.vector);
  }
  async embedQuery(text: string) {
    return FakeLetterEmbeddings.vector(text);
  }
}

const dirs: string[] = [];
let store: ChunkStore | undefined;
afterEach(async () => {
  await store?.close();
  dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

async function deps() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-grid-"));
  dirs.push(dir);
  store = await openLanceStore({ dataDir: dir });
  const fake = new FakeLetterEmbeddings();
  const embedder: Embedder = { id: "fake-letters@1", dimension: 26, maxTokens: 384, embeddings: fake, close: async () => {} };
  return { fake, deps: { store, embedder, cache: new EmbeddingCache(dir), owner: "ana" } };
}

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

  it("re-runs from the embedding cache and searches rewritten questions when asked", async () => {
    const { deps: d, fake } = await deps();
    await runGrid(SPEC, d, ctx, "run-1");
    const embedded = fake.calls;
    const rewritten: string[] = [];
    const run = await runGrid({ ...SPEC, queryRewrite: "llm" }, d, ctx, "run-2", {
      rewriteQuery: async (q) => {
        rewritten.push(q);
        return `${q} emotions`;
      },
    });
    expect(fake.calls).toBe(embedded);
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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ragcamp-grid-graph-"));
    dirs.push(dir);
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

  it("refuses to rewrite questions without a chat model", async () => {
    const { deps: d } = await deps();
    await expect(runGrid({ ...SPEC, queryRewrite: "llm" }, d, ctx, "run-3")).rejects.toThrow(/chat model/);
  });
});
