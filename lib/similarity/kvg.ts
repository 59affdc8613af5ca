/**
 * Knowledge vector graph: chunks as nodes, SIMILAR edges to each chunk's
 * nearest neighbours and NEXT edges between consecutive chunks of a video.
 * Retrieval (./kvg-retrieve) is two-stage: vector search for seed chunks,
 * then a few hops through the graph, so a chunk like C (close to B, far from
 * the question) can still be found. LadybugDB only: the DDL and `label(r)`
 * are its dialect.
 */
import type { GraphStore } from "@/lib/graph/port";
import { validateCollectionName } from "@/lib/vectorstore/names";
import { UnitVectors, adjacent, assertUniqueIds, nearestNeighbours, percentile, sampleSimilarities, type VectorRow } from "./knn";
import { asDouble, assertKvgTablesFit, assertLadybug, kvgDdl, nodeKey } from "./kvg-schema";
import { HIGH_PERCENTILE, MAX_NEIGHBOURS, SAMPLED_PAIRS } from "./miner";
import { checkSimilarity, integerOption } from "./options";

export { kvgDdl } from "./kvg-schema";
export * from "./kvg-retrieve";

export const DEFAULT_KVG_NEIGHBOURS = 5;
/** Rows per write statement: large enough to be quick, small enough to keep one parameter list modest. */
const WRITE_BATCH = 2_000;

export interface KvgRow extends VectorRow {
  startS: number;
}

export interface KvgBuildOptions {
  /** SIMILAR edges per chunk (to its k nearest neighbours); default 5. */
  k?: number;
  /** Minimum similarity of a SIMILAR edge; default the collection's 95th percentile, the miner's default τhigh. */
  threshold?: number;
}

export interface KvgCounts {
  nodes: number;
  similarEdges: number;
  nextEdges: number;
}

export interface KvgBuildResult extends KvgCounts {
  collection: string;
  k: number;
  threshold: number;
  elapsedMs: number;
}

async function writeBatches(graph: GraphStore, cypher: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    await graph.query(cypher, { rows: rows.slice(i, i + WRITE_BATCH) }, { readOnly: false });
  }
}

/** Unordered pairs of each chunk's nearest neighbours: similarity is symmetric, so one edge per pair. */
function similarEdges(rows: readonly KvgRow[], vectors: UnitVectors, k: number, threshold: number) {
  // Adjacent chunks are joined by NEXT already; a SIMILAR edge would only duplicate it.
  const lists = nearestNeighbours(vectors, { k, min: threshold, max: Infinity, allowed: (i, j) => !adjacent(rows[i], rows[j]) });
  const edges = new Map<string, { from: number; to: number; sim: number }>();
  lists.forEach((list, i) => {
    for (const { index: j, sim } of list) {
      const [from, to] = i < j ? [i, j] : [j, i];
      edges.set(`${from}:${to}`, { from, to, sim });
    }
  });
  return [...edges.values()];
}

/** Consecutive chunks of one video (index differs by exactly 1). */
function nextEdges(rows: readonly KvgRow[]): { from: number; to: number }[] {
  const byDoc = new Map<string, number[]>();
  rows.forEach((row, i) => byDoc.set(row.docId, [...(byDoc.get(row.docId) ?? []), i]));
  return [...byDoc.values()].flatMap((members) => {
    const sorted = members.sort((x, y) => rows[x].index - rows[y].index);
    return sorted.slice(1).flatMap((to, p) => (rows[to].index - rows[sorted[p]].index === 1 ? [{ from: sorted[p], to }] : []));
  });
}

/** Nodes and edges of one collection's graph. */
export async function kvgCounts(graph: GraphStore, collection: string): Promise<KvgCounts> {
  const count = async (cypher: string) => Number((await graph.query(cypher, { collection })).rows[0]?.n ?? 0);
  return {
    nodes: await count("MATCH (c:Chunk {collection: $collection}) RETURN count(c) AS n"),
    similarEdges: await count("MATCH (c:Chunk {collection: $collection})-[r:SIMILAR]->() RETURN count(r) AS n"),
    nextEdges: await count("MATCH (c:Chunk {collection: $collection})-[r:NEXT]->() RETURN count(r) AS n"),
  };
}

/**
 * (Re)builds the collection's graph: its old nodes and edges are deleted
 * first, so building twice, or with other options, leaves exactly one graph.
 * Readers may see a partial graph while it is being rebuilt.
 */
export async function buildKvg(
  graph: GraphStore,
  collection: string,
  rows: readonly KvgRow[],
  options: KvgBuildOptions = {},
): Promise<KvgBuildResult> {
  const started = performance.now();
  assertLadybug(graph);
  validateCollectionName(collection);
  const k = integerOption("k", options.k ?? DEFAULT_KVG_NEIGHBOURS, 1, MAX_NEIGHBOURS);
  checkSimilarity("threshold", options.threshold);
  assertUniqueIds(rows);
  const vectors = new UnitVectors(rows.map((r) => r.vector));
  const threshold =
    options.threshold ?? (rows.length < 2 ? 1 : percentile(sampleSimilarities(vectors, SAMPLED_PAIRS), HIGH_PERCENTILE));

  await assertKvgTablesFit(graph);
  const write = { readOnly: false };
  for (const statement of kvgDdl()) await graph.query(statement, {}, write);
  await graph.query("MATCH (c:Chunk {collection: $collection}) DETACH DELETE c", { collection }, write);

  const key = (i: number) => nodeKey(collection, rows[i].id);
  await writeBatches(
    graph,
    "UNWIND $rows AS r CREATE (:Chunk {key: r.key, id: r.id, docId: r.docId, idx: r.idx, startSec: CAST(r.startSec AS DOUBLE), collection: r.collection})",
    rows.map((r, i) => ({ key: key(i), id: r.id, docId: r.docId, idx: r.index, startSec: asDouble(r.startS), collection })),
  );
  const endpoints = "UNWIND $rows AS r MATCH (a:Chunk {key: r.from}), (b:Chunk {key: r.to}) ";
  await writeBatches(
    graph,
    `${endpoints}CREATE (a)-[:SIMILAR {sim: CAST(r.sim AS DOUBLE)}]->(b)`,
    similarEdges(rows, vectors, k, threshold).map((e) => ({ from: key(e.from), to: key(e.to), sim: asDouble(e.sim) })),
  );
  await writeBatches(
    graph,
    `${endpoints}CREATE (a)-[:NEXT]->(b)`,
    nextEdges(rows).map((e) => ({ from: key(e.from), to: key(e.to) })),
  );
  return {
    collection,
    k,
    threshold,
    ...(await kvgCounts(graph, collection)),
    elapsedMs: Math.round(performance.now() - started),
  };
}

