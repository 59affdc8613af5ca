/**
 * Two-stage retrieval over the knowledge vector graph: seeds by vector
 * search, then a time-limited, read-only traversal of SIMILAR and NEXT edges.
 */
import { z } from "zod";
import { MAX_ROW_LIMIT, type GraphStore } from "@/lib/graph/port";
import { LabError, isLabError } from "@/lib/errors";
import { validateCollectionName } from "@/lib/vectorstore/names";
import { MAX_K, type ChunkRecord, type ChunkStore, type SearchHit } from "@/lib/vectorstore/port";
import { asDouble, assertLadybug, nodeKey } from "./kvg-schema";
import { MAX_HOPS } from "./contract";
import { integerOption } from "./options";

export { MAX_HOPS };

export const MAX_BUDGET = 100;
export const DEFAULT_TRAVERSAL_MS = 2_000;
/**
 * Weight of a NEXT edge. A SIMILAR edge weighs its similarity, at least the
 * build threshold: with USE-Lite on the Google talks the threshold is 0.68
 * and SIMILAR edges weigh 0.70–0.83 (10th–90th percentile). At 0.7 the next
 * chunk of a talk counts like a weak SIMILAR neighbour: the narrative is
 * followed, but a strong similarity wins.
 */
export const DEFAULT_NEXT_WEIGHT = 0.7;

export interface KvgRetrieveRequest {
  graph: GraphStore;
  store: ChunkStore;
  collection: string;
  queryVector: number[];
  /** Chunks taken by vector search; they count towards the budget. */
  seeds: number;
  /** Edges followed at most from a seed; 0 is plain top-k. */
  hops: number;
  /** Total chunks returned, seeds included: the same k a plain top-k search gets. */
  budget: number;
  nextWeight?: number;
  /** Time limit of the traversal (seed search and chunk lookup excluded); on expiry the hits so far are returned. */
  timeoutMs?: number;
}

export interface KvgStep {
  from: string;
  to: string;
  kind: "similar" | "next";
  /** The edge's factor in the score: its similarity, or the NEXT weight. */
  weight: number;
}

export interface KvgHit {
  chunk: ChunkRecord;
  via: "seed" | KvgStep["kind"];
  hop: number;
  /**
   * Seeds: cosine similarity to the query. Expanded chunks: the best seed
   * score times the product of edge weights along the path (best path of at
   * most `hops` edges). Weights are at most 1, so a chunk never outscores
   * the seed it was reached from.
   */
  score: number;
  /** Cosine similarity to the query, for every hit: shows what plain search would have thought of it. */
  querySim: number;
  /** Edges from a seed to this chunk; empty for seeds. */
  path: KvgStep[];
}

export interface KvgRetrieval {
  hits: KvgHit[];
  /** Hops actually completed. */
  hops: number;
  timedOut: boolean;
  traversalMs: number;
}

interface Reached {
  id: string;
  docId: string;
  score: number;
  hop: number;
  path: KvgStep[];
}

const neighbourRow = z.object({
  src: z.string(),
  id: z.string(),
  docId: z.string(),
  kind: z.enum(["SIMILAR", "NEXT"]),
  weight: z.number(),
  score: z.number(),
});

/**
 * One hop from every frontier chunk, best-scored rows first. A frontier
 * chunk contributes at most `budget` useful rows (its best new neighbours
 * plus chunks already kept), so LIMIT budget × |frontier| loses nothing.
 */
const HOP_QUERY = `UNWIND $frontier AS f
MATCH (s:Chunk {key: f.key})-[r:SIMILAR|NEXT]-(n:Chunk)
WITH s, n, label(r) AS kind, CASE WHEN label(r) = 'NEXT' THEN CAST($nextWeight AS DOUBLE) ELSE r.sim END AS weight, CAST(f.score AS DOUBLE) AS parent
RETURN s.id AS src, n.id AS id, n.docId AS docId, kind, weight, parent * weight AS score
ORDER BY score DESC, id
LIMIT $limit`;

