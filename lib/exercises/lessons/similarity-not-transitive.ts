import "server-only";
import { asNumber, asObject, describe, fail, pass, predictChoice } from "../checks";
import type { LessonExercises } from "../types";

const GAP = 0.2;

export const exercises: LessonExercises = {
  "own-triple": {
    check(value) {
      const t = asObject(value);
      const [ab, bc, ac] = ["ab", "bc", "ac"].map((k) => asNumber(t?.[k]));
      if (!t || ab === undefined || bc === undefined || ac === undefined) return fail(`Expected the triangle lab.similarity.triangle returns (with ab, bc and ac) as the cell's last value, got ${describe(value)}.`);
      const bridge = Math.min(ab, bc);
      if (bridge - ac >= GAP) return pass(`A–B ${ab.toFixed(3)} and B–C ${bc.toFixed(3)} both beat A–C ${ac.toFixed(3)} by at least ${GAP}.`);
      return fail(`The weaker of A–B (${ab.toFixed(3)}) and B–C (${bc.toFixed(3)}) beats A–C (${ac.toFixed(3)}) by ${(bridge - ac).toFixed(3)}; it needs ${GAP}.`);
    },
    hints: [
      "End the cell with `mine` so its similarities are what gets checked.",
      "Let B share a topic with A and another with C, and let A and C share none: for example A about trains, B about trains and lunch, C about lunch.",
    ],
    solution:
      'const mine = await lab.similarity.triangle(\n  "The night train to Vienna was late again.",\n  "On the late train we ate a cold lunch from the station bakery.",\n  "This bakery bakes rye bread with caraway seeds.",\n);\nmine',
    proof: {
      solution: { answer: { ab: 0.52, bc: 0.47, ac: 0.18 } },
      starter: { answer: undefined, reason: /got nothing/ },
      wrong: [
        { answer: { ab: 0.55, bc: 0.5, ac: 0.48 }, misconception: "three texts on one topic form a chain" },
        { answer: { ab: 0.6, bc: 0.12, ac: 0.05 }, misconception: "B only needs to be close to A" },
        { answer: "0.6", misconception: "one similarity is enough to judge a chain" },
      ],
    },
  },
  "hops-recall": predictChoice({
    correct: 2,
    choices: 3,
    explanation:
      "Read recall@5 for hops 0, 1 and 2 in the table. Both retrievers return the same number of chunks, so every chunk a hop brings in replaces one plain search ranked higher; with similarity edges those hops mostly land on more of the same talk, and the lesson's own run with USE-Lite saw recall fall.",
    proof: {
      solution: { answer: 2 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "more hops always find more evidence" },
        { answer: 1, misconception: "a graph over chunks adds nothing the vectors lack, so it changes nothing" },
      ],
    },
  }),
};
