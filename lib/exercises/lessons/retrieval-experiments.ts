import "server-only";
import type { ChunkerConfig } from "@/lib/sdk/types";
import { fail, pass, predictChoice } from "../checks";
import type { LessonExercises, RunSummary } from "../types";

const run = (points: [ChunkerConfig, string, number][]): RunSummary => ({
  id: "proof-run",
  spec: { chunking: [], topK: [] },
  points: points.map(([chunker, mode, k]) => ({ chunker, mode, k })),
});
const time = (windowS: number): ChunkerConfig => ({ kind: "time", windowS, overlapS: 0 });
const token = (size: number): ChunkerConfig => ({ kind: "token", size, overlap: 0 });

export const exercises: LessonExercises = {
  "grid-time-30": {
    async check(_answer, ctx) {
      const points = (await ctx.experiments()).flatMap((r) => r.points);
      if (points.length === 0) return fail("You have no grid runs yet: run the custom cell.");
      if (points.some((p) => p.chunker.kind === "time" && p.chunker.windowS === 30 && p.mode === "hybrid" && p.k === 5)) return pass("One of your runs scores 30-second chunks with hybrid search at k = 5.");
      const windows = [...new Set(points.flatMap((p) => (p.chunker.kind === "time" ? [p.chunker.windowS] : [])))];
      return fail(`None of your runs has a point with time chunks of 30 s, hybrid search and k = 5 (your time windows: ${windows.length ? windows.map((w) => `${w} s`).join(", ") : "none"}).`);
    },
    hints: [
      'Time chunks are { kind: "time", size: … } with the size in seconds; the grid tries every size in the list.',
      'A point is one chunker × one mode × one k: the spec needs 30 in the time sizes, "hybrid" in modes and 5 in topK.',
    ],
    solution: 'await lab.experiments.run(\n  { chunking: [{ kind: "time", size: [20, 30, 40] }], topK: [5], modes: ["vector", "hybrid"] },\n  { metric: "hitRate" },\n);',
    proof: {
      solution: { state: { experiments: [run([[time(30), "vector", 5], [time(30), "hybrid", 5]])] } },
      starter: { state: { experiments: [run([[token(128), "hybrid", 5], [time(20), "hybrid", 5], [time(40), "hybrid", 5]])] }, reason: /your time windows: 20 s, 40 s/ },
      wrong: [
        { state: { experiments: [run([[time(30), "vector", 5]])] }, misconception: "vector search is the hybrid mode" },
        { state: { experiments: [run([[token(30), "hybrid", 5]])] }, misconception: "a size of 30 means seconds for every chunker" },
      ],
    },
  },
  "paired-beats-overlap": predictChoice({
    correct: 1,
    choices: 3,
    explanation:
      "Yes. Both configurations are scored on the same questions, and most of each interval's width comes from questions that are easy or hard for every retriever. The paired interval resamples the per-question differences, which is much narrower: the compare cell shows differences whose intervals exclude 0 although the two scores' own intervals overlap.",
    proof: {
      solution: { answer: 1 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "overlapping intervals mean no difference" },
        { answer: 2, misconception: "more configurations make a comparison sharper" },
      ],
    },
  }),
};
