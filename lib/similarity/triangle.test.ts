import { describe, expect, it } from "vitest";
import { FakeEmbeddings, fixedVectors } from "@/lib/testing/fake-embeddings";
import { FakeLetterEmbeddings } from "@/lib/testing/fake-letter-embeddings";
import { labRejection } from "@/lib/testing/lab-error";
import { EXAMPLE_TRIPLES, triangle, type TriangleEmbedder } from "./triangle";

/** Hand-picked vectors check the cosine maths exactly; other tests embed free text with letter counts. */
function fakeEmbedder(known?: Record<string, number[]>, maxTokens = 384) {
  const embeddings = known ? new FakeEmbeddings(fixedVectors(known)) : new FakeLetterEmbeddings();
  const embedder: TriangleEmbedder = { id: "fake-embedder", maxTokens, embeddings };
  return { embedder, embeddings };
}

describe("triangle", () => {
  it("computes AB, BC, AC and the 3×3 matrix from one embedding call", async () => {
    // A and C orthogonal, B halfway between: AB = BC = cos 45°, AC = 0.
    const { embedder, embeddings } = fakeEmbedder({ a: [2, 0, 0], b: [1, 1, 0], c: [0, 3, 0] });
    const r = await triangle(embedder, "a", "b", "c");
    expect(embeddings.documentCalls).toEqual([["a", "b", "c"]]);
    expect(r.modelId).toBe("fake-embedder");
    expect(r.texts).toEqual(["a", "b", "c"]);
    expect(r.ab).toBeCloseTo(Math.SQRT1_2, 12);
    expect(r.bc).toBeCloseTo(Math.SQRT1_2, 12);
    expect(r.ac).toBeCloseTo(0, 12);
    expect(r.matrix).toHaveLength(3);
    r.matrix.forEach((row, i) => {
      expect(row[i]).toBeCloseTo(1, 12);
      row.forEach((v, j) => expect(v).toBe(r.matrix[j][i]));
    });
    expect([r.matrix[0][1], r.matrix[1][2], r.matrix[0][2]]).toEqual([r.ab, r.bc, r.ac]);
  });

  it("keeps the sign: opposite vectors have similarity -1", async () => {
    const { embedder } = fakeEmbedder({ a: [1, 0], b: [1, 1], c: [-1, 0] });
    const r = await triangle(embedder, "a", "b", "c");
    expect(r.ac).toBeCloseTo(-1, 12);
    expect(r.ab).toBeCloseTo(Math.SQRT1_2, 12);
    expect(r.bc).toBeCloseTo(-Math.SQRT1_2, 12);
  });

  it("rejects empty texts, naming the one", async () => {
    const { embedder, embeddings } = fakeEmbedder();
    const e = await labRejection(triangle(embedder, "calls drop", "  \n", "5G"));
    expect(e.code).toBe("bad_input");
    expect(e.message).toMatch(/^Text B is empty/);
    expect((await labRejection(triangle(embedder, "", "b", "c"))).message).toMatch(/^Text A is empty/);
    expect(embeddings.documentCalls).toEqual([]);
  });

  it("rejects identical texts, also when they differ only in surrounding spaces", async () => {
    const { embedder } = fakeEmbedder();
    const e = await labRejection(triangle(embedder, "network congestion", "5G", " network congestion "));
    expect(e.code).toBe("bad_input");
    expect(e.message).toMatch(/^Texts A and C are identical/);
  });

  it("rejects a text longer than the embedder takes", async () => {
    const { embedder } = fakeEmbedder(undefined, 5);
    const e = await labRejection(triangle(embedder, "short", "one two three four five six seven eight", "five"));
    expect(e.code).toBe("too_large");
    expect(e.message).toMatch(/^Text B has \d+ tokens, over fake-embedder's limit of 5/);
  });

  it("ships at least four example triples, the course's dropped-calls one among them, all accepted", async () => {
    expect(EXAMPLE_TRIPLES.length).toBeGreaterThanOrEqual(4);
    expect(new Set(EXAMPLE_TRIPLES.map((t) => t.id)).size).toBe(EXAMPLE_TRIPLES.length);
    const calls = EXAMPLE_TRIPLES.find((t) => t.id === "dropped-calls");
    expect(calls?.a).toMatch(/calls keep dropping/);
    expect(calls?.b).toMatch(/network congestion/);
    expect(calls?.c).toMatch(/5G/);
    const { embedder } = fakeEmbedder();
    for (const t of EXAMPLE_TRIPLES) {
      expect(t.note.length).toBeGreaterThan(20);
      const r = await triangle(embedder, t.a, t.b, t.c);
      expect(r.matrix.flat().every(Number.isFinite)).toBe(true);
    }
  });
});
