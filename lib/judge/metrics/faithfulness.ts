import { z } from "zod";
import { fillTemplate } from "../template";
import type { Judge, RagSample } from "../types";
import { jsonOnly, checkedTemplate, sampleValues, shareTrue, type JudgePrompt } from "./shared";

/**
 * Faithfulness as Ragas defines it: the answer is split into claims, each
 * claim is checked against the retrieved context, and the score is
 * supported claims / all claims (0..1). Two calls, like Ragas: extracting
 * claims, then one verdict per claim.
 * https://docs.ragas.io/en/stable/concepts/metrics/available_metrics/faithfulness/
 * DeepEval's FaithfulnessMetric works the same way (truthful claims / claims):
 * https://deepeval.com/docs/metrics-faithfulness
 */
const FAITHFULNESS_CLAIMS_TEMPLATE = `You are checking an answer for statements its sources do not back up. First, break the answer into claims.

Question: {question}

Answer: {answer}

List every factual claim the answer makes, one per item. Write each claim so it can be understood on its own, without the question or the other claims (replace "it", "they" and the like with what they refer to). Leave out greetings, hedges and advice that state no fact. If the answer makes no factual claim at all, give an empty list.`;

const FAITHFULNESS_VERDICTS_TEMPLATE = `You are checking whether claims are backed by the retrieved passages below. Use only these passages, not what you know yourself.

Passages:
{context}

Claims:
{claims}

A claim is supported when the passages state it or it follows directly from them. It is unsupported when the passages do not say it, or say something different.`;

const claimsSchema = z.object({ claims: z.array(z.string()) });
const verdictsSchema = z.object({ verdicts: z.array(z.object({ supported: z.boolean(), reason: z.string() })) });

export interface ClaimVerdict {
  claim: string;
  supported: boolean;
  reason: string;
}

export interface FaithfulnessDetails {
  claims: ClaimVerdict[];
}

export const FAITHFULNESS_CLAIMS_PROMPT: JudgePrompt = { name: "faithfulness_claims", template: FAITHFULNESS_CLAIMS_TEMPLATE, required: ["answer"] };
export const FAITHFULNESS_VERDICTS_PROMPT: JudgePrompt = { name: "faithfulness_verdicts", template: FAITHFULNESS_VERDICTS_TEMPLATE, required: ["context", "claims"] };

export function faithfulnessJudge(
  replacements: { claims?: string; verdicts?: string } = {},
): Judge<RagSample, FaithfulnessDetails> {
  const claimsTemplate = checkedTemplate(FAITHFULNESS_CLAIMS_PROMPT, replacements.claims);
  const verdictsTemplate = checkedTemplate(FAITHFULNESS_VERDICTS_PROMPT, replacements.verdicts);

  return {
    name: "faithfulness",
    scale: { min: 0, max: 1 },
    async judge(sample, ask) {
      const { claims: raw } = await ask({
        prompt: fillTemplate(claimsTemplate, sampleValues(sample)),
        format: jsonOnly('{"claims": ["<claim>", "<claim>"]}'),
        schema: claimsSchema,
      });
      const claims = raw.map((c) => c.trim()).filter(Boolean);
      if (claims.length === 0) return { notApplicable: "The answer makes no factual claims to check." };

      const { verdicts } = await ask({
        prompt: fillTemplate(verdictsTemplate, {
          ...sampleValues(sample),
          claims: claims.map((claim, i) => `${i + 1}. ${claim}`).join("\n"),
        }),
        format: jsonOnly(
          '{"verdicts": [{"supported": true, "reason": "<one sentence>"}]}\nGive exactly one verdict per claim, in the order of the claims.',
        ),
        schema: verdictsSchema,
        check: ({ verdicts }) =>
          verdicts.length === claims.length
            ? undefined
            : { kind: "invalid", message: `Expected ${claims.length} verdicts, one per claim, but got ${verdicts.length}.` },
      });
      const judged = claims.map((claim, i) => ({ claim, ...verdicts[i] }));
      return { score: shareTrue(judged.map((c) => c.supported)) ?? 0, details: { claims: judged } };
    },
  };
}
