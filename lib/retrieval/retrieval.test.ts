import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLanceStore } from "@/lib/vectorstore/lancedb";
import { fakeChunk } from "@/lib/testing/fake-chunks";
import type { ChunkStore, CollectionMeta, StoredChunk } from "@/lib/vectorstore/port";
import { retrieve } from ".";
import { expandQuery, maxSentenceRank, mmr, sentencesOf } from "./levers";

const DIM = 4;
const meta: CollectionMeta = { modelId: "fake/axes-4", dimension: DIM, corpusVersion: "levers-1", config: { chunker: "fixture" } };

/** A short talk: three near-identical chunks about caching, one about threads, one about storage limits, later on. */
const rows: [text: string, vector: number[], startS: number][] = [
  ["The cache keeps pages in memory. Cached pages load fast.", [1, 0, 0, 0], 0],
  ["Pages are cached in memory, so cached pages load quickly.", [0.99, 0.1, 0, 0], 30],
  ["Memory caching of pages makes them load fast again.", [0.98, 0.15, 0, 0], 60],
  ["Threads run at once and share memory with each other.", [0.6, 0.8, 0, 0], 90],
  ["Each site may store five megabytes; the user can allow more storage.", [0, 0, 1, 0], 600],
];
const chunks: StoredChunk[] = rows.map(([text, vector, startS], i) =>
  fakeChunk({ id: `c${i}`, docId: "talk", videoId: "vid-talk", index: i, text, vector, startS, startChar: i * 100, endChar: i * 100 + text.length, citation: `https://www.youtube.com/watch?v=vid-talk&t=${startS}s` }),
);
const ids = (hits: { chunk: { id: string } }[]) => hits.map((h) => h.chunk.id);

let dir: string;
let store: ChunkStore;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "ragcamp-retrieval-"));
  store = await openLanceStore({ dataDir: dir });
  await store.writeCollection("talk", meta, chunks);
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("maximal marginal relevance", () => {
  it("puts a different chunk second instead of a near-duplicate of the first", async () => {
    const query = [1, 0.3, 0, 0];
    const plain = await retrieve({ collection: "talk", mode: "vector", vector: query, k: 2 }, { store });
    expect(ids(plain)).toEqual(["c2", "c1"]);
    const diverse = await retrieve({ collection: "talk", mode: "vector", vector: query, k: 2, levers: ["mmr"] }, { store });
    expect(ids(diverse)).toEqual(["c2", "c3"]);
  });

  it("gives the same first picks whatever the limit (so smaller k are prefixes)", () => {
    const hits = chunks.map((c) => ({ chunk: c, score: 0 }));
    const vectorOf = (id: string) => chunks.find((c) => c.id === id)!.vector;
    expect(ids(mmr([1, 0.3, 0, 0], hits, vectorOf, 0.5, 2))).toEqual(ids(mmr([1, 0.3, 0, 0], hits, vectorOf, 0.5, 5)).slice(0, 2));
  });
});

describe("pseudo-relevance feedback", () => {
  it("adds words shared by the top keyword hits, not words of one hit or the query's own", () => {
    const feedback = chunks.slice(0, 3).map((c) => ({ chunk: c, score: 1 }));
    const expanded = expandQuery("why do pages load fast", feedback, 5);
    expect(expanded.startsWith("why do pages load fast ")).toBe(true);
    expect(expanded).toContain("memory");
    expect(expanded).not.toContain("quickly");
  });

  it("lets a keyword search find a chunk that shares no word with the question", async () => {
    const plain = await retrieve({ collection: "talk", mode: "bm25", text: "load fast", k: 5 }, { store });
    const widened = await retrieve({ collection: "talk", mode: "bm25", text: "load fast", k: 5, levers: ["prf"] }, { store });
    // "memory", shared by the caching chunks, reaches c3, which has neither "load" nor "fast".
    expect(ids(plain)).not.toContain("c3");
    expect(ids(widened)).toContain("c3");
    expect(ids(widened).slice(0, 3).sort()).toEqual(["c0", "c1", "c2"]);
  });
});

