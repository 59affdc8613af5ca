/**
 * The behaviour every ChunkStore adapter must show, as a vitest suite that
 * each adapter's test file runs against its own store.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLabError } from "../errors";
import { chunkRecordSchema, type ChunkRecord, type ChunkStore, type CollectionMeta, type StoredChunk } from "./port";

const DIM = 8;

export const contractMeta: CollectionMeta = {
  modelId: "fake/one-hot-8",
  dimension: DIM,
  corpusVersion: "contract-1",
  config: { chunker: "cues", size: 128, overlap: 16 },
};

/** Chunk i points mostly along axis i, so a chunk's own vector finds it first. */
function vectorFor(i: number): number[] {
  return Array.from({ length: DIM }, (_, j) => (j === i ? 1 : 0.1));
}

const texts: [docId: string, videoId: string | undefined, text: string][] = [
  ["d1", "vid-aaa", "Retrieval augmented generation grounds a language model in retrieved passages."],
  ["d1", "vid-aaa", "A vector database stores embeddings and finds nearest neighbours."],
  ["d2", "vid-bbb", "A knowledge graph links entities through typed relationships."],
  ["d2", "vid-bbb", "The speaker compares chunking to slicing a quokka sandwich."],
  ["d3", undefined, "Cypher queries walk the graph from tasks to teams."],
  ["it's a \\ 'quoted' doc", undefined, "Odd document ids must survive filters unharmed."],
];

export const contractChunks: StoredChunk[] = texts.map(([docId, videoId, text], i) => ({
  id: `chunk-${i}`,
  docId,
  ...(videoId ? { videoId } : {}),
  index: i,
  text,
  startS: i * 30,
  endS: i * 30 + 29.5,
  startChar: i * 100,
  endChar: i * 100 + text.length,
  citation: videoId ? `https://www.youtube.com/watch?v=${videoId}&t=${i * 30}s` : `https://example.org/${docId}`,
  citationApproximate: i % 2 === 1,
  tokens: 12 + i,
  vector: vectorFor(i),
}));

/** The chunk without its vector, as searches return it. */
function record(row: StoredChunk): ChunkRecord {
  return chunkRecordSchema.parse(row);
}

async function expectLabError(promise: Promise<unknown>, code: string, message?: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isLabError(error), `expected a LabError, got ${String(error)}`).toBe(true);
  expect(error).toMatchObject({ code, ...(message ? { message } : {}) });
}

