import { createHash } from "node:crypto";
import { loadDataset } from "@/lib/captions/datasets";
import { describeConfig, type ChunkerConfig } from "@/lib/chunking/config";
import { summarizeRun, type QuestionScores } from "@/lib/eval/metrics";
import { resolveQuestionSet, validateAgainstTranscripts, type Question } from "@/lib/eval/questions";
import { countRelevant, relevantFlags } from "@/lib/eval/relevance";
import { scoreQuestion } from "@/lib/eval/score";
import { splitQuestions } from "@/lib/eval/split";
import { withCache, type Embedder } from "@/lib/embeddings";
import { isLabError, LabError } from "@/lib/errors";
import { ingestWithChunks, type IngestDeps } from "@/lib/ingest/pipeline";
import { checkCancelled, type JobContext } from "@/lib/jobs/manager";
import type { SearchHit } from "@/lib/vectorstore/port";
import { codeVersion } from "./code-version";
import { ensureKvg } from "@/lib/similarity/kvg-compare";
import { kvgRetrieve } from "@/lib/similarity/kvg";
import type { GraphStore } from "@/lib/graph/port";
import { retrieve } from "@/lib/retrieval";
import { applySplit, fitOnTuning, type Row } from "./tune-test";
import { checkFusion } from "@/lib/vectorstore/fusion";
import type { FusionSetting } from "@/lib/retrieval/contract";
import type { Experiment, GridPoint, GridSpec, RetrievedChunk } from "./contract";
import { retrievalOf } from "./compare";
import { expandGrid, fusionsOf, retrievalsFor } from "./spec";
import { count } from "@/lib/text/count";

/** A grid point as stored: the public shape plus the chunker config it was built with. */
export interface PointResult extends GridPoint {
  chunker: ChunkerConfig;
}

/** A run as stored: what GET /api/experiments/[id] sends, plus the rankings the drill-down reads. */
export interface ExperimentRecord extends Experiment {
  points: PointResult[];
  /** Ranked hits at the largest k, per `${chunkerLabel}|${mode}` and question id: the drill-down. */
  ranked: Record<string, Record<string, RetrievedChunk[]>>;
}

const sizeOf = (c: ChunkerConfig) => (c.kind === "sentence" ? c.maxTokens : c.kind === "time" ? c.windowS : c.size);
const overlapOf = (c: ChunkerConfig) => (c.kind === "sentence" ? c.overlapSentences : c.kind === "time" ? c.overlapS : c.overlap);
const hash = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 12);

/**
 * Runs a retrieval grid: each distinct chunking is ingested once (embeddings
 * from the cache where possible), and every top-k and mode reuses it.
 * Rankings at smaller k are prefixes of the largest k's (flat search is
 * exact; hybrid fuses a fixed candidate pool), so each question is searched
 * once per chunking and mode.
 */
export interface GridHooks {
  /** Turns a question into the text that is searched; the record keeps both. */
  rewriteQuery?: (question: string, signal?: AbortSignal) => Promise<string>;
  /** Resolves the spec's embedder names (the deps' embedder is used when the spec names none). */
  embedderNamed?: (name: "use-lite" | "openai") => Embedder;
  /** The graph the "kvg" mode builds knowledge vector graphs in: the learner's own (gridEngines in lib/services.ts). */
  graph?: () => Promise<GraphStore>;
}

