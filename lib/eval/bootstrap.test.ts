import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/random/seeded";
import { LabError } from "@/lib/errors";
import { bootstrapInterval, pairedDifference } from "./bootstrap";

/** n hits (1) and misses (0), each a hit with probability p: a hit rate over n questions. */
function hits(n: number, p: number, random: () => number): number[] {
  return Array.from({ length: n }, () => (random() < p ? 1 : 0));
}

describe("bootstrapInterval", () => {
  it("covers the true hit rate about 95% of the time", () => {
    const random = seededRandom(7);
    const trials = 300;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const { low, high } = bootstrapInterval(hits(60, 0.7, random), { seed: t });
      if (low <= 0.7 && 0.7 <= high) covered++;
    }
    // The percentile bootstrap runs a little under nominal at n = 60; the bounds allow ±3.5 standard errors of a 300-trial share.
    expect(covered / trials).toBeGreaterThan(0.89);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it("gives the same interval for the same seed and a different one for another seed", () => {
    // Reciprocal-rank-like values, so resampled means rarely tie and another seed moves the bounds.
    const random = seededRandom(1);
    const values = Array.from({ length: 40 }, () => random());
    expect(bootstrapInterval(values, { seed: 3 })).toEqual(bootstrapInterval(values, { seed: 3 }));
    expect(bootstrapInterval(values, { seed: 3 })).not.toEqual(bootstrapInterval(values, { seed: 4 }));
  });

  it("narrows as questions are added: about one over the square root of n", () => {
    const width = (n: number) => {
      const { low, high } = bootstrapInterval(hits(n, 0.5, seededRandom(n)));
      return high - low;
    };
    const ratio = width(25) / width(400);
    expect(ratio).toBeGreaterThan(3);
    expect(ratio).toBeLessThan(5.5);
  });

  it("is a single point when every question scored the same", () => {
    expect(bootstrapInterval([1, 1, 1])).toEqual({ mean: 1, low: 1, high: 1 });
  });

  it("refuses an empty run and a seed that is not a whole number", () => {
    expect(() => bootstrapInterval([])).toThrow(LabError);
    expect(() => bootstrapInterval([1, 0], { seed: Number.NaN })).toThrow(/seed must be a whole number/);
  });
});

describe("pairedDifference", () => {
  // Two retrievers that agree on most questions: b finds everything a finds, plus 4 of the 50.
  const random = seededRandom(11);
  const a = hits(50, 0.5, random);
  let extra = 4;
  const b = a.map((v) => (v === 0 && extra-- > 0 ? 1 : v));

  it("tells a small but consistent gain from noise where separate intervals overlap", () => {
    const paired = pairedDifference(a, b);
    expect(paired.mean).toBeCloseTo(4 / 50);
    expect(paired.distinguishable).toBe(true);
    expect(paired.low).toBeGreaterThan(0);
    // Unpaired, each side's interval is about ±0.14 wide and the two overlap: that reading would call it noise.
    const ia = bootstrapInterval(a);
    const ib = bootstrapInterval(b);
    expect(ib.low).toBeLessThan(ia.high);
    expect(paired.high - paired.low).toBeLessThan((ib.high - ib.low) * 0.6);
  });

  it("says not distinguishable when the difference goes both ways", () => {
    // Three questions gained and three lost.
    const gains = a.flatMap((v, i) => (v === 0 ? [i] : [])).slice(0, 3);
    const losses = a.flatMap((v, i) => (v === 1 ? [i] : [])).slice(0, 3);
    const mixed = a.map((v, i) => (gains.includes(i) || losses.includes(i) ? 1 - v : v));
    const d = pairedDifference(a, mixed);
    expect(d.low).toBeLessThanOrEqual(0);
    expect(d.high).toBeGreaterThanOrEqual(0);
    expect(d.distinguishable).toBe(false);
  });

  it("refuses two runs over different numbers of questions", () => {
    expect(() => pairedDifference([1, 0], [1])).toThrow(/same questions/);
  });
});
