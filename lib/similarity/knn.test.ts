import { describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { vectorFactory } from "./fixtures";
import { UnitVectors, adjacent, assertUniqueIds, nearestNeighbours, percentile, sampleSimilarities } from "./knn";

describe("vector maths for mining and the graph", () => {
  it("normalises rows, so similarity is the cosine", () => {
    const v = new UnitVectors([[3, 0], [1, 1], [0, -2]]);
    expect(v.similarity(0, 1)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(v.similarity(0, 2)).toBeCloseTo(0, 6);
    expect(v.similarity(1, 1)).toBeCloseTo(1, 6);
  });

  it("rejects mixed dimensions, zero and non-finite vectors", () => {
    for (const rows of [[[1, 0], [1, 0, 0]], [[1, 0], [0, 0]], [[1, NaN]]]) {
      expect(() => new UnitVectors(rows)).toThrow(LabError);
    }
    expect(() => assertUniqueIds([{ id: "x" }, { id: "y" }, { id: "x" }])).toThrow(/Chunk x appears twice/);
  });

  it("treats the same chunk and direct neighbours of one video as adjacent", () => {
    const at = (docId: string, index: number) => ({ id: `${docId}-${index}`, docId, index });
    expect(adjacent(at("v", 3), at("v", 4))).toBe(true);
    expect(adjacent(at("v", 3), at("v", 3))).toBe(true);
    expect(adjacent(at("v", 3), at("v", 5))).toBe(false);
    expect(adjacent(at("v", 3), at("w", 4))).toBe(false);
  });

  it("finds the same k nearest neighbours as sorting every pair", () => {
    const { randomUnit } = vectorFactory(16);
    const rows = Array.from({ length: 40 }, randomUnit);
    const v = new UnitVectors(rows);
    const allowed = (i: number, j: number) => (i + j) % 7 !== 0;
    const lists = nearestNeighbours(v, { k: 4, min: 0, max: 0.9, allowed });
    lists.forEach((list, i) => {
      const expected = rows
        .map((_, j) => ({ index: j, sim: v.similarity(i, j) }))
        .filter(({ index: j, sim }) => j !== i && sim >= 0 && sim < 0.9 && allowed(Math.min(i, j), Math.max(i, j)))
        .sort((a, b) => b.sim - a.sim)
        .slice(0, 4);
      expect(list.map((n) => n.index)).toEqual(expected.map((n) => n.index));
      list.forEach((n, p) => expect(n.sim).toBeCloseTo(expected[p].sim, 6));
    });
  });

  it("samples pair similarities reproducibly, and takes every pair when there are few", () => {
    const { randomUnit } = vectorFactory(8);
    const v = new UnitVectors(Array.from({ length: 30 }, randomUnit));
    expect(sampleSimilarities(v, 100)).toEqual(sampleSimilarities(v, 100));
    const all = sampleSimilarities(v, 1_000);
    expect(all).toHaveLength((30 * 29) / 2);
    expect([...all]).toEqual([...all].sort((a, b) => a - b));
  });

  it("takes nearest-rank percentiles", () => {
    const sorted = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile(sorted, 100)).toBe(10);
  });
});
