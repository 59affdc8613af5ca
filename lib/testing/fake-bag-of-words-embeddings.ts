import type { Embedder } from "@/lib/embeddings";
import { FakeEmbeddings } from "./fake-embeddings";

const STOPWORDS = new Set(
  "the and are for how many which what who its their there about have has that this from with into name description status"
    .split(" "),
);

/**
 * Words longer than two letters, minus stopwords, cut to five letters: a crude
 * stemmer, so "optimization", "optimizing" and "Optimize" are one term.
 */
function terms(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => w.length > 2 && !STOPWORDS.has(w)).map((w) => w.slice(0, 5));
}

/** FNV-1a, so a term lands in the same dimension in every run. */
function bucket(term: string, dimension: number): number {
  let h = 0x811c9dc5;
  for (const ch of term) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  return (h >>> 0) % dimension;
}

/**
 * A fake embedding model (hashed bag of words): texts sharing terms are near,
 * so question answering over retrieved text means something in tests.
 */
export class FakeBagOfWordsEmbeddings extends FakeEmbeddings {
  constructor(readonly dimension: number) {
    super((text) => {
      const v = new Array<number>(dimension).fill(0);
      for (const term of terms(text)) v[bucket(term, dimension)] += 1;
      // A text with no terms still needs a direction: stores refuse zero vectors.
      if (!v.some((x) => x !== 0)) v[0] = 1;
      return v;
    });
  }
}

/** The fake as the lab's Embedder port. */
export function fakeBagOfWordsEmbedder(dimension = 256): Embedder {
  return {
    id: `fake/bag-of-words-${dimension}`,
    dimension,
    maxTokens: 512,
    embeddings: new FakeBagOfWordsEmbeddings(dimension),
    close: async () => {},
  };
}