describe("BM25 on LanceDB", () => {
  it("plain keywords match words as written; stemmed keywords match stems and skip stop words: \"caching\" finds \"cached\"", async () => {
    const bm25 = (text: string, keywords?: "plain" | "stemmed") => retrieve({ collection: "talk", mode: "bm25", text, k: 5, keywords }, { store });
    expect(ids(await bm25("caching"))).toEqual(["c2"]);
    expect(ids(await bm25("caching", "stemmed")).sort()).toEqual(["c0", "c1", "c2"]);
    expect(await bm25("the of and")).not.toEqual([]);
    expect(await bm25("the of and", "stemmed")).toEqual([]);
  });
});

describe("metadata filters", () => {
  it("keep only chunks of the talk and time range asked for", async () => {
    const query = [1, 0.3, 0.5, 0];
    expect(ids(await retrieve({ collection: "talk", mode: "vector", vector: query, k: 5, filter: { videoId: "vid-talk", fromS: 500 } }, { store }))).toEqual(["c4"]);
    expect(ids(await retrieve({ collection: "talk", mode: "vector", vector: query, k: 5, filter: { toS: 45 } }, { store })).sort()).toEqual(["c0", "c1"]);
    expect(await retrieve({ collection: "talk", mode: "vector", vector: query, k: 5, filter: { videoId: "other" } }, { store })).toEqual([]);
    await expect(retrieve({ collection: "talk", mode: "vector", vector: query, k: 5, filter: { fromS: 90, toS: 10 } }, { store })).rejects.toMatchObject({ code: "bad_input", message: expect.stringMatching(/toS/) });
  });
});

describe("sentence-level rerank", () => {
  it("splits a chunk into sentences, joining fragments too short to embed", () => {
    expect(sentencesOf("Okay. So the cache keeps pages. They load fast, you see.")).toEqual(["Okay. So the cache keeps pages.", "They load fast, you see."]);
  });

  it("ranks a chunk by its best sentence, not by its average", async () => {
    // A fake embedder: a sentence about storage points along axis 2, every other sentence along axis 0.
    const fakeEmbed = async (texts: string[]) => texts.map((t) => (/storage|store/.test(t) ? [0, 0, 1, 0] : [1, 0, 0, 0]));
    const mixed = { ...chunks[0], id: "mixed", text: "Caching is nice. Pages load fast. Local storage has a limit per site." };
    const focused = { ...chunks[3], id: "focused" };
    const ranked = await maxSentenceRank([0, 0, 1, 0], [{ chunk: focused, score: 0.9 }, { chunk: mixed, score: 0.2 }], fakeEmbed, 2);
    expect(ids(ranked)).toEqual(["mixed", "focused"]);
    expect(ranked[0].score).toBeCloseTo(1);
  });
});

describe("sentence search", () => {
  it("ranks every chunk of the collection by its best sentence, within the filter, embedding the sentences once", async () => {
    // A fake embedder: "load fast" points along axis 2, "storage" mostly so, every other sentence along axis 0.
    const embedded: string[] = [];
    const fakeEmbed = async (texts: string[]) => {
      embedded.push(...texts);
      return texts.map((t) => (/load fast/.test(t) ? [0, 0, 1, 0] : /storage/.test(t) ? [0, 0.6, 0.8, 0] : [1, 0, 0, 0]));
    };
    const query = [0, 0, 1, 0];
    // By chunk vectors only the storage chunk is near; by sentences two caching chunks have a sentence right on the query.
    expect(ids(await retrieve({ collection: "talk", mode: "vector", vector: query, k: 1 }, { store }))).toEqual(["c4"]);
    const hits = await retrieve({ collection: "talk", mode: "sentence", vector: query, k: 3 }, { store, embedTexts: fakeEmbed });
    expect(ids(hits)).toEqual(["c0", "c2", "c4"]);
    expect(hits[2].score).toBeCloseTo(0.8);
    const sentences = embedded.length;
    expect(ids(await retrieve({ collection: "talk", mode: "sentence", vector: query, k: 3, filter: { fromS: 500 } }, { store, embedTexts: fakeEmbed }))).toEqual(["c4"]);
    expect(embedded).toHaveLength(sentences);
  });
});
