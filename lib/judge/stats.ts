import { LabError } from "../errors";

export interface Interval {
  low: number;
  high: number;
  /** Always 0.95 here; kept so a chart can label the band. */
  level: 0.95;
}

/** Null where a quantity is undefined (no scores; one score has no spread), never NaN. */
export interface Summary {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n - 1 in the denominator). */
  std: number | null;
  ci: Interval | null;
}

/** Two-sided 95% critical values of Student's t, t(0.975, df), for df = 1..30. */
const T_975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281, 2.201, 2.1788, 2.1604, 2.1448,
  2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086, 2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484,
  2.0452, 2.0423,
];
const Z_975 = 1.959964;

/**
 * t(0.975, df): the table up to 30 degrees of freedom, then the
 * Cornish-Fisher expansion around the normal quantile, which is within
 * 0.0001 of the exact value from df = 30 on.
 */
export function tCritical95(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a positive integer, got ${df}`);
  if (df <= T_975.length) return T_975[df - 1];
  const z = Z_975;
  return (
    z +
    (z ** 3 + z) / (4 * df) +
    (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3)
  );
}

/** Mean, sample std and a 95% t-interval for the mean of repeated judge scores. */
export function summarize(scores: readonly number[]): Summary {
  if (scores.some((s) => !Number.isFinite(s))) {
    throw new LabError("bad_input", "Scores must be finite numbers; a judgement that failed has no score to average.");
  }
  const n = scores.length;
  if (n === 0) return { n, mean: null, std: null, ci: null };
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, std: null, ci: null };
  const std = Math.sqrt(scores.reduce((sum, s) => sum + (s - mean) ** 2, 0) / (n - 1));
  const half = (tCritical95(n - 1) * std) / Math.sqrt(n);
  return { n, mean, std, ci: { low: mean - half, high: mean + half, level: 0.95 } };
}

/** True when the threshold lies inside the interval: the data cannot say which side the mean is on. */
export function straddles(ci: Interval, threshold: number): boolean {
  return ci.low <= threshold && threshold <= ci.high;
}
