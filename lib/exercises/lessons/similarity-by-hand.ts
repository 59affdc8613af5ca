import "server-only";
import { asNumber, asObject, describe, fail, pass, predictChoice } from "../checks";
import type { LessonExercises } from "../types";

function cosine(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

const target = cosine([3, 4], [4, 3]);
const isVector = (v: unknown): v is number[] => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === "number" && Number.isFinite(x));
const A = [0.9, 0.45, 0.0];
const C = [0.0, 0.45, 0.9];
const BRIDGE = 0.7;

export const exercises: LessonExercises = {
  "cosine-three-four": {
    check(value) {
      const n = asNumber(value);
      if (n === undefined) return fail(`Expected a number as the cell's last value, got ${describe(value)}.`);
      if (Math.abs(n - target) < 1e-9) return pass(`cos = 24 / (5 × 5) = ${target}.`);
      if (Math.abs(n - 24) < 1e-9) return fail("24 is the dot product; cosine divides it by both vectors' lengths.");
      if (Math.abs(n - (1 - target)) < 1e-9) return fail(`${n.toFixed(2)} is the cosine distance (1 − cosine); the cell should show the cosine itself.`);
      if (Math.abs(n - cosine([1, 0], [1, 1])) < 1e-9) return fail("That is the cosine of the lesson's own pair, [1, 0] and [1, 1]: change the last line's vectors.");
      return fail(`Expected the cosine of [3, 4] and [4, 3], a number between 0 and 1; got ${n}.`);
    },
    hints: [
      "Only the last line changes: call cosine with the two new vectors.",
      "[3, 4] and [4, 3] have the same length (5) but point in different directions, so the answer is below 1.",
    ],
    solution: "// Last line of the `cosine` cell:\ncosine([3, 4], [4, 3])",
    proof: {
      solution: { answer: String(target) },
      starter: { answer: String(cosine([1, 0], [1, 1])), reason: /lesson's own pair/ },
      wrong: [
        { answer: "24", misconception: "the dot product is the similarity" },
        { answer: String(1 - target), misconception: "cosine distance and cosine similarity are the same" },
        { answer: "1", misconception: "vectors of the same length point the same way" },
      ],
    },
  },
  "lowest-pair": predictChoice({
    correct: 2,
    choices: 3,
    explanation: `A and C share only the middle axis, so their cosine is ${cosine(A, C).toFixed(2)}, while A–B and B–C are both ${cosine(A, [0.3, 0.9, 0.3]).toFixed(2)}. Two pairs close to a middle text do not make the outer pair close.`,
    proof: {
      solution: { answer: 2 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 0, misconception: "the first pair listed is the farthest" },
        { answer: 1, misconception: "B and C share no axis" },
      ],
    },
  }),
  "bridge-both": {
    check(value) {
      const texts = asObject(value);
      if (!texts) return fail(`Expected the \`texts\` object ({ A, B, C }, three numbers each) as the cell's last value, got ${describe(value)}.`);
      const { B } = texts;
      if (!isVector(B)) return fail(`Expected B to be three numbers, got ${describe(B)}.`);
      if (B.every((x) => x === 0)) return fail("B is all zeros: a vector with no direction has no cosine with anything.");
      // A and C as the lesson defines them: moving them would make the exercise a different one.
      const ab = cosine(A, B);
      const bc = cosine(B, C);
      if (ab >= BRIDGE && bc >= BRIDGE) return pass(`A–B ${ab.toFixed(3)} and B–C ${bc.toFixed(3)}, while A–C stays ${cosine(A, C).toFixed(3)}.`);
      return fail(`A–B is ${ab.toFixed(3)} and B–C is ${bc.toFixed(3)}; both need to be at least ${BRIDGE}.`);
    },
    hints: [
      "End the cell with `texts` so its vectors are what gets checked, and change only B.",
      "B has to point between A and C: try adding A and C together, axis by axis.",
    ],
    solution: "// In the `triple` cell: B halfway between A and C, and the cell ends with `texts`.\nB: [0.45, 0.45, 0.45],\n// …\ntexts",
    proof: {
      solution: { answer: { A, B: [0.45, 0.45, 0.45], C } },
      starter: { answer: { A, B: [0.3, 0.9, 0.3], C }, reason: /A–B is 0\.674 .* at least 0\.7/ },
      wrong: [
        { answer: { A, B: A, C }, misconception: "copying A makes B close to everything A is close to" },
        { answer: { A, B: [0, 0, 0], C }, misconception: "a zero vector is close to every vector" },
        { answer: { A, B: [0.45, 0.9], C }, misconception: "vectors of different lengths can be compared" },
      ],
    },
  },
  "no-shared-words": predictChoice({
    correct: 0,
    choices: 3,
    explanation:
      "Once common words are dropped, the question (make, phone, last, longer, one, charge) and the source (batching, network, requests, radio, sleep, saves, battery) have no word in common, so every axis where one is non-zero is zero for the other: the cosine is 0. Meaning is not counted, only shared words; the rewritten question shares some and scores above 0.",
    proof: {
      solution: { answer: 0 },
      starter: { answer: undefined, reason: /Choose one/ },
      wrong: [
        { answer: 1, misconception: "similarity measures meaning, whatever the words" },
        { answer: 2, misconception: "two sentences about phones are always close" },
      ],
    },
  }),
};
