import { describe, expect, it } from "vitest";
import { labError } from "@/lib/testing/lab-error";
import { cosDeg, vectorFactory } from "./fixtures";
import type { VectorRow } from "./knn";
import { NEAR_DUPLICATE, mineTriples, type MinedTriple } from "./miner";

/**
 * 120 random background chunks in 128 dimensions (pairwise similarity about
 * ±0.09), plus structures planted in their own random planes: A at 0°, B at
 * 50°, C at 100° gives AB = BC = cos 50° = 0.64 and AC = cos 100° = −0.17.
 */
function syntheticSet() {
  const f = vectorFactory(128, 42);
  const rows: VectorRow[] = [];
  for (let d = 0; d < 12; d++) {
    for (let i = 0; i < 10; i++) rows.push({ id: `bg${d}-${i}`, docId: `bg${d}`, index: i, vector: f.randomUnit() });
  }
  const plant = (angles: number[], at: [string, string, number][]) => {
    const inPlane = f.plane();
    at.forEach(([id, docId, index], k) => rows.push({ id, docId, index, vector: inPlane(angles[k]) }));
  };
  // Across three videos.
  plant([0, 50, 100], [["a1", "v1", 0], ["b1", "v2", 7], ["c1", "v3", 3]]);
  // All in one video, far enough apart not to be adjacent.
  plant([0, 50, 100], [["a2", "v4", 0], ["b2", "v4", 5], ["c2", "v4", 10]]);
  // Would be a triple, but X and Y are neighbouring chunks of one video.
  plant([0, 50, 100], [["x", "v5", 3], ["y", "v5", 4], ["z", "v6", 0]]);
  // The control: two chunks apart is not adjacent.
  plant([0, 50, 100], [["x2", "v7", 3], ["y2", "v7", 5], ["z2", "v8", 0]]);
  // P and Q are near-duplicates (16°: 0.96); Q–R 0.70, P–R 0.48.
  plant([0, 16, 61.6], [["p", "v9", 0], ["q", "v10", 0], ["r", "v11", 0]]);
  // The control at 26°: P2–Q2 0.90, P2–R2 0.32.
  plant([0, 26, 71.6], [["p2", "v12", 0], ["q2", "v13", 0], ["r2", "v14", 0]]);
  return rows;
}

const ids = (t: MinedTriple) => [t.a.id, t.b.id, t.c.id];
const find = (triples: MinedTriple[], a: string, b: string, c: string) =>
  triples.find((t) => t.b.id === b && new Set([t.a.id, t.c.id]).size === 2 && [t.a.id, t.c.id].includes(a) && [t.a.id, t.c.id].includes(c));

