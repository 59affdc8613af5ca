import { fillTemplate } from "../template";
import type { Judge, RagSample } from "../types";
import { checkRating, RATING_FORMAT, ratingSchema, checkedTemplate, sampleValues, type JudgePrompt, type RatingDetails } from "./shared";

/**
 * Answer relevancy, simplified: the judge rates 1-5 how directly the answer
 * addresses the question, with a reason. Ragas instead generates questions
 * from the answer and compares their embeddings with the original question
 * (https://docs.ragas.io/en/stable/concepts/metrics/available_metrics/answer_relevance/);
 * that needs an embedding model on top of the judge, so it is not done here.
 * Like both Ragas and DeepEval (https://deepeval.com/docs/metrics-answer-relevancy),
 * it judges relevance, not truth.
 */
const ANSWER_RELEVANCY_TEMPLATE = `Rate how directly the answer responds to the question. Do not judge whether the answer is true; only whether it addresses what was asked.

Question: {question}

Answer: {answer}

Scale:
5 - answers exactly what was asked, nothing off-topic
4 - answers the question, with a little material that was not needed
3 - partly answers it, or buries the answer in unrelated text
2 - touches the topic but does not answer the question
1 - does not address the question at all, or evades it`;

export const ANSWER_RELEVANCY_PROMPT: JudgePrompt = { name: "relevancy", template: ANSWER_RELEVANCY_TEMPLATE, required: ["question", "answer"] };

export function answerRelevancyJudge(replacement?: string): Judge<RagSample, RatingDetails> {
  const template = checkedTemplate(ANSWER_RELEVANCY_PROMPT, replacement);
  return {
    name: "answer_relevancy",
    scale: { min: 1, max: 5 },
    async judge(sample, ask) {
      const { score, reason } = await ask({
        prompt: fillTemplate(template, sampleValues(sample)),
        format: RATING_FORMAT,
        schema: ratingSchema,
        check: checkRating,
      });
      return { score, details: { reason } };
    },
  };
}
