import "server-only";
import { asNumber, describe, fail, pass, predictChoice } from "../checks";
import type { LessonExercises } from "../types";

// The p95 cell's latencies, as the lesson gives them; the figures below are derived, not typed in.
const LATENCIES_MS = [42, 38, 51, 45, 40, 39, 47, 44, 43, 41, 46, 52, 48, 37, 50, 49, 36, 310, 55, 1200];
const SORTED = [...LATENCIES_MS].sort((a, b) => a - b);
const rank = (p: number) => SORTED[Math.ceil((p / 100) * SORTED.length) - 1];
const P95 = rank(95);
const MEAN = LATENCIES_MS.reduce((s, v) => s + v, 0) / LATENCIES_MS.length;
// numpy's default: linear interpolation between the two nearest ranks.
const INTERPOLATED = SORTED[18] + 0.05 * (SORTED[19] - SORTED[18]);
const same = (a: number, b: number) => Math.abs(a - b) < 1e-6;

export const exercises: LessonExercises = {
  "reingest-cost": predictChoice({
    correct: 1,
    choices: 3,
    explanation:
      "None. The embedding cache is keyed by the model's id and the chunk's text, so the same talk cut the same way finds every chunk there, and the store already holds a collection of this corpus version with as many chunks, so it is left as it is (store: unchanged). Only changed inputs cost anything, which is what makes a scheduled pipeline cheap.",
    proof: {
      solution: { answer: 1 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "every pipeline run recomputes every step" },
        { answer: 2, misconception: "a cache evicts by age, so repeated work is only partly saved" },
      ],
    },
  }),
  "cache-threshold": predictChoice({
    correct: 0,
    choices: 3,
    explanation:
      "A lower threshold accepts less similar questions, so every hit at 0.95 is still a hit at 0.5 and more are added, among them, sooner or later, a question that only shares words with the cached one: the cache then serves an answer to a question nobody asked. Which of the two arriving questions is served first depends on the embedding model (compare the similarities in the table's headers), which is why a threshold is measured on real questions, not guessed.",
    proof: {
      solution: { answer: 0 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 1, misconception: "a lower similarity threshold is stricter" },
        { answer: 2, misconception: "similar wording guarantees a similar meaning, so only paraphrases score high" },
      ],
    },
  }),
  "p95-by-hand": {
    check(value) {
      const n = asNumber(value);
      if (n === undefined) return fail(`Expected one number, the p95 of latenciesMs, as the cell's last value; got ${describe(value)}.`);
      if (n === P95) return pass(`p95 = ${P95} ms: 19 of the 20 requests took ${P95} ms or less. The mean (${MEAN} ms) describes none of them.`);
      if (same(n, MEAN)) return fail(`${n} ms is the mean, pulled up by the two slow requests; the p95 is a value 95% of the requests stay within.`);
      if (n === rank(100)) return fail(`${n} ms is the slowest request, the 100th percentile; the p95 leaves out the slowest 5%, here one request of 20.`);
      if (n === rank(50) || same(n, (SORTED[9] + SORTED[10]) / 2)) return fail(`${n} ms is the median (p50); the p95 is much further up the sorted list.`);
      if (same(n, INTERPOLATED)) return fail(`${n} ms interpolates between the 19th and 20th values; by nearest rank the p95 is always one of the observed latencies.`);
      if (n === rank(90)) return fail(`${n} ms is the p90 (the 18th of 20); the p95 is the ⌈0.95 × 20⌉-th value.`);
      return fail(`Expected the nearest-rank p95 of latenciesMs, got ${n}.`);
    },
    hints: [
      "The cell already defines nearestRank(values, p): the last line can call it with 95.",
      "Nearest rank sorts the 20 values and takes the ⌈0.95 × 20⌉ = 19th: nearestRank(latenciesMs, 95).",
    ],
    solution: "// Last line of the `p95` cell:\nnearestRank(latenciesMs, 95)",
    proof: {
      solution: { answer: String(P95) },
      starter: { answer: String(MEAN), reason: /is the mean/ },
      wrong: [
        { answer: rank(100), misconception: "the p95 is the slowest request" },
        { answer: rank(50), misconception: "a percentile of the middle describes the tail" },
        { answer: INTERPOLATED, misconception: "every percentile definition gives the same number" },
      ],
    },
  },
};
