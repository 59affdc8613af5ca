import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { describe, expect, it } from "vitest";
import { createEmbedder, EmbeddingCache, USE_LITE_MODEL_ID, withCache } from "./index";

class FakeCountingEmbeddings extends Embeddings {
  calls = 0;
  constructor() {
    super({});
  }
  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    return texts.map((t) => [t.length, 1]);
  }
  async embedQuery(text: string): Promise<number[]> {
    this.calls++;
    return [text.length, 1];
  }
}

describe("createEmbedder", () => {
  it("builds USE-Lite with its model id and dimension, and a vector of that size", async () => {
    const embedder = createEmbedder({ provider: "use-lite", workers: 1 });
    try {
      expect(embedder.id).toBe(USE_LITE_MODEL_ID);
      expect(embedder.dimension).toBe(512);
      expect(await embedder.embeddings.embedQuery("hello")).toHaveLength(512);
    } finally {
      await embedder.close();
    }
  });

  it("builds OpenAI-compatible embeddings from plain config", () => {
    const embedder = createEmbedder({ provider: "openai", model: "text-embedding-3-large", apiKey: "k" });
    expect(embedder.id).toBe("openai/text-embedding-3-large");
    expect(embedder.dimension).toBe(3072);
  });
});

describe("withCache", () => {
  it("keeps the id and embeds a text only once", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "ragcamp-withcache-"));
    const cache = new EmbeddingCache(dir);
    try {
      const fake = new FakeCountingEmbeddings();
      const cached = withCache({ id: "fake@1", dimension: 2, maxTokens: 100, embeddings: fake, close: async () => {} }, cache);
      expect(cached.id).toBe("fake@1");
      await cached.embeddings.embedDocuments(["a", "bb"]);
      expect(await cached.embeddings.embedDocuments(["bb", "a"])).toEqual([[2, 1], [1, 1]]);
      expect(fake.calls).toBe(1);
    } finally {
      cache.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
