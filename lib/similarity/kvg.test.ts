import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLadybugGraph } from "@/lib/graph/ladybug";
import { MAX_ROW_LIMIT, type GraphStore } from "@/lib/graph/port";
import { labRejection } from "@/lib/testing/lab-error";
import { fakeChunk } from "@/lib/testing/fake-chunks";
import { openLanceStore } from "@/lib/vectorstore/lancedb";
import type { ChunkStore, StoredChunk } from "@/lib/vectorstore/port";
import { cosDeg, vectorFactory } from "./fixtures";
import { DEFAULT_NEXT_WEIGHT, buildKvg, kvgCounts, kvgRetrieve, type KvgRetrieveRequest, type KvgRow } from "./kvg";

/**
 * A small real LadybugDB graph and LanceDB collection, both in temp dirs,
 * with FAKE (hand-made) 8-d vectors. The query is e0. In the (e0, e1) plane
 * A lies at 5°, B at 55°, C at 105°: A–B and B–C are 0.64, A–C is −0.17 and
 * C points away from the query, so only the graph can bring C in.
 */
const DIM = 8;
const e = (i: number, scale = 1) => Array.from({ length: DIM }, (_, d) => (d === i ? scale : 0));
const add = (u: number[], v: number[]) => u.map((x, d) => x + v[d]);
const inPlane = (degrees: number) => add(e(0, cosDeg(degrees)), e(1, cosDeg(90 - degrees)));
const QUERY = e(0);

function chunk(id: string, docId: string, index: number, vector: number[]): StoredChunk {
  return fakeChunk({ id, docId, index, vector, text: `text of ${id}`, endChar: 10, citation: `https://example.org/${docId}#t=${index * 30}`, tokens: 4 });
}

const CHUNKS: StoredChunk[] = [
  chunk("a", "talk-a", 0, inPlane(5)),
  chunk("a-next", "talk-a", 1, add(e(0, 0.1), e(7))),
  chunk("b", "talk-b", 0, inPlane(55)),
  chunk("c", "talk-c", 0, inPlane(105)),
  // Fillers: a little closer to the query than C, far from everything else.
  ...[0, 1, 2, 3].map((i) => chunk(`f${i}`, "talk-d", i, add(e(0, 0.2), e(2 + i)))),
];

const rowsOf = (chunks: StoredChunk[]): KvgRow[] =>
  chunks.map(({ id, docId, index, startS, vector }) => ({ id, docId, index, startS, vector }));

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "ragcamp-kvg-"));
  dirs.push(dir);
  return dir;
}

async function newCollection(store: ChunkStore, name: string, chunks: StoredChunk[]): Promise<void> {
  await store.createCollection(name, { modelId: "fake", dimension: chunks[0].vector.length, corpusVersion: "test", config: {} });
  await store.upsert(name, chunks);
}

let graph: GraphStore;
let store: ChunkStore;
const COLLECTION = "kvg-abc";

beforeAll(async () => {
  const dataDir = await tempDir();
  graph = await openLadybugGraph({ dataDir });
  store = await openLanceStore({ dataDir });
  await newCollection(store, COLLECTION, CHUNKS);
  await buildKvg(graph, COLLECTION, rowsOf(CHUNKS), { k: 2, threshold: 0.5 });
}, 60_000);

