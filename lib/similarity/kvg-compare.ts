import { z } from "zod";
import { chunkIdParts } from "@/lib/chunking/chunk";
import type { EmbeddingCacheStore } from "@/lib/db/app-db";
import { withCache, type Embedder } from "@/lib/embeddings";
import { summarizeRun, type RunSummary } from "@/lib/eval/metrics";
import { questionsRefSchema, resolveQuestionSet } from "@/lib/eval/questions";
import { countRelevant, relevantFlags, videoIdOf } from "@/lib/eval/relevance";
import { scoreQuestion } from "@/lib/eval/score";
import { LabError } from "@/lib/errors";
import type { GraphStore } from "@/lib/graph/port";
import { checkCancelled, type JobContext } from "@/lib/jobs/manager";
import type { GraphOutput } from "@/lib/kernel/outputs";
import { MAX_K, type ChunkRecord, type ChunkStore } from "@/lib/vectorstore/port";
import { kvgCompareRequestSchema } from "./contract";
import { buildKvg, kvgCounts, kvgRetrieve, type KvgHit } from "./kvg";

/** The route's request with its question set checked (and a shipped set's id known to be one). */
export const kvgCompareSchema = kvgCompareRequestSchema.extend({ questions: questionsRefSchema.optional() });
export type KvgCompareSpec = z.infer<typeof kvgCompareSchema>;

interface Deps {
  graph: GraphStore;
  store: ChunkStore;
  embedder: Embedder;
  cache: EmbeddingCacheStore;
}

async function allChunks(store: ChunkStore, collection: string): Promise<{ chunks: ChunkRecord[]; vectors: Map<string, Float32Array> }> {
  const rows = await store.allVectors(collection);
  const chunks: ChunkRecord[] = [];
  for (let i = 0; i < rows.length; i += MAX_K) chunks.push(...(await store.getChunks(collection, rows.slice(i, i + MAX_K).map((r) => r.id))));
  return { chunks, vectors: new Map(rows.map((r) => [r.id, r.vector])) };
}

/** Builds the chunk graph of a collection unless it is already there; returns the collection's chunks. */
export async function ensureKvg(graph: GraphStore, store: ChunkStore, collection: string): Promise<ChunkRecord[]> {
  const { chunks, vectors } = await allChunks(store, collection);
  // Before the first build (a new learner, a reset scratch graph) there is no Chunk table at all: that is zero nodes.
  const built = await kvgCounts(graph, collection).then((c) => c.nodes, () => 0);
  if (built !== chunks.length) {
    await buildKvg(graph, collection, chunks.map((c) => ({ id: c.id, ...chunkIdParts(c.id), startS: c.startS, vector: vectors.get(c.id)! })));
  }
  return chunks;
}

/** A retrieved subgraph for the graph view: seeds marked, edges labelled with kind and weight. */
export function subgraph(hits: KvgHit[]): GraphOutput {
  const name = (c: ChunkRecord) => `${videoIdOf(c.docId)} @${Math.floor(c.startS)}s`;
  return {
    kind: "graph",
    nodes: hits.map((h) => ({ id: h.chunk.id, label: h.via === "seed" ? "seed" : `hop ${h.hop}`, caption: name(h.chunk), role: h.via === "seed" ? "seed" : undefined })),
    edges: hits.flatMap((h) => h.path.map((s) => ({ source: s.from, target: s.to, type: s.kind.toUpperCase(), caption: s.weight.toFixed(2) }))),
  };
}

/**
 * Plain vector top-k against seeds + graph hops with the same total chunk
 * budget, on the labelled questions. Hops 0 is plain top-k. The graph over
 * the collection's chunks is built first if it is missing.
 */
export async function compareKvg(input: unknown, deps: Deps, ctx: JobContext) {
  const spec = kvgCompareSchema.parse(input);
  if (spec.seeds >= spec.budget) throw new LabError("bad_input", `seeds (${spec.seeds}) must be smaller than budget (${spec.budget}), or no hop can add anything`);
  ctx.progress({ stage: "graph", done: 0, total: 1, message: "Building the chunk graph if needed" });
  const chunks = await ensureKvg(deps.graph, deps.store, spec.collection);
  const videos = new Set(chunks.map((c) => videoIdOf(c.docId)));
  const questions = (await resolveQuestionSet(spec.questions)).set.questions.filter((q) => q.evidence.some((e) => videos.has(e.video_id)));
  if (questions.length === 0) throw new LabError("bad_input", `No question has evidence in collection ${spec.collection}`);
  const queries = withCache(deps.embedder, deps.cache).embeddings;

  const hopValues = [...new Set([0, ...spec.hops])].sort((a, b) => a - b);
  const byHops = new Map<number, { hits: KvgHit[]; hit: number }[]>();
  const points: { hops: number; summary: RunSummary; traversalMsP95: number }[] = [];
  let done = 0;
  for (const hops of hopValues) {
    const scores = [];
    const perQuestion = [];
    const traversal: number[] = [];
    for (const q of questions) {
      checkCancelled(ctx.signal, "Comparison cancelled");
      const queryVector = await queries.embedQuery(q.question);
      const t0 = performance.now();
      const r = await kvgRetrieve({ ...deps, collection: spec.collection, queryVector, seeds: hops === 0 ? spec.budget : spec.seeds, hops, budget: spec.budget });
      traversal.push(r.traversalMs);
      const s = scoreQuestion(q, r.hits.map((h) => h.chunk), { k: spec.budget, relevantPossible: countRelevant(chunks, q), latencyMs: performance.now() - t0 });
      scores.push(s);
      perQuestion.push({ hits: r.hits, hit: s.hit });
      ctx.progress({ stage: `hops ${hops}`, done: ++done, total: hopValues.length * questions.length });
    }
    byHops.set(hops, perQuestion);
    traversal.sort((a, b) => a - b);
    points.push({ hops, summary: summarizeRun(scores), traversalMsP95: Math.round(traversal[Math.floor(traversal.length * 0.95)] ?? 0) });
  }

  // Where hops changed the outcome, against plain top-k with the same budget.
  const plain = byHops.get(0)!;
  const deepest = byHops.get(hopValues.at(-1)!)!;
  const helped: string[] = [];
  const hurt: string[] = [];
  const noise: string[] = [];
  questions.forEach((q, i) => {
    if (deepest[i].hit > plain[i].hit) helped.push(q.id);
    else if (deepest[i].hit < plain[i].hit) hurt.push(q.id);
    const expanded = deepest[i].hits.filter((h) => h.via !== "seed");
    const flags = relevantFlags(expanded.map((h) => h.chunk), q);
    if (expanded.length > 0 && !flags.some(Boolean)) noise.push(q.id);
  });
  const example = helped[0] ?? questions[0].id;
  const exampleIndex = questions.findIndex((q) => q.id === example);
  return {
    collection: spec.collection,
    budget: spec.budget,
    seeds: spec.seeds,
    questions: questions.length,
    points,
    helped: helped.map((id) => ({ id, question: questions.find((q) => q.id === id)!.question })),
    hurt: hurt.map((id) => ({ id, question: questions.find((q) => q.id === id)!.question })),
    onlyNoise: noise.length,
    example: { id: example, question: questions[exampleIndex].question, graph: subgraph(deepest[exampleIndex].hits) },
  };
}
