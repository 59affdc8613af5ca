import { Embeddings } from "@langchain/core/embeddings";
import type { Embedder } from "@/lib/embeddings";

/**
 * A fake embedding model for tests (letter counts): fast, deterministic and
 * enough to rank chunks. It records every text it embedded, so a test can
 * tell what came from the cache.
 */
export class FakeLetterEmbeddings extends Embeddings {
  embedded: string[] = [];

  constructor() {
    super({});
  }

  /** Texts embedded so far. */
  get calls(): number {
    return this.embedded.length;
  }

  private static vector(text: string): number[] {
    const v = new Array(26).fill(0.01);
    for (const ch of text.toLowerCase()) if (ch >= "a" && ch <= "z") v[ch.charCodeAt(0) - 97] += 1;
    return v;
  }

  async embedDocuments(texts: string[]) {
    this.embedded.push(...texts);
    return texts.map(FakeLetterEmbeddings.vector);
  }

  async embedQuery(text: string) {
    return FakeLetterEmbeddings.vector(text);
  }
}

/** The fake as the lab's Embedder port. */
export function fakeLetterEmbedder(embeddings = new FakeLetterEmbeddings()): Embedder {
  return { id: "fake-letters@1", dimension: 26, maxTokens: 384, embeddings, close: async () => {} };
}
