import { LabError } from "../errors";

export const RUBRIC_SCORES = [1, 2, 3, 4, 5] as const;
export type RubricScore = (typeof RUBRIC_SCORES)[number];

/** A learner-defined 1-5 scale: what is judged, and what each score means. */
export interface Rubric {
  name: string;
  criterion: string;
  scores: Record<RubricScore, string>;
}

export interface RubricInput {
  name: string;
  criterion: string;
  /** Keyed "1".."5" (or 1..5); every score needs its own description. */
  scores: Readonly<Record<string, string | undefined>>;
}

/** Checks a learner's rubric, with a message that says exactly what to add or remove. */
export function defineRubric(input: RubricInput): Rubric {
  const name = input.name.trim() || "rubric";
  if (!input.criterion.trim()) {
    throw new LabError("bad_input", `Rubric "${name}" needs a criterion: one sentence saying what is being judged.`);
  }
  const extra = Object.keys(input.scores).filter((key) => !RUBRIC_SCORES.map(String).includes(key));
  if (extra.length > 0) {
    throw new LabError("bad_input", `Rubric "${name}" scores run from 1 to 5; remove ${extra.join(", ")}.`);
  }
  const descriptions = RUBRIC_SCORES.map((score) => [score, input.scores[score]?.trim() ?? ""] as const);
  const missing = descriptions.filter(([, text]) => !text).map(([score]) => score);
  if (missing.length > 0) {
    throw new LabError(
      "bad_input",
      `Rubric "${name}" needs a description for every score from 1 to 5; missing: ${missing.join(", ")}.`,
      { missing },
    );
  }
  const scores = Object.fromEntries(descriptions) as Record<RubricScore, string>;
  return { name, criterion: input.criterion.trim(), scores };
}

/** The text that replaces `{rubric}` in a rubric judge's template. */
export function formatRubric(rubric: Rubric): string {
  const lines = RUBRIC_SCORES.map((score) => `${score} - ${rubric.scores[score]}`);
  return `Criterion (${rubric.name}): ${rubric.criterion}\n\nScores:\n${lines.join("\n")}`;
}

/** The workshop's example of a custom judge: does the answer sound like a good tutor? */
export const STYLE_RUBRIC: Rubric = defineRubric({
  name: "style",
  criterion:
    "Is the answer written the way a friendly, concise tutor would explain it to a learner: warm, plain, to the point?",
  scores: {
    1: "Cold, confusing or rambling: unexplained jargon, lots of filler, or a tone that talks down to the learner.",
    2: "Polite but hard going: long-winded or stiff, and the key point is buried.",
    3: "Clear and correct in tone, but reads like reference documentation rather than a tutor; could be shorter.",
    4: "Friendly and mostly concise; explains a term when needed, with at most a little padding.",
    5: "Warm, encouraging and brief: leads with the answer in plain words, explains just enough, no filler.",
  },
});