function checkRequest(req: KvgRetrieveRequest) {
  assertLadybug(req.graph);
  validateCollectionName(req.collection);
  const budget = integerOption("budget", req.budget, 1, MAX_BUDGET);
  const nextWeight = req.nextWeight ?? DEFAULT_NEXT_WEIGHT;
  if (!(nextWeight > 0 && nextWeight <= 1)) {
    throw new LabError("bad_input", `nextWeight must be above 0 and at most 1, got ${nextWeight}.`);
  }
  return {
    budget,
    seeds: integerOption("seeds", req.seeds, 1, budget),
    hops: integerOption("hops", req.hops, 0, MAX_HOPS),
    timeoutMs: integerOption("timeoutMs", req.timeoutMs ?? DEFAULT_TRAVERSAL_MS, 1, 60_000),
    nextWeight,
  };
}

/** The seeds must be in the graph, or traversal would quietly find nothing. */
async function assertSeedsInGraph(graph: GraphStore, collection: string, ids: string[], timeoutMs: number): Promise<void> {
  const keys = ids.map((id) => nodeKey(collection, id));
  let found: number;
  try {
    const { rows } = await graph.query("MATCH (c:Chunk) WHERE c.key IN $keys RETURN count(c) AS n", { keys }, { timeoutMs });
    found = Number(rows[0]?.n ?? 0);
  } catch (e) {
    if (isLabError(e) && e.code === "bad_input" && e.message.includes("does not exist")) found = 0;
    else throw e;
  }
  if (found === 0) {
    throw new LabError("not_found", `There is no knowledge vector graph for collection ${collection}: build it first.`);
  }
  if (found < keys.length) {
    throw new LabError("conflict", `The knowledge vector graph of ${collection} is older than the collection: rebuild it.`);
  }
}

type Ranked = { score: number; hop: number; id: string };

/** Best score first; ties (a seed's previous and next chunk score the same) go to fewer hops, then to the id, so results are reproducible. */
const byRank = (a: Ranked, b: Ranked) => b.score - a.score || a.hop - b.hop || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Keeps the `room` best expanded chunks. A chunk that misses the cut cannot
 * lead anywhere better (edge weights are at most 1), so dropping it is exact.
 */
function prune(expanded: Map<string, Reached>, room: number): void {
  const ranked = [...expanded.values()].sort(byRank);
  for (const r of ranked.slice(room)) expanded.delete(r.id);
}

/** Runs `step` with the time left; undefined once the deadline has passed or the engine stopped the query. */
async function beforeDeadline<T>(deadline: number, step: (remainingMs: number) => Promise<T>): Promise<T | undefined> {
  const remaining = Math.floor(deadline - performance.now());
  if (remaining < 1) return undefined;
  try {
    return await step(remaining);
  } catch (e) {
    if (isLabError(e) && e.code === "timeout") return undefined;
    throw e;
  }
}

/**
 * Hop by hop from the seeds, keeping each chunk's best path (Bellman–Ford
 * limited to `hops` rounds): a round expands only the chunks whose score
 * improved in the round before.
 */
