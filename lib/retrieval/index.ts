/**
 * Retrieval over a collection, in one place: every search mode and lever that
 * `lab.search`, the grid, judging and the QA task index use. Engines answer
 * single vector or keyword queries (and fuse hybrid, see vectorstore/fusion);
 * the levers here work on their candidates, so both engines offer them.
 */
import { LabError } from "@/lib/errors";
import type { FusionSetting, KeywordIndex, Lever } from "./contract";
import type { ChunkStore, SearchFilter, SearchHit, SearchMode } from "@/lib/vectorstore/port";
import { expandQuery, maxSentenceRank, mmr } from "./levers";
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
  mode: SearchMode;
  k: number;
  /** The query text: what BM25 matches, and what query expansion widens. */
  text?: string;
  /** The embedded query: needed for "vector", "hybrid", "mmr" and "rerank". */
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
  /** Document embeddings (cached) for the sentence-level rerank. */
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
  const inRange = (h: SearchHit) =>
    (fromS === undefined || h.chunk.endS > fromS) && (toS === undefined || h.chunk.startS < toS) && (talks === undefined || talks.has(h.chunk.docId));

  let text = req.text;
  if (levers.has("prf") && req.mode !== "vector") {
    if (!text) throw new LabError("bad_input", "query expansion needs query text");
    const feedback = await deps.store.search(req.collection, { mode: "bm25", text, k: PRF_FEEDBACK, filter: storeFilter, keywords: req.keywords });
    text = expandQuery(text, feedback, PRF_TERMS);
  }
  let hits = (await deps.store.search(req.collection, { mode: req.mode, vector: req.vector, text, k: pool, filter: storeFilter, fusion: req.fusion, keywords: req.keywords })).filter(inRange);
  if (narrowed) hits = hits.slice(0, reorders ? Math.max(req.k, CANDIDATES) : req.k);
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

function needVector(req: RetrieveRequest, lever: Lever): number[] {
  if (!req.vector) throw new LabError("bad_input", `the ${lever} lever needs a query vector`);
  return req.vector;
}
