import { describe, expect, it } from "vitest";
import { cosineSimilarity } from "./similarity";

describe("cosineSimilarity", () => {
  it("is 1 for the same direction, 0 for orthogonal, -1 for opposite", () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBe(1);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([1, 1], [-1, -1])).toBe(-1);
    expect(cosineSimilarity(new Float32Array([3, 4]), [4, 3])).toBeCloseTo(24 / 25, 6);
  });

  it("throws a clear error on a length mismatch", () => {
    expect(() => cosineSimilarity([1, 2], [1, 2, 3])).toThrow(/different lengths \(2 and 3\)/);
  });

  it("throws on zero, empty and non-finite vectors instead of returning NaN", () => {
    expect(() => cosineSimilarity([0, 0], [1, 2])).toThrow(/zero/);
    expect(() => cosineSimilarity([], [])).toThrow(/zero \(or empty\)/);
    expect(() => cosineSimilarity([Number.NaN, 1], [1, 1])).toThrow(/NaN or Infinity/);
  });
});
