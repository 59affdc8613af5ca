import { describe, expect, it } from "vitest";
import { straddles, summarize, tCritical95 } from "./stats";

describe("summarize", () => {
  it("matches a hand-worked example: 3, 4, 5, 4", () => {
    // mean 4; squared deviations 1+0+1+0 = 2; s = sqrt(2/3) = 0.8165;
    // t(0.975, 3) = 3.1824; half-width = 3.1824 * 0.8165 / sqrt(4) = 1.2992
    const s = summarize([3, 4, 5, 4]);
    expect(s.n).toBe(4);
    expect(s.mean).toBe(4);
    expect(s.std).toBeCloseTo(0.8165, 4);
    expect(s.ci?.low).toBeCloseTo(2.7008, 4);
    expect(s.ci?.high).toBeCloseTo(5.2992, 4);
  });

  it("matches a hand-worked example with two scores: 2, 4", () => {
    // mean 3, s = sqrt(2), half-width = 12.7062 * sqrt(2) / sqrt(2) = 12.7062
    const s = summarize([2, 4]);
    expect(s.std).toBeCloseTo(Math.SQRT2, 10);
    expect(s.ci?.low).toBeCloseTo(-9.7062, 10);
    expect(s.ci?.high).toBeCloseTo(15.7062, 10);
  });

  it("gives nulls, never NaN, where a quantity is undefined", () => {
    expect(summarize([])).toEqual({ n: 0, mean: null, std: null, ci: null });
    expect(summarize([0.5])).toEqual({ n: 1, mean: 0.5, std: null, ci: null });
    expect(summarize([3, 3, 3])).toEqual({ n: 3, mean: 3, std: 0, ci: { low: 3, high: 3, level: 0.95 } });
    expect(() => summarize([1, Number.NaN])).toThrow(/finite/);
  });
});

describe("tCritical95", () => {
  it("uses the table for small samples and the expansion beyond", () => {
    expect(tCritical95(1)).toBe(12.7062);
    expect(tCritical95(10)).toBe(2.2281);
    expect(tCritical95(30)).toBe(2.0423);
    // Published values: t(0.975, 31) = 2.0395, 60 = 2.0003, 120 = 1.9799
    expect(tCritical95(31)).toBeCloseTo(2.0395, 4);
    expect(tCritical95(60)).toBeCloseTo(2.0003, 4);
    expect(tCritical95(120)).toBeCloseTo(1.9799, 4);
    expect(tCritical95(100_000)).toBeCloseTo(1.96, 3);
    expect(() => tCritical95(0)).toThrow(RangeError);
  });
});

describe("straddles", () => {
  it("flags a threshold inside the interval", () => {
    const ci = { low: 2.7, high: 5.3, level: 0.95 } as const;
    expect(straddles(ci, 3.5)).toBe(true);
    expect(straddles(ci, 2.7)).toBe(true);
    expect(straddles(ci, 2.5)).toBe(false);
    expect(straddles(ci, 5.5)).toBe(false);
  });
});
