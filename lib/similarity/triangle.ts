/**
 * "Vector similarity is not transitive", computed live: three texts, their
 * three pairwise cosines and the 3×3 matrix. A can be close to B and B close
 * to C while A and C stay far apart, which is why a retriever that only
 * ranks by similarity to the question can miss C.
 */
import { countTokens } from "@/lib/chunking/tokens";
import type { Embedder } from "@/lib/embeddings";
import { cosineSimilarity } from "@/lib/embeddings/similarity";
import { LabError } from "@/lib/errors";
import type { ExampleTriple, Triangle } from "./contract";

export type TriangleEmbedder = Pick<Embedder, "id" | "maxTokens" | "embeddings">;

/**
 * The lab's own sentences (the course shows its example only as an image);
 * the first fits the course's prose. With USE-Lite (AB / BC / AC):
 * dropped-calls 0.48 / 0.56 / 0.30, jaguar 0.42 / 0.63 / 0.37, sourdough
 * 0.62 / 0.79 / 0.47, rag-hnsw 0.30 / 0.54 / 0.16, python 0.33 / 0.49 / 0.27.
 * AC is always the lowest, but the effect is mild: USE-Lite rates most
 * English sentence pairs 0.1–0.5, so AC is "weaker", not "unrelated".
 */
export const EXAMPLE_TRIPLES: readonly ExampleTriple[] = [
  {
    id: "dropped-calls",
    a: "Why do my calls keep dropping when I am at home?",
    b: "Dropped calls are often caused by network congestion: when too many phones share the same cell tower, calls get cut off.",
    c: "We are rolling out our 5G network across the region over the next two years, adding capacity to every cell site.",
    note: "A asks about a symptom, B names its cause, C announces the long-term fix for that cause without mentioning the symptom.",
  },
  {
    id: "jaguar",
    a: "The jaguar stalked its prey through the rainforest at night.",
    b: "Jaguar is both a big cat of the Americas and a British car brand named after it.",
    c: "The new Jaguar sedan has a turbocharged engine and leather seats.",
    note: "B is a bridge between two senses of one word: the animal (A) and the car (C).",
  },
  {
    id: "sourdough-yeast",
    a: "My sourdough bread came out flat and dense again.",
    b: "Bread rises because yeast ferments the sugars in the dough and releases carbon dioxide.",
    c: "Breweries add yeast to the wort, which ferments its sugars into alcohol.",
    note: "B links the baker's problem to yeast fermentation; C is about fermentation in a brewery, not bread.",
  },
  {
    id: "rag-hnsw",
    a: "How can I make our support chatbot answer from the company's own documents?",
    b: "Retrieval-augmented generation embeds the documents as vectors and puts the closest passages into the prompt.",
    c: "HNSW builds a layered proximity graph so that approximate nearest-neighbour search over vectors is fast.",
    note: "B answers A with retrieval; C explains an index behind retrieval that A never asks about.",
  },
  {
    id: "python",
    a: "What should I feed my pet python and how often?",
    b: "Python is the name of a large snake and of a programming language named after Monty Python.",
    c: "Install the package with pip and import it at the top of your Python script.",
    note: "Another word bridge: B mentions the snake of A and the programming language of C.",
  },
];

function checkTexts(embedder: TriangleEmbedder, texts: [string, string, string]): void {
  const names = ["A", "B", "C"];
  texts.forEach((text, i) => {
    if (text.trim() === "") throw new LabError("bad_input", `Text ${names[i]} is empty: write a sentence for it.`);
    const tokens = countTokens(text);
    if (tokens > embedder.maxTokens) {
      throw new LabError(
        "too_large",
        `Text ${names[i]} has ${tokens} tokens, over ${embedder.id}'s limit of ${embedder.maxTokens}: shorten it.`,
      );
    }
  });
  for (let i = 0; i < 3; i++) {
    for (let j = i + 1; j < 3; j++) {
      // Identical texts have similarity 1 by definition: nothing to learn from the triangle.
      if (texts[i].trim() === texts[j].trim()) {
        throw new LabError("bad_input", `Texts ${names[i]} and ${names[j]} are identical: use three different texts.`);
      }
    }
  }
}

/**
 * Embeds A, B and C in one call, all as documents: the triangle compares
 * texts with each other, so they must share one embedding space (a query
 * prefix on A alone would skew AB and AC against BC).
 */
export async function triangle(embedder: TriangleEmbedder, a: string, b: string, c: string): Promise<Triangle> {
  const texts: [string, string, string] = [a, b, c];
  checkTexts(embedder, texts);
  const vectors = await embedder.embeddings.embedDocuments(texts);
  const matrix = vectors.map((u) => vectors.map((v) => cosineSimilarity(u, v)));
  return { modelId: embedder.id, texts, ab: matrix[0][1], bc: matrix[1][2], ac: matrix[0][2], matrix };
}
