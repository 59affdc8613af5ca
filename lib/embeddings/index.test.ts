import { describe, expect, it } from "vitest";
import { FakeLetterEmbeddings } from "@/lib/testing/fake-letter-embeddings";
import { tempAppDb } from "@/lib/testing/temp-app-db";
import { createEmbedder, USE_LITE_MODEL_ID, withCache } from "./index";

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
    const db = await tempAppDb("withcache");
    try {
      const fake = new FakeLetterEmbeddings();
      const cached = withCache({ id: "fake@1", dimension: 26, maxTokens: 100, embeddings: fake, close: async () => {} }, db.embeddings);
      expect(cached.id).toBe("fake@1");
      const [a, bb] = await cached.embeddings.embedDocuments(["a", "bb"]);
      expect(await cached.embeddings.embedDocuments(["bb", "a"])).toEqual([bb, a]);
      expect(fake.documentCalls).toEqual([["a", "bb"]]);
    } finally {
      await db.close();
    }
  });
});