export function defineChunkStoreContract(label: string, open: () => Promise<ChunkStore>): void {
  describe(`ChunkStore contract: ${label}`, () => {
    const prefix = `ct${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}_`;
    let store: ChunkStore;
    let seq = 0;

    async function filled(): Promise<string> {
      const name = `${prefix}${seq++}`;
      await store.createCollection(name, contractMeta);
      await store.upsert(name, contractChunks);
      return name;
    }

    beforeAll(async () => {
      store = await open();
    });

    afterAll(async () => {
      // Unset when opening failed, which beforeAll already reported.
      if (store === undefined) return;
      for (const { name } of await store.listCollections(prefix)) await store.dropCollection(name);
      await store.close();
    });

    it("creates a collection idempotently and lists it with its metadata", async () => {
      const name = `${prefix}${seq++}`;
      await store.createCollection(name, contractMeta);
      await store.createCollection(name, { ...contractMeta, config: { overlap: 16, size: 128, chunker: "cues" } });
      expect(await store.listCollections(prefix)).toContainEqual({ name, count: 0, meta: contractMeta });
      await expectLabError(store.createCollection(name, { ...contractMeta, dimension: 16 }), "conflict");
    });

    it("rejects invalid names and metadata", async () => {
      await expectLabError(store.createCollection("Bad Name", contractMeta), "bad_input");
      await expectLabError(store.createCollection(`${prefix}x`, { ...contractMeta, dimension: 0 }), "bad_input");
    });

    it("searches an empty collection without error", async () => {
      const name = `${prefix}${seq++}`;
      await store.createCollection(name, contractMeta);
      expect(await store.search(name, { mode: "vector", vector: vectorFor(0), k: 3 })).toEqual([]);
      expect(await store.search(name, { mode: "bm25", text: "quokka", k: 3 })).toEqual([]);
      expect(await store.allVectors(name)).toEqual([]);
    });

    it("upserts by chunk id: the same ids twice keep the count and take the new values", async () => {
      const name = await filled();
      const changed = { ...contractChunks[2], text: "A knowledge graph, now with an updated sentence." };
      await store.upsert(name, [...contractChunks.slice(0, 2), changed]);
      expect((await store.describeCollection(name)).count).toBe(contractChunks.length);
      const [hit] = await store.search(name, { mode: "vector", vector: vectorFor(2), k: 1 });
      expect(hit.chunk).toEqual(record(changed));
    });

    it("returns k vector hits ordered by score with every chunk field", async () => {
      const name = await filled();
      const hits = await store.search(name, { mode: "vector", vector: vectorFor(1), k: 3 });
      expect(hits).toHaveLength(3);
      expect(hits[0].chunk).toEqual(record(contractChunks[1]));
      expect(hits[0].score).toBeCloseTo(1, 5);
      expect(hits[0].distance).toBeCloseTo(0, 5);
      const scores = hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const [noVideo] = await store.search(name, { mode: "vector", vector: vectorFor(4), k: 1 });
      expect(noVideo.chunk).toStrictEqual(record(contractChunks[4]));
    });

    it("filters by docId and videoId", async () => {
      const name = await filled();
      const byDoc = await store.search(name, { mode: "vector", vector: vectorFor(4), k: 5, filter: { docId: "d1" } });
      expect(byDoc.map((h) => h.chunk.id).sort()).toEqual(["chunk-0", "chunk-1"]);
      const byVideo = await store.search(name, { mode: "bm25", text: "graph", k: 5, filter: { videoId: "vid-bbb" } });
      expect(byVideo.map((h) => h.chunk.id)).toEqual(["chunk-2"]);
    });

    it("treats filter values as data, never as query syntax", async () => {
      const name = await filled();
      const vector = vectorFor(0);
      for (const docId of ["d1' OR '1'='1", "d1' --", "d1\\' OR 1=1 --", 'd1" OR "1"="1']) {
        expect(await store.search(name, { mode: "vector", vector, k: 5, filter: { docId } })).toEqual([]);
      }
      const odd = await store.search(name, { mode: "vector", vector, k: 5, filter: { docId: contractChunks[5].docId } });
      expect(odd.map((h) => h.chunk.id)).toEqual(["chunk-5"]);
      await store.deleteByDoc(name, "x' OR '1'='1");
      expect((await store.describeCollection(name)).count).toBe(contractChunks.length);
    });

    it("finds an exact rare word with bm25", async () => {
      const name = await filled();
      const hits = await store.search(name, { mode: "bm25", text: "quokka", k: 3 });
      expect(hits.map((h) => h.chunk.id)).toEqual(["chunk-3"]);
      expect(hits[0].score).toBeGreaterThan(0);
      expect(await store.search(name, { mode: "bm25", text: "quokka", k: 3, filter: { docId: "d1" } })).toEqual([]);
    });

    it("merges vector and keyword results in hybrid search", async () => {
      const name = await filled();
      const hits = await store.search(name, { mode: "hybrid", vector: vectorFor(0), text: "quokka", k: 4 });
      const ids = hits.map((h) => h.chunk.id);
      expect(ids).toContain("chunk-0");
      expect(ids).toContain("chunk-3");
      const scores = hits.map((h) => h.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const filtered = await store.search(name, {
        mode: "hybrid",
        vector: vectorFor(0),
        text: "quokka",
        k: 4,
        filter: { docId: "d2" },
      });
      expect(filtered.map((h) => h.chunk.id).sort()).toEqual(["chunk-2", "chunk-3"]);
    });

    it("deletes every chunk of one document", async () => {
      const name = await filled();
      await store.deleteByDoc(name, "d1");
      expect((await store.describeCollection(name)).count).toBe(contractChunks.length - 2);
      const hits = await store.search(name, { mode: "vector", vector: vectorFor(0), k: 10 });
      expect(hits.map((h) => h.chunk.docId)).not.toContain("d1");
    });

    it("returns every vector by chunk id", async () => {
      const name = await filled();
      const all = await store.allVectors(name);
      expect(all.map((v) => v.id).sort()).toEqual(contractChunks.map((c) => c.id).sort());
      const first = all.find((v) => v.id === "chunk-0");
      expect(first?.vector).toBeInstanceOf(Float32Array);
      expect([...(first?.vector ?? [])]).toEqual(vectorFor(0).map(Math.fround));
    });

    it("fetches chunks by id, ignoring ids it does not have", async () => {
      const name = await filled();
      const got = await store.getChunks(name, [contractChunks[1].id, contractChunks[4].id, "no-such-chunk"]);
      expect(got.map((c) => c.id).sort()).toEqual([contractChunks[1].id, contractChunks[4].id].sort());
      expect(got.find((c) => c.id === contractChunks[1].id)).toEqual(record(contractChunks[1]));
    });

    it("rejects vectors of the wrong dimension and incomplete requests", async () => {
      const name = await filled();
      await expectLabError(store.upsert(name, [{ ...contractChunks[0], vector: [1, 2, 3] }]), "bad_input");
      await expectLabError(store.upsert(name, [{ ...contractChunks[0], vector: new Array<number>(DIM).fill(0) }]), "bad_input");
      await expectLabError(store.search(name, { mode: "vector", vector: [1, 2], k: 3 }), "bad_input");
      await expectLabError(store.search(name, { mode: "bm25", k: 3 }), "bad_input");
      await expectLabError(store.search(name, { mode: "hybrid", text: "quokka", k: 3 }), "bad_input");
      await expectLabError(store.search(name, { mode: "vector", vector: vectorFor(0), k: 0 }), "bad_input");
    });

    it("drops a collection", async () => {
      const name = await filled();
      await store.dropCollection(name);
      expect((await store.listCollections(prefix)).map((c) => c.name)).not.toContain(name);
      await expectLabError(store.search(name, { mode: "vector", vector: vectorFor(0), k: 1 }), "not_found");
      await store.createCollection(name, contractMeta);
      expect((await store.describeCollection(name)).count).toBe(0);
    });

    it("reports an unknown collection as not_found for every operation", async () => {
      const name = `${prefix}missing`;
      const message = `collection ${name} does not exist`;
      await expectLabError(store.describeCollection(name), "not_found", message);
      await expectLabError(store.upsert(name, contractChunks), "not_found", message);
      await expectLabError(store.search(name, { mode: "vector", vector: vectorFor(0), k: 1 }), "not_found", message);
      await expectLabError(store.deleteByDoc(name, "d1"), "not_found", message);
      await expectLabError(store.allVectors(name), "not_found", message);
      await expectLabError(store.dropCollection(name), "not_found", message);
    });
  });
}