async function traverse(
  req: KvgRetrieveRequest,
  seedHits: SearchHit[],
  opts: { budget: number; hops: number; timeoutMs: number; nextWeight: number },
): Promise<{ expanded: Reached[]; hops: number; timedOut: boolean; traversalMs: number }> {
  const started = performance.now();
  const deadline = started + opts.timeoutMs;
  const room = opts.budget - seedHits.length;
  const seedIds = new Set(seedHits.map((h) => h.chunk.id));
  const expanded = new Map<string, Reached>();
  // Seeds and kept chunks: the score and path a frontier chunk passes on.
  const known = new Map<string, { score: number; path: KvgStep[] }>(seedHits.map((h) => [h.chunk.id, { score: h.score, path: [] }]));
  let frontier = [...seedIds];
  let hops = 0;
  let timedOut = false;
  const done = () => ({ expanded: [...expanded.values()], hops, timedOut, traversalMs: Math.round(performance.now() - started) });
  if (opts.hops === 0 || room <= 0 || frontier.length === 0) return done();

  const checked = await beforeDeadline(deadline, (ms) => assertSeedsInGraph(req.graph, req.collection, frontier, ms).then(() => true));
  timedOut = !checked;
  while (!timedOut && hops < opts.hops && frontier.length > 0) {
    const params = {
      // Negative scores pass on as 0: two negatives must not multiply into a positive.
      frontier: frontier.map((id) => ({ key: nodeKey(req.collection, id), score: asDouble(Math.max(0, known.get(id)?.score ?? 0)) })),
      nextWeight: asDouble(opts.nextWeight),
      limit: Math.min(MAX_ROW_LIMIT, opts.budget * frontier.length),
    };
    const result = await beforeDeadline(deadline, (ms) => req.graph.query(HOP_QUERY, params, { timeoutMs: ms, rowLimit: MAX_ROW_LIMIT }));
    if (!result) {
      timedOut = true;
      break;
    }
    hops++;
    const improved = new Set<string>();
    for (const row of result.rows.map((r) => neighbourRow.parse(r))) {
      if (seedIds.has(row.id) || row.score <= (expanded.get(row.id)?.score ?? -Infinity)) continue;
      const parentPath = known.get(row.src)?.path ?? [];
      const step: KvgStep = { from: row.src, to: row.id, kind: row.kind === "NEXT" ? "next" : "similar", weight: row.weight };
      expanded.set(row.id, { id: row.id, docId: row.docId, score: row.score, hop: parentPath.length + 1, path: [...parentPath, step] });
      improved.add(row.id);
    }
    prune(expanded, room);
    for (const r of expanded.values()) known.set(r.id, r);
    frontier = [...improved].filter((id) => expanded.has(id));
  }
  return done();
}

/** Chunk records and query similarities for expanded chunks, read per video from the vector store. */
async function lookUp(
  req: KvgRetrieveRequest,
  reached: Reached[],
): Promise<Map<string, { chunk: ChunkRecord; querySim: number }>> {
  const docs = [...new Set(reached.map((r) => r.docId))];
  // The port has no get-by-id; a filtered search returns a video's chunks (up to MAX_K) with their query similarity.
  const hits = await Promise.all(
    docs.map((docId) =>
      req.store.search(req.collection, { mode: "vector", vector: req.queryVector, k: MAX_K, filter: { docId } }),
    ),
  );
  return new Map(hits.flat().map((h) => [h.chunk.id, { chunk: h.chunk, querySim: h.score }]));
}

/**
 * Two-stage retrieval: `seeds` chunks by vector search, then up to `hops`
 * edges of traversal, returning at most `budget` chunks ranked by score.
 */
export async function kvgRetrieve(req: KvgRetrieveRequest): Promise<KvgRetrieval> {
  const opts = checkRequest(req);
  const seedHits = await req.store.search(req.collection, { mode: "vector", vector: req.queryVector, k: opts.seeds });
  const { expanded, hops, timedOut, traversalMs } = await traverse(req, seedHits, opts);
  const records = await lookUp(req, expanded);
  const hits: KvgHit[] = seedHits.map((h) => ({ chunk: h.chunk, via: "seed", hop: 0, score: h.score, querySim: h.score, path: [] }));
  for (const r of expanded) {
    const record = records.get(r.id);
    if (!record) {
      throw new LabError("conflict", `Chunk ${r.id} is in the knowledge vector graph but not in ${req.collection}: rebuild the graph.`);
    }
    hits.push({ ...record, via: r.path[r.path.length - 1].kind, hop: r.hop, score: r.score, path: r.path });
  }
  const rank = (h: KvgHit): Ranked => ({ score: h.score, hop: h.hop, id: h.chunk.id });
  hits.sort((a, b) => byRank(rank(a), rank(b)));
  return { hits, hops, timedOut, traversalMs };
}