export async function runGrid(input: unknown, deps: IngestDeps, ctx: JobContext, id: string, hooks: GridHooks = {}): Promise<ExperimentRecord> {
  const started = performance.now();
  const { spec, chunkers, total } = expandGrid(input, deps.embedder.maxTokens, deps.store);
  const embedders = spec.embedders?.map((name) => {
    if (!hooks.embedderNamed) throw new LabError("unavailable", "This runner cannot choose embedders");
    return hooks.embedderNamed(name);
  }) ?? [deps.embedder];
  // Gold spans are checked against every transcript; the questions scored are those about talks in the corpus.
  const [everyDoc, docs] = await Promise.all([loadDataset(spec.corpus.dataset, { subset: false }), loadDataset(spec.corpus.dataset)]);
  const inCorpus = spec.corpus.only ? docs.filter((d) => spec.corpus.only!.includes(d.videoId ?? d.id)) : docs;
  const { set, lineage, warnings } = await resolveQuestionSet(spec.questions);
  validateAgainstTranscripts(set, everyDoc);
  const videos = new Set(inCorpus.map((d) => d.videoId));
  const present = set.questions.filter((q) => q.evidence.some((e) => videos.has(e.video_id)));
  if (present.length === 0) throw new LabError("bad_input", "No question has evidence in the chosen talks");
  // Split before any work, so a test part too small to mean anything is refused at once.
  const planned = spec.split && splitQuestions(present, spec.split);
  if (spec.queryRewrite === "llm" && !hooks.rewriteQuery) throw new LabError("unavailable", "queryRewrite \"llm\" needs a chat model configured on the server");
  const { searchText, failures: rewriteFailures } = await searchTexts(present, spec.queryRewrite === "llm" ? hooks.rewriteQuery : undefined, ctx);
  // A question the model could not rewrite is left out (and listed); the rest of the grid runs.
  const questions = present.filter((q) => searchText.has(q.id));
  const parts = planned && { tune: planned.tune.filter((q) => searchText.has(q.id)), test: planned.test.filter((q) => searchText.has(q.id)) };


  const maxK = Math.max(...spec.topK);
  const results: PointResult[] = [];
  const ranked: ExperimentRecord["ranked"] = {};
  const versions: Record<string, string> = {};
  // Headers change what is embedded and indexed, so each setting is a collection of its own, like a chunker.
  const builds = chunkers.flatMap((chunker) => spec.headers.map((headers) => ({ chunker, headers })));
  const totalSteps = embedders.length * builds.length * (spec.modes.length + 1);
  let step = 0;
  // Finished points travel with the progress, so the cell can show them as they complete.
  const partial = () => results.map((p) => ({ chunker: p.chunkerLabel, mode: p.mode, k: p.k, hitRate: p.summary.hitRate, mrr: p.summary.mrr, ndcg: p.summary.ndcg }));
  const report = (message: string) => ctx.progress({ stage: "grid", done: step, total: totalSteps, message, partial: partial() });

  for (const embedder of embedders) {
  const queries = withCache(embedder, deps.cache).embeddings;
  const queryVectors = new Map<string, number[]>();
  const runDeps = { ...deps, embedder };
  for (const { chunker, headers } of builds) {
    // With several embedders, labels name the model too, so points and rankings stay apart.
    const built = headers ? `${describeConfig(chunker)} + headers` : describeConfig(chunker);
    const label = embedders.length > 1 ? `${built} · ${embedder.id}` : built;
    report(`Ingesting ${label}`);
    const { result: ingested, chunks: corpusChunks } = await ingestWithChunks(
      { source: { kind: "dataset", name: spec.corpus.dataset, only: spec.corpus.only }, chunker, headers },
      runDeps,
      // The bar shows the counter that moves (chunks embedded, questions searched); the grid step is in the message.
      { signal: ctx.signal, progress: (p) => ctx.progress({ ...p, message: `Step ${step + 1} of ${totalSteps}, ${label}: ${p.message ?? p.stage}`, partial: partial() }) },
    );
    versions[label] = ingested.corpusVersion;
    const possible = new Map(questions.map((q) => [q.id, countRelevant(corpusChunks, q)]));
    step++;

    for (const mode of spec.modes) {
      checkCancelled(ctx.signal, "Grid cancelled");
      report(`Searching ${label}, ${mode}`);
      if (mode === "kvg") {
        results.push(...(await kvgPoints(questions, searchText, queries, queryVectors, { ingested, chunker, headers, label, embedder, possible, spec, runDeps, hooks })));
        step++;
        continue;
      }
      for (const { levers, keywords } of retrievalsFor(mode, spec)) {
        const how = retrievalOf({ mode, levers, keywords });
        /** Every question searched once at the largest k: rankings at smaller k are its prefixes (see lib/retrieval). */
        const searchEvery = async (fusion: FusionSetting | undefined, note: string) => {
          const found: { q: Question; hits: SearchHit[]; ms: number }[] = [];
          for (const [i, q] of questions.entries()) {
            ctx.progress({ stage: `search ${how}`, done: i, total: questions.length, message: `Step ${step + 1} of ${totalSteps}, searching ${label} (${how}${note})`, partial: partial() });
            const text = searchText.get(q.id)!;
            const vector = mode === "bm25" && !levers.some((l) => l === "mmr" || l === "rerank") ? undefined : await queryVector(text, queries, queryVectors);
            const t0 = performance.now();
            const hits = await retrieve(
              { collection: ingested.collection, mode, k: maxK, text, vector, fusion, keywords, levers },
              { store: runDeps.store, embedTexts: (texts) => queries.embedDocuments(texts) },
            );
            found.push({ q, hits, ms: performance.now() - t0 });
          }
          const rowsAt = (k: number): Row[] =>
            found.map(({ q, hits, ms }) => ({ id: q.id, ...scoreQuestion(q, hits.slice(0, k).map((h) => h.chunk), { k, relevantPossible: possible.get(q.id) ?? 0, latencyMs: ms }) }));
          return { fusion, found, rowsAt };
        };
        const fusions = mode === "hybrid" ? fusionsOf(spec.hybrid) : [undefined];
        const tries = [];
        for (const fusion of fusions) tries.push(await searchEvery(fusion, fusions.length > 1 ? `, weight ${fusion?.vectorWeight}` : ""));
        const tuneIds = new Set(parts?.tune.map((q) => q.id));
        for (const k of spec.topK) {
          const scored = tries.map((t) => ({ ...t, rows: t.rowsAt(k) }));
          // A fitted weight is chosen per point on the tuning questions only; the test part scores only that choice (tune-test.ts).
          const kept = scored.length === 1 ? scored[0] : fitOnTuning(scored, tuneIds, spec.split!.metric);
          if (k === maxK) for (const { q, hits } of kept.found) (ranked[`${label}|${how}`] ??= {})[q.id] = describeHits(q, hits);
          results.push({
            chunker,
            chunkerLabel: label,
            modelId: embedder.id,
            size: sizeOf(chunker),
            overlap: overlapOf(chunker),
            mode,
            ...(levers.length > 0 && { levers }),
            ...(headers && { headers }),
            ...(keywords === "stemmed" && { keywords }),
            ...(scored.length > 1 && { fusion: checkFusion(kept.fusion) }),
            k,
            collection: ingested.collection,
            chunks: ingested.chunks,
            summary: summarizeRun(kept.rows),
            perQuestion: kept.rows,
          });
        }
      }
      step++;
      report(`Scored ${label}, ${mode}`);
    }
  }
  }
  if (results.length !== total) throw new Error(`grid produced ${results.length} of ${total} points`);
  const split = parts ? applySplit(results, parts, spec.split!, spec, lineage.hash) : undefined;
  // Held-out questions' rankings would show every configuration's test results: only the chosen one's scores are kept.
  if (parts) for (const byQuestion of Object.values(ranked)) for (const q of parts.test) delete byQuestion[q.id];
  const scoredOn = parts ? `the ${count(parts.tune.length, "tuning question")} (the chosen one also on ${parts.test.length} held out)` : count(questions.length, "question");
  report(`Scored ${count(results.length, "configuration")} on ${scoredOn}`);
  return {
    id,
    createdAt: new Date().toISOString(),
    spec,
    specHash: hash(JSON.stringify(spec)),
    corpus: { dataset: spec.corpus.dataset, only: spec.corpus.only, versions },
    questionSet: { ...lineage, questions: questions.length },
    modelId: embedders.map((e) => e.id).join(", "),
    codeVersion: codeVersion(),
    elapsedMs: Math.round(performance.now() - started),
    points: results,
    split,
    warnings: warnings.length > 0 ? warnings : undefined,
    rewrittenQueries: spec.queryRewrite === "llm" ? Object.fromEntries(searchText) : undefined,
    rewriteFailures: rewriteFailures.length > 0 ? rewriteFailures : undefined,
    ranked,
  };
}

