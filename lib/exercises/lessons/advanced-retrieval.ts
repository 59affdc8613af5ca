import "server-only";
import type { GridSpec, RetrievalLever } from "@/lib/sdk/types";
import { fail, pass, predictChoice } from "../checks";
import type { LessonExercises, RunSummary } from "../types";

const PARAPHRASE = "google-talks-paraphrase";

const run = (spec: Partial<GridSpec>): RunSummary => ({
  id: "proof-run",
  spec: { chunking: [{ kind: "token", size: 256 }], topK: [5], modes: ["hybrid"], questions: PARAPHRASE, levers: [[]], ...spec },
  points: [],
});

const stacked = (combination: readonly RetrievalLever[]) => combination.includes("prf") && combination.includes("rerank");
const combinations = (r: RunSummary) => r.spec.levers ?? [[]];
const shown = (r: RunSummary) => combinations(r).map((c) => (c.length ? c.join("+") : "none")).join(", ");

export const exercises: LessonExercises = {
  "filter-never-hurts": predictChoice({
    correct: 1,
    choices: 3,
    explanation:
      "No. Vector search scores every chunk against the query alone, so the right talk's chunks keep their scores and their order when the other talks are taken away: each can only move up, and the cell counts no question lost by vector search. Hybrid search is another matter, since BM25 weighs words by how rare they are in the collection, and one talk is a different collection.",
    proof: {
      solution: { answer: 1 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "a chunk's vector score depends on the other chunks" },
        { answer: 2, misconception: "a smaller k is hurt by a filter that a larger k is not" },
      ],
    },
  }),
  "stack-levers": {
    async check(_answer, ctx) {
      const runs = await ctx.experiments();
      if (runs.length === 0) return fail("You have no grid runs yet: run the my-levers cell.");
      const onParaphrases = runs.filter((r) => r.spec.questions === PARAPHRASE);
      if (onParaphrases.length === 0) return fail(`None of your runs is on the paraphrase set: keep questions: "${PARAPHRASE}" (the cell's base does).`);
      const wanted = onParaphrases.filter((r) => (r.spec.modes ?? ["vector"]).includes("hybrid") && r.spec.topK.includes(5));
      if (wanted.length === 0) return fail("None of your runs on the paraphrase set scores hybrid search at k = 5.");
      if (wanted.some((r) => combinations(r).some(stacked))) return pass("One of your runs on the paraphrase set scores hybrid search at k = 5 with query expansion and the rerank together.");
      const separate = wanted.find((r) => combinations(r).some((c) => c.includes("prf")) && combinations(r).some((c) => c.includes("rerank")));
      if (separate) return fail(`Your run tries ${shown(separate)}: each combination is scored on its own, so prf and rerank never work together there.`);
      return fail(`Your runs on the paraphrase set try these lever combinations: ${[...new Set(wanted.map(shown))].join("; ")}. None has prf and rerank together.`);
    },
    hints: [
      "`levers` lists combinations, each one its own point: add a combination holding both levers, such as [\"prf\", \"rerank\"].",
      'levers: [[], ["prf"], ["prf", "rerank"]] scores no lever, expansion alone, and expansion with the rerank; keep modes: ["hybrid"] and topK: [5].',
    ],
    solution: 'const mine = await lab.experiments.run(\n  { ...base, modes: ["hybrid"], topK: [5], levers: [[], ["prf"], ["prf", "rerank"]] },\n  { metric: "hitRate" },\n);',
    proof: {
      solution: { state: { experiments: [run({ levers: [[], ["prf"], ["prf", "rerank"]] })] } },
      starter: { state: { experiments: [run({ levers: [[], ["prf"]] })] }, reason: /none, prf\. None has prf and rerank together/ },
      wrong: [
        { state: { experiments: [run({ levers: [["prf"], ["rerank"]] })] }, misconception: "two combinations in the list apply together" },
        { state: { experiments: [run({ questions: undefined, levers: [["prf", "rerank"]] })] }, misconception: "any question set measures a lever's worth on unseen questions" },
        { state: { experiments: [run({ modes: ["bm25"], levers: [["prf", "rerank"]] })] }, misconception: "a lever's effect is the same whatever the search mode" },
      ],
    },
  },
};
