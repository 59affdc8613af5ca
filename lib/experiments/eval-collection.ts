import { DATASET_NAMES, loadDataset } from "@/lib/captions/datasets";
import { chunkDocuments } from "@/lib/chunking/chunk";
import { parseChunkerConfig } from "@/lib/chunking/config";
import { withCache } from "@/lib/embeddings";
import { summarizeRun } from "@/lib/eval/metrics";
import { resolveQuestionSet, validateAgainstTranscripts, type QuestionsRef } from "@/lib/eval/questions";
import { countRelevant } from "@/lib/eval/relevance";
import { scoreQuestion } from "@/lib/eval/score";
import { LabError } from "@/lib/errors";
import type { IngestDeps } from "@/lib/ingest/pipeline";
import { retrieve } from "@/lib/retrieval";
import type { RetrievalMode } from "@/lib/retrieval/contract";
import type { CollectionEval } from "./contract";

/**
 * Scores an existing collection on a question set (a shipped id, or a set the CLI read). The collection's corpus
 * (from its name) and chunker (from its metadata) are re-chunked to count
 * every relevant chunk, which nDCG's ideal ranking needs.
 */
export async function evaluateCollection(
  collection: string,
  questions: QuestionsRef | undefined,
  k: number,
  mode: RetrievalMode,
  deps: Omit<IngestDeps, "owner">,
): Promise<CollectionEval> {
  const meta = await deps.store.collectionMeta(collection);
  const corpus = collection.split("__")[1];
  const dataset = DATASET_NAMES.find((d) => d === corpus || corpus?.startsWith(`${d}-`));
  if (!dataset) throw new LabError("bad_input", `Collection ${collection} was not ingested from a shipped dataset, so its gold spans cannot be checked`);
  const [everyDoc, docs] = await Promise.all([loadDataset(dataset, { subset: false }), loadDataset(dataset)]);
  const { set, warnings } = await resolveQuestionSet(questions);
  validateAgainstTranscripts(set, everyDoc);
  // A question about a talk outside the corpus (RAGCAMP_COURSE_SUBSET) could only miss, so it is not scored.
  const talks = new Set(docs.map((d) => d.videoId));
  const asked = set.questions.filter((q) => q.evidence.some((e) => talks.has(e.video_id)));
  if (asked.length === 0) throw new LabError("bad_input", `No question has evidence in the talks of collection ${collection}`);
  const inCollection = await chunkDocuments(docs, parseChunkerConfig(meta.config, deps.embedder.maxTokens), deps.embedder.maxTokens);
  const queries = withCache(deps.embedder, deps.cache).embeddings;
  const perQuestion: CollectionEval["perQuestion"] = [];
  const scores = [];
  for (const q of asked) {
    const vector = mode === "bm25" ? undefined : await queries.embedQuery(q.question);
    const t0 = performance.now();
    const hits = await retrieve({ collection, mode, k, vector, text: q.question }, { store: deps.store, embedTexts: (texts) => queries.embedDocuments(texts) });
    const s = scoreQuestion(q, hits.map((h) => h.chunk), { k, relevantPossible: countRelevant(inCollection, q), latencyMs: performance.now() - t0 });
    scores.push(s);
    perQuestion.push({ id: q.id, hit: s.hit, reciprocalRank: s.reciprocalRank, recall: s.recall, ndcg: s.ndcg, top: hits.map((h) => h.chunk.citation) });
  }
  return { collection, questions: asked.length, k, mode, summary: summarizeRun(scores), perQuestion, ...(warnings.length > 0 && { warnings }) };
}