afterAll(async () => {
  await graph?.close();
  await store?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** The shared graph behind another facade; closing the facade leaves the graph open. */
const facade = (overrides: Partial<GraphStore>): GraphStore => ({
  engine: graph.engine,
  query: (cypher, params, opts) => graph.query(cypher, params, opts),
  schema: () => graph.schema(),
  close: async () => {},
  ...overrides,
});

const edgeList = async (collection: string) =>
  (
    await graph.query(
      "MATCH (x:Chunk {collection: $collection})-[r:SIMILAR|NEXT]->(y:Chunk) RETURN x.id AS a, label(r) AS kind, r.sim AS sim, y.id AS b ORDER BY a, b",
      { collection },
      { rowLimit: MAX_ROW_LIMIT },
    )
  ).rows;

const retrieve = (req: Partial<KvgRetrieveRequest>) =>
  kvgRetrieve({ graph, store, collection: COLLECTION, queryVector: QUERY, seeds: 1, hops: 2, budget: 4, ...req });

describe("buildKvg", () => {
  it("links nearest neighbours above the threshold and consecutive chunks of a video", async () => {
    const edges = await edgeList(COLLECTION);
    expect(edges.filter((r) => r.kind === "SIMILAR").map((r) => [r.a, r.b])).toEqual([["a", "b"], ["b", "c"]]);
    for (const r of edges.filter((x) => x.kind === "SIMILAR")) expect(r.sim).toBeCloseTo(cosDeg(50), 5);
    expect(edges.filter((r) => r.kind === "NEXT").map((r) => [r.a, r.b])).toEqual([
      ["a", "a-next"], ["f0", "f1"], ["f1", "f2"], ["f2", "f3"],
    ]);
    const { rows } = await graph.query("MATCH (c:Chunk {id: 'f2'}) RETURN c.key AS key, c.docId AS docId, c.idx AS idx, c.startSec AS startSec");
    expect(rows).toEqual([{ key: `${COLLECTION}/f2`, docId: "talk-d", idx: 2, startSec: 60 }]);
  });

  it("is idempotent, and a rebuild with other options leaves nothing of the old graph", async () => {
    const before = await edgeList(COLLECTION);
    const again = await buildKvg(graph, COLLECTION, rowsOf(CHUNKS), { k: 2, threshold: 0.5 });
    expect(again).toMatchObject({ collection: COLLECTION, k: 2, threshold: 0.5, nodes: 8, similarEdges: 2, nextEdges: 4 });
    expect(await edgeList(COLLECTION)).toEqual(before);

    expect(await buildKvg(graph, COLLECTION, rowsOf(CHUNKS), { k: 2, threshold: 0.7 })).toMatchObject({ nodes: 8, similarEdges: 0, nextEdges: 4 });
    await buildKvg(graph, COLLECTION, rowsOf(CHUNKS), { k: 2, threshold: 0.5 });
    expect(await edgeList(COLLECTION)).toEqual(before);
  });

  it("keeps collections apart, even when they share chunk ids", async () => {
    const other = CHUNKS.slice(0, 3);
    // k = 1: A and A-next (adjacent to each other) both pick B.
    await buildKvg(graph, "kvg-other", rowsOf(other), { k: 1, threshold: -1 });
    expect(await kvgCounts(graph, "kvg-other")).toEqual({ nodes: 3, similarEdges: 2, nextEdges: 1 });
    expect(await kvgCounts(graph, COLLECTION)).toEqual({ nodes: 8, similarEdges: 2, nextEdges: 4 });
  });

  it("defaults the threshold to the collection's 95th percentile", async () => {
    const built = await buildKvg(graph, "kvg-defaults", rowsOf(CHUNKS));
    expect(built.k).toBe(5);
    expect(built.threshold).toBeGreaterThan(0.19);
    expect(built.threshold).toBeLessThan(0.65);
  });

  it("rejects bad options, repeated ids, bad collection names and other engines", async () => {
    const rows = rowsOf(CHUNKS);
    expect((await labRejection(buildKvg(graph, COLLECTION, rows, { k: 0 }))).message).toMatch(/k must be an integer from 1/);
    expect((await labRejection(buildKvg(graph, COLLECTION, rows, { threshold: 1.2 }))).message).toMatch(/threshold is a cosine similarity/);
    expect((await labRejection(buildKvg(graph, COLLECTION, [...rows, rows[0]]))).message).toMatch(/appears twice/);
    expect((await labRejection(buildKvg(graph, "Bad Name", rows))).message).toMatch(/invalid collection name/);
    expect((await labRejection(buildKvg(facade({ engine: "neo4j" }), COLLECTION, rows))).message).toMatch(/built in LadybugDB, not neo4j/);
    expect(await kvgCounts(graph, COLLECTION)).toEqual({ nodes: 8, similarEdges: 2, nextEdges: 4 });
  });

  it("says how to make room when the learner's scratch graph has a Chunk table of its own", async () => {
    const scratch = await openLadybugGraph({ dataDir: await tempDir() });
    try {
      await scratch.query("CREATE NODE TABLE Chunk(name STRING, PRIMARY KEY (name))", {}, { readOnly: false });
      const e = await labRejection(buildKvg(scratch, COLLECTION, rowsOf(CHUNKS)));
      expect(e.code).toBe("conflict");
      expect(e.message).toMatch(/Chunk, SIMILAR or NEXT table of its own.*lab\.graph\.resetScratch\(\)/);
    } finally {
      await scratch.close();
    }
  });
});

describe("kvgRetrieve", () => {
  it("expands seeds along SIMILAR and NEXT edges, scoring seed score × edge weights", async () => {
    const r = await retrieve({});
    expect(r.hits.map((h) => [h.chunk.id, h.via, h.hop])).toEqual([
      ["a", "seed", 0],
      ["a-next", "next", 1],
      ["b", "similar", 1],
      ["c", "similar", 2],
    ]);
    const [a, next, b, c] = r.hits;
    expect(a.score).toBeCloseTo(cosDeg(5), 5);
    expect(next.score).toBeCloseTo(cosDeg(5) * DEFAULT_NEXT_WEIGHT, 5);
    expect(b.score).toBeCloseTo(cosDeg(5) * cosDeg(50), 5);
    expect(c.score).toBeCloseTo(cosDeg(5) * cosDeg(50) ** 2, 5);
    expect(c.querySim).toBeCloseTo(cosDeg(105), 5);
    expect(c.path.map((s) => [s.from, s.to, s.kind])).toEqual([["a", "b", "similar"], ["b", "c", "similar"]]);
    expect(next.path).toEqual([{ from: "a", to: "a-next", kind: "next", weight: DEFAULT_NEXT_WEIGHT }]);
    expect(a.path).toEqual([]);
    expect(c.chunk).toMatchObject({ docId: "talk-c", text: "text of c", startS: 0 });
    expect(r).toMatchObject({ hops: 2, timedOut: false });
  });

  it("with hops 0 is plain top-k, which never finds C", async () => {
    const r = await retrieve({ seeds: 4, hops: 0 });
    const plain = await store.search(COLLECTION, { mode: "vector", vector: QUERY, k: 4 });
    expect(r.hits.map((h) => h.chunk.id)).toEqual(plain.map((h) => h.chunk.id));
    expect(r.hits.map((h) => h.chunk.id)).not.toContain("c");
    expect(r.hits.every((h) => h.via === "seed")).toBe(true);
  });

  it("ranks by score, so the NEXT weight decides between the next chunk and a two-hop chain", async () => {
    const r = await retrieve({ budget: 3, nextWeight: 0.5 });
    expect(r.hits.map((h) => h.chunk.id)).toEqual(["a", "b", "a-next"]);
  });

  it("follows at most `hops` edges", async () => {
    const r = await retrieve({ hops: 1 });
    expect(r.hits.map((h) => h.chunk.id)).toEqual(["a", "a-next", "b"]);
  });

  it("counts seeds towards the budget", async () => {
    const r = await retrieve({ seeds: 2, budget: 2, hops: 3 });
    expect(r.hits.map((h) => h.via)).toEqual(["seed", "seed"]);
    expect(r.hops).toBe(0);
  });

  it("stops at the time limit and returns what it has", async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Every hop takes 300 ms: the first ends after the 150 ms limit, so there is no second.
    const slowHops = facade({
      query: async (cypher, params, opts) => {
        const result = await graph.query(cypher, params, opts);
        if (cypher.startsWith("UNWIND $frontier")) await sleep(300);
        return result;
      },
    });
    const r = await retrieve({ graph: slowHops, hops: 3, timeoutMs: 150 });
    expect(r).toMatchObject({ hops: 1, timedOut: true });
    expect(r.hits.map((h) => h.chunk.id)).toEqual(["a", "a-next", "b"]);
    expect(r.traversalMs).toBeLessThan(1_000);
  });

  it("rejects bad requests", async () => {
    const cases: [Partial<KvgRetrieveRequest>, RegExp][] = [
      [{ seeds: 5, budget: 4 }, /seeds must be an integer from 1 to 4/],
      [{ seeds: 0 }, /seeds must be an integer from 1/],
      [{ hops: 4 }, /hops must be an integer from 0 to 3/],
      [{ budget: 101 }, /budget must be an integer from 1 to 100/],
      [{ nextWeight: 0 }, /nextWeight must be above 0 and at most 1/],
      [{ nextWeight: 1.5 }, /nextWeight/],
      [{ timeoutMs: 0 }, /timeoutMs must be an integer/],
      [{ collection: "Nope!" }, /invalid collection name/],
    ];
    for (const [req, message] of cases) {
      const x = await labRejection(retrieve(req));
      expect(x.code).toBe("bad_input");
      expect(x.message).toMatch(message);
    }
  });

  it("says when the graph is missing or older than the collection", async () => {
    await newCollection(store, "kvg-unbuilt", CHUNKS);
    const missing = await labRejection(retrieve({ collection: "kvg-unbuilt" }));
    expect(missing.code).toBe("not_found");
    expect(missing.message).toMatch(/no knowledge vector graph for collection kvg-unbuilt: build it first/);

    const fresh = await openLadybugGraph({ dataDir: await tempDir() });
    expect((await labRejection(retrieve({ graph: fresh }))).code).toBe("not_found");
    await fresh.close();

    await newCollection(store, "kvg-stale", CHUNKS);
    await buildKvg(graph, "kvg-stale", rowsOf(CHUNKS), { k: 2, threshold: 0.5 });
    await store.upsert("kvg-stale", [chunk("new", "talk-e", 0, e(0))]);
    const stale = await labRejection(retrieve({ collection: "kvg-stale", seeds: 2 }));
    expect(stale.code).toBe("conflict");
    expect(stale.message).toMatch(/older than the collection: rebuild it/);
  });
});

describe("kvgRetrieve on a dense graph", () => {
  const DENSE = "kvg-dense";
  const f = vectorFactory(6, 3);
  const chunks = Array.from({ length: 60 }, (_, i) => chunk(`d${i}`, `talk-${i % 5}`, Math.floor(i / 5), f.randomUnit()));

  beforeAll(async () => {
    await newCollection(store, DENSE, chunks);
    // Every pair that is not adjacent: about 1,700 SIMILAR edges for 60 chunks.
    const built = await buildKvg(graph, DENSE, rowsOf(chunks), { k: 59, threshold: -1 });
    expect(built.similarEdges).toBeGreaterThan(1_600);
  }, 60_000);

  /**
   * The documented rule by brute force, without the retriever's pruning or
   * LIMIT: best path score over at most `hops` edges (hop = when it last
   * improved), ranked by score, then hops, then id.
   */
  async function reference(query: number[], seeds: number, hops: number, budget: number, nextWeight: number) {
    const seedHits = await store.search(DENSE, { mode: "vector", vector: query, k: seeds });
    const edges = (await edgeList(DENSE)).map((r) => ({
      a: String(r.a), b: String(r.b), w: r.kind === "NEXT" ? nextWeight : Number(r.sim),
    }));
    const seedIds = new Set(seedHits.map((h) => h.chunk.id));
    let best = new Map(seedHits.map((h) => [h.chunk.id, { score: h.score, hop: 0 }]));
    for (let hop = 1; hop <= hops; hop++) {
      const next = new Map(best);
      for (const { a, b, w } of edges) {
        for (const [u, v] of [[a, b], [b, a]]) {
          const from = best.get(u);
          if (from === undefined || seedIds.has(v)) continue;
          // Negative scores pass on as 0, so no path can gain by multiplying two negatives.
          const score = Math.max(0, from.score) * w;
          if (score > (next.get(v)?.score ?? -Infinity)) next.set(v, { score, hop });
        }
      }
      best = next;
    }
    return [...best]
      .filter(([id]) => !seedIds.has(id))
      .map(([id, r]) => ({ id, ...r }))
      .sort((x, y) => y.score - x.score || x.hop - y.hop || (x.id < y.id ? -1 : 1))
      .slice(0, budget - seedHits.length);
  }

  it("matches a brute-force reference of the scoring rule", async () => {
    for (let q = 0; q < 6; q++) {
      const query = f.randomUnit();
      const r = await kvgRetrieve({ graph, store, collection: DENSE, queryVector: query, seeds: 2, hops: 3, budget: 7, nextWeight: 0.9 });
      const expected = await reference(query, 2, 3, 7, 0.9);
      const expanded = r.hits.filter((h) => h.via !== "seed");
      expect(expanded.map((h) => [h.chunk.id, h.hop])).toEqual(expected.map((x) => [x.id, x.hop]));
      expanded.forEach((h, i) => {
        expect(h.score).toBeCloseTo(expected[i].score, 5);
        expect(h.path).toHaveLength(h.hop);
        const seed = r.hits.find((s) => s.chunk.id === h.path[0].from);
        const product = h.path.reduce((p, s) => Math.max(0, p) * s.weight, Math.max(0, seed?.score ?? NaN));
        expect(h.score).toBeCloseTo(product, 5);
      });
    }
  });

  it("stays within the budget and the time limit", async () => {
    const r = await kvgRetrieve({ graph, store, collection: DENSE, queryVector: f.randomUnit(), seeds: 3, hops: 3, budget: 10, timeoutMs: 2_000 });
    expect(r.hits).toHaveLength(10);
    expect(new Set(r.hits.map((h) => h.chunk.id)).size).toBe(10);
    expect(r.hits.filter((h) => h.via === "seed")).toHaveLength(3);
    expect(r.timedOut).toBe(false);
    expect(r.traversalMs).toBeLessThan(2_000);
    const scores = r.hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((x, y) => y - x));
  });
});
