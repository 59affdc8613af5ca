import "server-only";
import { cohenKappa } from "@/lib/judge/kappa";
import { DEFAULT_RAG_TEMPLATE } from "@/lib/sdk/rag-prompt";
import { asNumber, describe, fail, pass } from "../checks";
import type { LessonExercises } from "../types";

const REFUSAL = "I cannot tell.";
const STARTER = DEFAULT_RAG_TEMPLATE.replace("If the excerpts do not contain the answer", "Answer in at most two sentences. If the excerpts do not contain the answer");
const SOLUTION = DEFAULT_RAG_TEMPLATE.replace("say that you cannot tell from them.", `reply exactly "${REFUSAL}" and nothing else.`);

// The claims table in the exercise: (judge, you) label pairs.
const TABLE: [string, string, number][] = [
  ["supported", "supported", 40],
  ["unsupported", "unsupported", 30],
  ["supported", "unsupported", 20],
  ["unsupported", "supported", 10],
];
const pairs = TABLE.flatMap(([judge, you, n]) => Array.from({ length: n }, () => [judge, you] as const));
const kappa = cohenKappa(pairs);
if (kappa.kappa === null) throw new Error("the exercise's table must have a kappa");
const KAPPA = kappa.kappa;

export const exercises: LessonExercises = {
  "template-cannot-tell": {
    check(value) {
      if (typeof value !== "string") return fail(`Expected your template, a string, sent with lab.submit("template-cannot-tell", strict); got ${describe(value)}.`);
      const missing = ["{context}", "{question}"].filter((p) => !value.includes(p));
      if (missing.length > 0) return fail(`Your template has no ${missing.join(" or ")}: the excerpts and the question would never reach the model.`);
      if (!/\[1\]/.test(value)) return fail("Your template no longer asks for citations like [1]: answers would not point at their sources.");
      if (!value.includes(`"${REFUSAL}"`)) return fail(`Your template does not tell the model to reply exactly "${REFUSAL}" (in quotes) when the excerpts do not answer.`);
      return pass("Your template keeps the excerpts, the question and citations, and names one exact reply for no answer.");
    },
    hints: [
      'Start from the lesson\'s `strict` and replace the "say that you cannot tell from them" part; send it with lab.submit before the cell calls the model.',
      `Put the exact reply in double quotes: reply exactly "${REFUSAL}"; keep {context}, {question} and the [1], [2] line.`,
    ],
    solution: `const strict = lab.rag.defaultTemplate.replace(\n  "say that you cannot tell from them.",\n  'reply exactly "${REFUSAL}" and nothing else.',\n);\nawait lab.submit("template-cannot-tell", strict);`,
    proof: {
      solution: { answer: SOLUTION },
      starter: { answer: STARTER, reason: /does not tell the model to reply exactly/ },
      wrong: [
        { answer: SOLUTION.replace("{context}", "{excerpts}"), misconception: "any placeholder name is filled in" },
        { answer: SOLUTION.replace("After each sentence, cite the excerpts it relies on as [1], [2], ...\n", ""), misconception: "citations come from the sources table, not the prompt" },
        { answer: STARTER.replace("say that you cannot tell from them", `reply ${REFUSAL}`), misconception: "an unquoted phrase is an exact reply" },
      ],
    },
  },
  "kappa-by-hand": {
    check(value) {
      const n = asNumber(value);
      if (n === undefined) return fail(`Expected a number sent with lab.submit("kappa-by-hand", κ), got ${describe(value)}.`);
      if (Math.abs(n - KAPPA) < 0.005) return pass(`κ = (${kappa.observed.toFixed(2)} − ${kappa.expected.toFixed(2)}) / (1 − ${kappa.expected.toFixed(2)}) = ${KAPPA.toFixed(2)}.`);
      if (Math.abs(n - kappa.observed) < 0.005) return fail(`${n} is the share of claims you agree on; kappa takes out the agreement chance alone would give.`);
      if (Math.abs(n - kappa.expected) < 0.005) return fail(`${n} is the agreement chance alone would give, not kappa.`);
      return fail(`Expected kappa, a number from −1 to 1, got ${n}.`);
    },
    hints: [
      "Observed agreement p_o is the share of the 100 claims where you and the judge give the same label.",
      "Chance agreement p_e = (judge's share of supported × your share of supported) + (the same for unsupported); κ = (p_o − p_e) / (1 − p_e).",
    ],
    solution: `const po = (40 + 30) / 100;\nconst pe = (60 / 100) * (50 / 100) + (40 / 100) * (50 / 100);\nawait lab.submit("kappa-by-hand", (po - pe) / (1 - pe)); // ${KAPPA.toFixed(2)}`,
    proof: {
      solution: { answer: KAPPA },
      starter: { answer: undefined, reason: /Expected a number/ },
      wrong: [
        { answer: kappa.observed, misconception: "kappa is the share of agreement" },
        { answer: kappa.expected, misconception: "kappa is chance agreement" },
        { answer: 0.2, misconception: "kappa is p_o − p_e without rescaling" },
      ],
    },
  },
};