type RewriteFailure = NonNullable<Experiment["rewriteFailures"]>[number];

/**
 * What each question is searched with: itself, or the chat model's rewrite.
 * A model failure on one question (timeout, cut-off reply...) leaves that
 * question out; only when every question fails does the grid fail, with the
 * first failure's class. Cancellation and other errors end the grid.
 */
async function searchTexts(questions: readonly Question[], rewrite: GridHooks["rewriteQuery"], ctx: JobContext) {
  const searchText = new Map<string, string>();
  const failures: RewriteFailure[] = [];
  let first: LabError | undefined;
  for (const [i, q] of questions.entries()) {
    if (!rewrite) {
      searchText.set(q.id, q.question);
      continue;
    }
    ctx.progress({ stage: "rewrite", done: i, total: questions.length, message: "Rewriting the questions with the chat model" });
    try {
      searchText.set(q.id, await rewrite(q.question, ctx.signal));
    } catch (e) {
      if (!isLabError(e) || ctx.signal.aborted) throw e;
      first ??= e;
      failures.push({ question: q.id, code: e.code, message: e.message });
    }
  }
  if (first && failures.length === questions.length) throw first;
  return { searchText, failures };
}

/** The "kvg" mode: seeds + hops with k as the budget; rankings depend on k, so each k is retrieved on its own. */
async function kvgPoints(
  questions: Question[],
  searchText: Map<string, string>,
  queries: Embedder["embeddings"],
  memo: Map<string, number[]>,
  c: {
    ingested: { collection: string; chunks: number };
    chunker: ChunkerConfig;
    headers: boolean;
    label: string;
    embedder: Embedder;
    possible: Map<string, number>;
    spec: GridSpec;
    runDeps: IngestDeps;
    hooks: GridHooks;
  },
): Promise<PointResult[]> {
  if (!c.hooks.graph) throw new LabError("unavailable", 'The "kvg" mode needs the graph store');
  const graph = await c.hooks.graph();
  await ensureKvg(graph, c.runDeps.store, c.ingested.collection);
  const points: PointResult[] = [];
  for (const k of c.spec.topK) {
    const scores: QuestionScores[] = [];
    for (const q of questions) {
      const vector = await queryVector(searchText.get(q.id)!, queries, memo);
      const t0 = performance.now();
      const seeds = Math.min(c.spec.kvg.seeds, k);
      const r = await kvgRetrieve({ graph, store: c.runDeps.store, collection: c.ingested.collection, queryVector: vector, seeds, hops: seeds < k ? c.spec.kvg.hops : 0, budget: k });
      scores.push(scoreQuestion(q, r.hits.map((h) => h.chunk), { k, relevantPossible: c.possible.get(q.id) ?? 0, latencyMs: performance.now() - t0 }));
    }
    points.push({
      chunker: c.chunker,
      chunkerLabel: c.label,
      modelId: c.embedder.id,
      size: sizeOf(c.chunker),
      overlap: overlapOf(c.chunker),
      mode: "kvg",
      ...(c.headers && { headers: true as const }),
      k,
      collection: c.ingested.collection,
      chunks: c.ingested.chunks,
      summary: summarizeRun(scores),
      perQuestion: questions.map((q, i) => ({ id: q.id, ...scores[i] })),
    });
  }
  return points;
}

async function queryVector(text: string, embedder: Embedder["embeddings"], memo: Map<string, number[]>): Promise<number[]> {
  const hit = memo.get(text);
  if (hit) return hit;
  const v = await embedder.embedQuery(text);
  memo.set(text, v);
  return v;
}

function describeHits(q: Question, hits: SearchHit[]): RetrievedChunk[] {
  const flags = relevantFlags(hits.map((h) => h.chunk), q);
  return hits.map((h, i) => ({
    id: h.chunk.id,
    docId: h.chunk.docId,
    startS: h.chunk.startS,
    endS: h.chunk.endS,
    score: Math.round(h.score * 1000) / 1000,
    relevant: flags[i],
    citation: h.chunk.citation,
    excerpt: h.chunk.text.slice(0, 160),
  }));
}