describe("mineTriples", () => {
  const rows = syntheticSet();

  it("finds the planted triples with their similarities, ranking the one across three videos first", () => {
    const r = mineTriples(rows, { tauHigh: 0.55, tauLow: 0.2 });
    const across = find(r.triples, "a1", "b1", "c1");
    expect(across).toMatchObject({ videos: 3 });
    expect(across?.ab).toBeCloseTo(cosDeg(50), 5);
    expect(across?.bc).toBeCloseTo(cosDeg(50), 5);
    expect(across?.ac).toBeCloseTo(cosDeg(100), 5);
    expect(across?.gap).toBeCloseTo(cosDeg(50) - cosDeg(100), 5);
    expect(find(r.triples, "a2", "b2", "c2")).toMatchObject({ videos: 1 });
    expect(find(r.triples, "x2", "y2", "z2")).toMatchObject({ videos: 2 });
    // Nothing in the background reaches 0.55; P2–R2 (0.32) is above τlow.
    expect(r.triples.map((t) => t.videos)).toEqual([3, 2, 1]);
    expect(r.thresholds).toEqual({ tauHigh: 0.55, tauLow: 0.2, fromPercentiles: { high: false, low: false } });
    expect(r.stats).toMatchObject({ rows: rows.length, sampledPairs: 0, triplesFound: 3 });
    expect(r.stats.candidatePairs).toBeGreaterThanOrEqual(3);
    expect(r.stats.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it("skips neighbouring chunks of one video", () => {
    const { triples } = mineTriples(rows, { tauHigh: 0.55, tauLow: 0.2 });
    expect(triples.flatMap(ids)).not.toContain("x");
  });

  it(`skips near-duplicates (similarity ≥ ${NEAR_DUPLICATE})`, () => {
    const { triples } = mineTriples(rows, { tauHigh: 0.55, tauLow: 0.5 });
    expect(triples.flatMap(ids)).not.toContain("p");
    expect(find(triples, "p2", "q2", "r2")?.ab).toBeCloseTo(cosDeg(26), 5);
  });

  it("defaults the thresholds to percentiles of the collection and still ranks the planted triple first", () => {
    const r = mineTriples(rows);
    expect(r.thresholds.fromPercentiles).toEqual({ high: true, low: true });
    // Random 128-d directions: the median pair is near 0, the 95th percentile near 1.645/√128.
    expect(r.thresholds.tauLow).toBeCloseTo(0, 1);
    expect(r.thresholds.tauHigh).toBeGreaterThan(0.1);
    expect(r.thresholds.tauHigh).toBeLessThan(0.2);
    expect(r.stats.sampledPairs).toBe(Math.min(20_000, (rows.length * (rows.length - 1)) / 2));
    // The background now forms weak triples too; the planted ones have by far the widest gap.
    expect(r.stats.triplesFound).toBeGreaterThan(r.triples.length);
    expect(r.triples).toHaveLength(50);
    expect(ids(r.triples[0]).sort()).toEqual(["a1", "b1", "c1"]);
  });

  it("pairs up neighbour lists instead of trying every triple", () => {
    const k = 5;
    const r = mineTriples(rows, { neighbours: k, limit: 3 });
    expect(r.triples).toHaveLength(3);
    expect(r.stats.candidatePairs).toBeLessThanOrEqual((rows.length * k * (k - 1)) / 2);
  });

  it("rejects thresholds outside [-1, 1], in the wrong order or at the near-duplicate cutoff", () => {
    const cases: [Parameters<typeof mineTriples>[1], RegExp][] = [
      [{ tauHigh: 1.5 }, /tauHigh is a cosine similarity and must be between -1 and 1, got 1.5/],
      [{ tauLow: -2 }, /tauLow is a cosine similarity/],
      [{ tauHigh: Number.NaN }, /tauHigh is a cosine similarity/],
      [{ tauHigh: 0.3, tauLow: 0.3 }, /tauLow \(0.3\) must be below tauHigh \(0.3\)\.$/],
      [{ tauHigh: 0.2, tauLow: 0.6 }, /tauLow \(0.6\) must be below tauHigh/],
      [{ tauHigh: 0.97, tauLow: 0.1 }, /tauHigh \(0.97\) must be below 0.95/],
      [{ tauHigh: -0.5 }, /must be below tauHigh \(-0.5\) \(defaults are percentiles/],
      [{ limit: 0 }, /limit must be an integer from 1 to 1000, got 0/],
      [{ neighbours: 1 }, /neighbours must be an integer from 2 to 100/],
      [{ neighbours: 2.5 }, /neighbours must be an integer/],
    ];
    for (const [options, message] of cases) {
      const e = labError(() => mineTriples(rows, options));
      expect(e.code).toBe("bad_input");
      expect(e.message).toMatch(message);
    }
  });

  it("rejects too few rows, repeated ids and vectors of different lengths", () => {
    expect(labError(() => mineTriples(rows.slice(0, 2))).message).toMatch(/at least 3 chunks, got 2/);
    expect(labError(() => mineTriples([...rows, rows[0]])).message).toMatch(/appears twice/);
    const short = { ...rows[1], id: "short", vector: [1, 0] };
    expect(labError(() => mineTriples([...rows, short])).message).toMatch(/dimensions/);
  });
});
