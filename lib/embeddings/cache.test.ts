import { rmSync } from "node:fs";
import { Embeddings } from "@langchain/core/embeddings";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openAppDb, type AppDb } from "@/lib/db";
import { FakeLetterEmbeddings } from "@/lib/testing/fake-letter-embeddings";
import { tempDataDir } from "@/lib/testing/temp-app-db";
import { CachedEmbeddings, textHash, type EmbedProgress } from "./cache";

const f32 = (values: number[]) => Array.from(Float32Array.from(values));

let dir: string;
let db: AppDb;
let cache: AppDb["embeddings"];

beforeEach(async () => {
  dir = tempDataDir("embcache");
  db = await openAppDb({ dataDir: dir });
  cache = db.embeddings;
});

afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("CachedEmbeddings", () => {
  function cached(inner: Embeddings, options: { modelId?: string; batchSize?: number } = {}) {
    return new CachedEmbeddings({ inner, cache, modelId: options.modelId ?? "fake@1", batchSize: options.batchSize });
  }

  it("embeds misses once, returns vectors in input order, and deduplicates within a call", async () => {
    const fake = new FakeLetterEmbeddings();
    const texts = ["alpha", "be", "alpha", "gamma?"];
    const result = await cached(fake).embedWithStats(texts);
    expect(fake.embedded).toEqual(["alpha", "be", "gamma?"]);
    expect(result).toMatchObject({ hits: 0, misses: 3 });
    expect(result.vectors).toEqual(texts.map((t) => f32(fake.vector(t))));
  });

  it("never embeds an unchanged text twice, across instances and a reopened cache", async () => {
    const texts = ["one", "two", "three"];
    const first = await cached(new FakeLetterEmbeddings()).embedDocuments(texts);

    await db.close();
    db = await openAppDb({ dataDir: dir });
    cache = db.embeddings;
    const fake = new FakeLetterEmbeddings();
    const again = await cached(fake).embedWithStats(["three", "one", "two"]);
    expect(fake.documentCalls).toEqual([]);
    expect(again).toMatchObject({ hits: 3, misses: 0 });
    // Same vectors, bit for bit, whether fresh or cached.
    expect(again.vectors).toEqual([first[2], first[0], first[1]]);
  });

  it("re-embeds only the changed chunks of a changed transcript", async () => {
    const transcript = ["Welcome to the talk.", "Vectors are lists of numbers.", "Thanks for listening."];
    await cached(new FakeLetterEmbeddings()).embedDocuments(transcript);

    const edited = [transcript[0], "Vectors are arrays of floats.", transcript[2], "Questions?"];
    const fake = new FakeLetterEmbeddings();
    const result = await cached(fake).embedWithStats(edited);
    expect(fake.embedded).toEqual(["Vectors are arrays of floats.", "Questions?"]);
    expect(result).toMatchObject({ hits: 2, misses: 2 });
  });

  it("keeps embedders with different model ids apart", async () => {
    await cached(new FakeLetterEmbeddings(), { modelId: "fake@1" }).embedDocuments(["shared"]);
    const fake = new FakeLetterEmbeddings();
    await cached(fake, { modelId: "fake@2" }).embedDocuments(["shared"]);
    expect(fake.embedded).toEqual(["shared"]);
  });

  it("embeds misses batch by batch, storing and reporting each batch", async () => {
    await cached(new FakeLetterEmbeddings()).embedDocuments(["c0"]);
    const fake = new FakeLetterEmbeddings();
    const embedder = cached(fake, { batchSize: 2 });
    const progress: EmbedProgress[] = [];
    const texts = ["c0", "c1", "c2", "c3", "c4", "c5"];
    const stored: Promise<number>[] = [];
    await embedder.embedWithStats(texts, (p) => {
      progress.push(p);
      stored.push(cache.getMany("fake@1", texts.map(textHash)).then((found) => found.size));
    });
    // Each reported batch was already persisted when it was reported.
    expect(await Promise.all(stored)).toEqual(progress.map((p) => 1 + p.done));
    expect(fake.documentCalls).toEqual([["c1", "c2"], ["c3", "c4"], ["c5"]]);
    expect(progress.map((p) => p.done)).toEqual([0, 2, 4, 5]);
    expect(progress.every((p) => p.total === 5 && p.hits === 1 && p.misses === 5)).toBe(true);
  });

  it("caches queries separately from documents", async () => {
    const fake = new FakeLetterEmbeddings();
    const embedder = cached(fake);
    const q1 = await embedder.embedQuery("what is RAG?");
    const q2 = await embedder.embedQuery("what is RAG?");
    expect(fake.queryCalls).toEqual(["what is RAG?"]);
    expect(q2).toEqual(q1);
    await embedder.embedDocuments(["what is RAG?"]);
    expect(fake.embedded).toEqual(["what is RAG?"]);
  });

  it("refuses a short answer from the inner embedder and caches nothing", async () => {
    class FakeShortEmbeddings extends FakeLetterEmbeddings {
      async embedDocuments(texts: string[]): Promise<number[][]> {
        return (await super.embedDocuments(texts)).slice(1);
      }
    }
    await expect(cached(new FakeShortEmbeddings()).embedDocuments(["a", "b"])).rejects.toThrow(
      /returned 1 vectors for 2 texts/,
    );
    expect((await cache.getMany("fake@1", [textHash("a"), textHash("b")])).size).toBe(0);
  });
});
