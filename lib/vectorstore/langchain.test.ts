import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Document } from "@langchain/core/documents";
import { Embeddings } from "@langchain/core/embeddings";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractChunks } from "./contract";
import { ChunkVectorStore, chunkToDocument } from "./langchain";
import { openLanceStore } from "./lancedb";
import { chunkRecordSchema, type ChunkStore } from "./port";

const DIM = 64;

/** Fake embeddings for tests: a hashed bag of words, so texts sharing words are near. Not a real model. */
class FakeBagOfWordsEmbeddings extends Embeddings {
  calls = 0;

  constructor() {
    super({});
  }

  private embed(text: string): number[] {
    const v = new Array<number>(DIM).fill(0.01);
    for (const word of text.toLowerCase().match(/[a-z]+/g) ?? []) {
      let h = 0;
      for (const ch of word) h = (h * 31 + ch.charCodeAt(0)) % DIM;
      v[h] += 1;
    }
    return v;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls += 1;
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }
}

describe("ChunkVectorStore (LangChain VectorStore over a ChunkStore)", () => {
  let dataDir: string;
  let store: ChunkStore;
  let embeddings: FakeBagOfWordsEmbeddings;
  let vectorStore: ChunkVectorStore;
  const documents = contractChunks.map((c) => chunkToDocument(chunkRecordSchema.parse(c)));

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "ragcamp-langchain-"));
    store = await openLanceStore({ dataDir });
    await store.createCollection("lc", { modelId: "fake/bag-of-words-64", dimension: DIM, corpusVersion: "t", config: {} });
    embeddings = new FakeBagOfWordsEmbeddings();
    vectorStore = new ChunkVectorStore(embeddings, { store, collection: "lc" });
    expect(await vectorStore.addDocuments(documents)).toEqual(contractChunks.map((c) => c.id));
  });

  afterAll(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("finds documents by embedded query with scores and full chunk metadata", async () => {
    const [[doc, score]] = await vectorStore.similaritySearchWithScore("slicing a quokka sandwich", 1);
    expect(doc.pageContent).toBe(contractChunks[3].text);
    expect(doc.id).toBe("chunk-3");
    expect(doc.metadata).toMatchObject({ docId: "d2", videoId: "vid-bbb", startS: 90, citation: contractChunks[3].citation });
    expect(score).toBeGreaterThan(0.5);
  });

  it("serves a LangChain retriever with a filter", async () => {
    const retriever = vectorStore.asRetriever({ k: 2, filter: { docId: "d2" } });
    const docs = await retriever.invoke("knowledge graph entities");
    expect(docs.map((d) => d.metadata.docId)).toEqual(["d2", "d2"]);
    expect(docs[0].id).toBe("chunk-2");
  });

  it("rejects documents that are not chunks before embedding anything", async () => {
    const before = embeddings.calls;
    await expect(vectorStore.addDocuments([new Document({ pageContent: "loose text", metadata: {} })])).rejects.toMatchObject({
      code: "bad_input",
    });
    expect(embeddings.calls).toBe(before);
  });

  it("rejects a vector count that does not match the documents", async () => {
    await expect(vectorStore.addVectors([], documents.slice(0, 1))).rejects.toMatchObject({ code: "bad_input" });
  });
});
