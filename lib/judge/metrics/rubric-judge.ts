import { formatRubric, type Rubric } from "../rubric";
import { fillTemplate } from "../template";
import type { Judge, RagSample } from "../types";
import { checkRating, RATING_FORMAT, ratingSchema, checkedTemplate, sampleValues, type JudgePrompt, type RatingDetails } from "./shared";

/**
 * A learner-defined 1-5 rubric, one description per score, in the manner of
 * Ragas' rubric-based metrics
 * (https://docs.ragas.io/en/stable/concepts/metrics/available_metrics/rubrics_based/)
 * and DeepEval's G-Eval rubrics (https://deepeval.com/docs/metrics-llm-evals).
 */
const RUBRIC_TEMPLATE = `Score the answer against the rubric below. Pick the score whose description fits the answer best, using only the rubric.

Question: {question}

Answer: {answer}

{rubric}`;

export const RUBRIC_PROMPT: JudgePrompt = { name: "rubric", template: RUBRIC_TEMPLATE, required: ["answer", "rubric"] };

/** `rubric` must come from `defineRubric`, which rejects incomplete scales. */
export function rubricJudge(rubric: Rubric, replacement?: string): Judge<RagSample, RatingDetails> {
  const template = checkedTemplate(RUBRIC_PROMPT, replacement);
  return {
    name: `rubric:${rubric.name}`,
    scale: { min: 1, max: 5 },
    async judge(sample, ask) {
      const { score, reason } = await ask({
        prompt: fillTemplate(template, { ...sampleValues(sample), rubric: formatRubric(rubric) }),
        format: RATING_FORMAT,
        schema: ratingSchema,
        check: checkRating,
      });
      return { score, details: { reason } };
    },
  };
}
