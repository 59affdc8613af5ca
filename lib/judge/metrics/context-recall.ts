import { z } from "zod";
import { fillTemplate } from "../template";
import type { Judge, RagSample } from "../types";
import { jsonOnly, checkedTemplate, sampleValues, shareTrue, type JudgePrompt } from "./shared";

/**
 * Context recall as Ragas defines it: the reference answer is split into
 * statements, each is judged attributable to the retrieved context or not,
 * and the score is attributable statements / all statements (0..1).
 * https://docs.ragas.io/en/stable/concepts/metrics/available_metrics/context_recall/
 */
const CONTEXT_RECALL_TEMPLATE = `Check how much of an expected answer can be found in the retrieved passages.

Question: {question}

Passages:
{context}

Expected answer: {reference}

Split the expected answer into its separate statements (usually one per sentence or clause). For each statement, decide whether the passages contain the information it states (attributed: true) or not (attributed: false).`;

const statementsSchema = z.object({
  statements: z.array(z.object({ statement: z.string(), attributed: z.boolean(), reason: z.string() })),
});

export interface StatementVerdict {
  statement: string;
  attributed: boolean;
  reason: string;
}

export interface ContextRecallDetails {
  statements: StatementVerdict[];
}

export const CONTEXT_RECALL_PROMPT: JudgePrompt = { name: "context_recall", template: CONTEXT_RECALL_TEMPLATE, required: ["context", "reference"] };

export function contextRecallJudge(replacement?: string): Judge<RagSample, ContextRecallDetails> {
  const template = checkedTemplate(CONTEXT_RECALL_PROMPT, replacement);
  return {
    name: "context_recall",
    scale: { min: 0, max: 1 },
    async judge(sample, ask) {
      if (!sample.reference) return { notApplicable: "Context recall needs a reference answer." };
      const { statements } = await ask({
        prompt: fillTemplate(template, sampleValues(sample)),
        format: jsonOnly('{"statements": [{"statement": "<statement>", "attributed": true, "reason": "<one sentence>"}]}'),
        schema: statementsSchema,
      });
      const score = shareTrue(statements.map((s) => s.attributed));
      if (score === undefined) return { notApplicable: "The reference answer has no statements to look for." };
      return { score, details: { statements } };
    },
  };
}
