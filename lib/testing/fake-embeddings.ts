import { Embeddings } from "@langchain/core/embeddings";

/**
 * A fake embedding model for tests: `vector` turns a text into its vector, and
 * every call is recorded, so a test can tell what was embedded and what came
 * from a cache. The presets (letters, bag of words) subclass it; a test that
 * needs exact geometry passes hand-picked vectors.
 */
export class FakeEmbeddings extends Embeddings {
  /** The texts of each embedDocuments call, in order. */
  readonly documentCalls: string[][] = [];
  /** The text of each embedQuery call, in order. */
  readonly queryCalls: string[] = [];

  constructor(readonly vector: (text: string) => number[]) {
    super({});
  }

  /** Every document text embedded so far, in order. */
  get embedded(): string[] {
    return this.documentCalls.flat();
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.documentCalls.push(texts);
    return texts.map(this.vector);
  }

  async embedQuery(text: string): Promise<number[]> {
    this.queryCalls.push(text);
    return this.vector(text);
  }
}

/** Hand-picked vectors by text; any other text is a test's mistake. */
export function fixedVectors(known: Record<string, number[]>): (text: string) => number[] {
  return (text) => {
    const v = known[text];
    if (!v) throw new Error(`FakeEmbeddings: no vector given for ${JSON.stringify(text)}`);
    return v;
  };
}
