/**
 * Retrieval over a collection, in one place: every search mode and lever that
 * `lab.search`, the grid, judging and the QA task index use. Engines answer
 * single vector or keyword queries (and fuse hybrid, see vectorstore/fusion);
 * the levers here work on their candidates, so both engines offer them.
 */
import { LabError } from "@/lib/errors";
import type { FusionSetting, KeywordIndex, Lever, RetrievalMode } from "./contract";
import type { ChunkRecord, ChunkStore, SearchFilter, SearchHit } from "@/lib/vectorstore/port";
import { expandQuery, maxSentenceRank, mmr } from "./levers";
import { rankBySentence, sentenceIndex } from "./sentences";
import { talksBy } from "./speakers";

export { LEVERS, type Lever } from "./contract";

/** Store filters plus a time range (chunks that overlap [fromS, toS] of their recording) and a speaker (part of the name, any case). */
export interface RetrievalFilter extends SearchFilter {
  fromS?: number;
  toS?: number;
  speaker?: string;
}

export interface RetrieveRequest {
  collection: string;
  mode: RetrievalMode;
  k: number;
  /** The query text: what BM25 matches, and what query expansion widens. */
  text?: string;
  /** The embedded query: needed for "vector", "hybrid", "sentence", "mmr" and "rerank". */
  vector?: number[];
  filter?: RetrievalFilter;
  fusion?: FusionSetting;
  /** The keyword index BM25 and hybrid read, and query expansion draws its feedback from. */
  keywords?: KeywordIndex;
  /** Applied in the order of LEVERS, whatever order they are given in. */
  levers?: readonly Lever[];
}

export interface RetrievalDeps {
  store: ChunkStore;
  /** Document embeddings (cached) for the sentence mode and the sentence-level rerank. */
  embedTexts?: (texts: string[]) => Promise<number[][]>;
}

/** Candidates the levers choose from: fixed, so a ranking at a smaller k is a prefix of one at a larger k. */
export const CANDIDATES = 30;
/** Relevance and novelty weighed equally, LangChain's default for MMR. */
const MMR_LAMBDA = 0.5;
const PRF_FEEDBACK = 3;
const PRF_TERMS = 5;

/** The ranked hits for a request, best first, at most k. */
export async function retrieve(req: RetrieveRequest, deps: RetrievalDeps): Promise<SearchHit[]> {
  const levers = new Set(req.levers ?? []);
  const { fromS, toS, speaker, ...storeFilter } = req.filter ?? {};
  if (fromS !== undefined && toS !== undefined && toS < fromS) throw new LabError("bad_input", `filter: toS (${toS}) is before fromS (${fromS})`);
  const talks = speaker === undefined ? undefined : await talksBy(speaker);
  // One talk by that speaker is an engine filter; several are kept from a wider pool, like a time range.
  if (talks?.size === 1 && storeFilter.docId === undefined) storeFilter.docId = [...talks][0];
  const narrowed = fromS !== undefined || toS !== undefined || (talks !== undefined && talks.size > 1);
  const reorders = levers.has("mmr") || levers.has("rerank");
  // Time ranges and several talks are applied to a wider pool, since the engines filter only by one document.
  const pool = reorders || narrowed ? Math.max(req.k, CANDIDATES) * (narrowed ? 4 : 1) : req.k;
  const inRange = (c: ChunkRecord) => (fromS === undefined || c.endS > fromS) && (toS === undefined || c.startS < toS) && (talks === undefined || talks.has(c.docId));

  if (req.mode === "sentence") {
    if (!deps.embedTexts) throw new LabError("unavailable", "sentence search needs the embedder");
    const index = await sentenceIndex(deps.store, req.collection, deps.embedTexts);
    const inFilter = (c: ChunkRecord) => (storeFilter.docId === undefined || c.docId === storeFilter.docId) && (storeFilter.videoId === undefined || c.videoId === storeFilter.videoId);
    const ranked = rankBySentence(needVector(req, "sentence"), index, (c) => inFilter(c) && inRange(c), reorders ? Math.max(req.k, CANDIDATES) : req.k);
    return reordered(req, ranked, deps, levers);
  }
  let text = req.text;
  if (levers.has("prf") && req.mode !== "vector") {
    if (!text) throw new LabError("bad_input", "query expansion needs query text");
    const feedback = await deps.store.search(req.collection, { mode: "bm25", text, k: PRF_FEEDBACK, filter: storeFilter, keywords: req.keywords });
    text = expandQuery(text, feedback, PRF_TERMS);
  }
  let hits = (await deps.store.search(req.collection, { mode: req.mode, vector: req.vector, text, k: pool, filter: storeFilter, fusion: req.fusion, keywords: req.keywords })).filter((h) => inRange(h.chunk));
  if (narrowed) hits = hits.slice(0, reorders ? Math.max(req.k, CANDIDATES) : req.k);
  return reordered(req, hits, deps, levers);
}

/** The reordering levers over the candidates, cut to k. */
async function reordered(req: RetrieveRequest, candidates: SearchHit[], deps: RetrievalDeps, levers: ReadonlySet<Lever>): Promise<SearchHit[]> {
  let hits = candidates;
  if (levers.has("rerank")) {
    if (!deps.embedTexts) throw new LabError("unavailable", "the sentence-level rerank needs the embedder");
    hits = await maxSentenceRank(needVector(req, "rerank"), hits, deps.embedTexts, hits.length);
  }
  if (levers.has("mmr")) {
    const byId = new Map((await deps.store.allVectors(req.collection)).map((r) => [r.id, r.vector]));
    hits = mmr(needVector(req, "mmr"), hits, (id) => byId.get(id)!, MMR_LAMBDA, hits.length);
  }
  return hits.slice(0, req.k);
}

function needVector(req: RetrieveRequest, what: Lever | "sentence"): number[] {
  if (!req.vector) throw new LabError("bad_input", what === "sentence" ? "sentence search needs a query vector" : `the ${what} lever needs a query vector`);
  return req.vector;
}
