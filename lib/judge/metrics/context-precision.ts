import { z } from "zod";
import { fillTemplate } from "../template";
import type { Judge, RagSample } from "../types";
import { checkedTemplate, jsonOnly, sampleValues, type JudgePrompt } from "./shared";

/**
 * Context precision as Ragas defines it (the "with reference" variant):
 * each retrieved passage is judged relevant or not for reaching the
 * reference answer, and the score rewards relevant passages ranked early:
 *   sum over k of (precision@k × v_k) / number of relevant passages,
 * with v_k = 1 when the passage at rank k is relevant.
 * https://docs.ragas.io/en/stable/concepts/metrics/available_metrics/context_precision/
 */
const CONTEXT_PRECISION_TEMPLATE = `Decide whether one retrieved passage was useful for answering a question, given the answer we expected.

Question: {question}

Expected answer: {reference}

Passage:
{context}

The passage is relevant if it contains information that helps arrive at the expected answer, even partly. It is not relevant if it does not.`;

const verdictSchema = z.object({ relevant: z.boolean(), reason: z.string() });

export interface PassageVerdict {
  rank: number;
  relevant: boolean;
  reason: string;
}

export interface ContextPrecisionDetails {
  passages: PassageVerdict[];
}

/** Mean of precision@k over the ranks of relevant passages; 0 when none is relevant. */
export function meanPrecisionAtRelevant(relevant: readonly boolean[]): number {
  let hits = 0;
  let sum = 0;
  relevant.forEach((isRelevant, i) => {
    if (!isRelevant) return;
    hits++;
    sum += hits / (i + 1);
  });
  return hits === 0 ? 0 : sum / hits;
}

export const CONTEXT_PRECISION_PROMPT: JudgePrompt = { name: "context_precision", template: CONTEXT_PRECISION_TEMPLATE, required: ["question", "reference", "context"] };

export function contextPrecisionJudge(replacement?: string): Judge<RagSample, ContextPrecisionDetails> {
  const template = checkedTemplate(CONTEXT_PRECISION_PROMPT, replacement);
  return {
    name: "context_precision",
    scale: { min: 0, max: 1 },
    async judge(sample, ask) {
      if (!sample.reference) return { notApplicable: "Context precision needs a reference answer." };
      if (sample.contexts.length === 0) return { notApplicable: "No passages were retrieved." };
      const passages: PassageVerdict[] = [];
      // One call per passage, in rank order, as Ragas does: verdicts stay independent of each other.
      for (const [i, context] of sample.contexts.entries()) {
        const verdict = await ask({
          prompt: fillTemplate(template, { ...sampleValues(sample), context }),
          format: jsonOnly('{"relevant": true, "reason": "<one sentence>"}'),
          schema: verdictSchema,
        });
        passages.push({ rank: i + 1, ...verdict });
      }
      return { score: meanPrecisionAtRelevant(passages.map((p) => p.relevant)), details: { passages } };
    },
  };
}
