import type { Embedder } from "@/lib/embeddings";
import { FakeEmbeddings } from "./fake-embeddings";

function letterCounts(text: string): number[] {
  const v = new Array<number>(26).fill(0.01);
  for (const ch of text.toLowerCase()) if (ch >= "a" && ch <= "z") v[ch.charCodeAt(0) - 97] += 1;
  return v;
}

/**
 * A fake embedding model for tests (letter counts): fast, deterministic and
 * enough to rank chunks. No vector is zero, and 0.01 is not exact in Float32,
 * so a cache's rounding shows.
 */
export class FakeLetterEmbeddings extends FakeEmbeddings {
  constructor() {
    super(letterCounts);
  }
}

/** The fake as the lab's Embedder port. */
export function fakeLetterEmbedder(embeddings = new FakeLetterEmbeddings()): Embedder {
  return { id: "fake-letters@1", dimension: 26, maxTokens: 384, embeddings, close: async () => {} };
}
