/**
 * Bootstrap intervals over questions. A question set is a sample of the
 * questions users could ask, so a metric's mean has sampling error: with 40
 * questions one question moves a hit rate by 2.5 points. Resampling the
 * questions with replacement, 2,000 times, shows how far the mean would
 * move. Resamples are seeded, so the same scores always give the same
 * interval.
 */
import { LabError } from "@/lib/errors";
import { seededRandom } from "@/lib/random/seeded";
import { nearestRank } from "./metrics";

export const BOOTSTRAP_RESAMPLES = 2_000;
/** The seed every interval uses unless told otherwise: intervals are part of a run's reproducible result. */
export const BOOTSTRAP_SEED = 18;

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
}

/** A mean and its 95% percentile-bootstrap interval. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
}

/** The mean of b − a over the same questions, its paired 95% interval, and whether that interval excludes 0. */
export interface Difference extends Interval {
  /** False when the interval contains 0: on these questions the two cannot be told apart. */
  distinguishable: boolean;
}

/**
 * Resample draws are shared by every call with the same question count,
 * resamples and seed: each resample picks the same questions for every
 * configuration, which is what makes two configurations' resampled means
 * comparable pair by pair. Kept small: a grid uses one or two counts.
 */
const drawCache = new Map<string, Uint32Array>();
const DRAW_CACHE_MAX = 8;

function draws(n: number, resamples: number, seed: number): Uint32Array {
  const key = `${n}|${resamples}|${seed}`;
  const cached = drawCache.get(key);
  if (cached) return cached;
  const random = seededRandom(seed);
  const picks = new Uint32Array(n * resamples);
  for (let i = 0; i < picks.length; i++) picks[i] = Math.floor(random() * n);
  if (drawCache.size >= DRAW_CACHE_MAX) drawCache.delete(drawCache.keys().next().value!);
  drawCache.set(key, picks);
  return picks;
}

function resampleCount(options: BootstrapOptions): { resamples: number; seed: number } {
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES;
  const seed = options.seed ?? BOOTSTRAP_SEED;
  if (!Number.isInteger(resamples) || resamples < 100 || resamples > 100_000) {
    throw new LabError("bad_input", `resamples must be a whole number from 100 to 100000, got ${resamples}`);
  }
  if (!Number.isInteger(seed)) throw new LabError("bad_input", `seed must be a whole number, got ${String(seed)}`);
  return { resamples, seed };
}

/** The mean of `values` in each resample, sorted ascending. */
function resampledMeans(values: readonly number[], options: BootstrapOptions): Float64Array {
  const n = values.length;
  if (n === 0) throw new LabError("bad_input", "an interval needs at least one scored question");
  const { resamples, seed } = resampleCount(options);
  const picks = draws(n, resamples, seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = r * n; i < (r + 1) * n; i++) sum += values[picks[i]];
    means[r] = sum / n;
  }
  return means.sort();
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

function percentileInterval(observed: number, sortedMeans: Float64Array): Interval {
  return { mean: observed, low: nearestRank(sortedMeans, 2.5), high: nearestRank(sortedMeans, 97.5) };
}

/** One metric over questions: its mean and 95% interval. */
export function bootstrapInterval(values: readonly number[], options: BootstrapOptions = {}): Interval {
  return percentileInterval(mean(values), resampledMeans(values, options));
}

/**
 * Paired bootstrap of b − a: `a[i]` and `b[i]` are the same question scored
 * two ways, and each resample draws whole questions, so what both
 * configurations find easy or hard cancels out. That makes it far tighter
 * than two separate intervals when the configurations agree on most
 * questions, as two settings of one retriever do.
 */
export function pairedDifference(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): Difference {
  if (a.length !== b.length) throw new LabError("bad_input", `a paired comparison needs the same questions on both sides, got ${a.length} and ${b.length}`);
  const interval = bootstrapInterval(
    b.map((v, i) => v - a[i]),
    options,
  );
  return { ...interval, distinguishable: interval.low > 0 || interval.high < 0 };
}
