import { z } from "zod";
import { numberedContext } from "@/lib/sdk/rag-prompt";
import { validateTemplate } from "../template";
import type { JudgeTemplateName } from "../contract";
import type { RagSample, ReplyProblem } from "../types";


/** Placeholders any judge template may use; each judge adds its own required ones. */
export const SAMPLE_PLACEHOLDERS = ["question", "answer", "context", "reference"] as const;

/** A judge prompt a learner may read and replace, and the placeholders a replacement must keep. */
export interface JudgePrompt {
  /** Its key in a judge spec's `templates`. */
  name: JudgeTemplateName;
  template: string;
  required: readonly string[];
}

/** The learner's replacement (or the default) once it is known to keep the placeholders the judge needs. */
export function checkedTemplate(prompt: JudgePrompt, replacement?: string): string {
  const template = replacement ?? prompt.template;
  validateTemplate(template, prompt.required, SAMPLE_PLACEHOLDERS, prompt.name);
  return template;
}

/** The placeholder values every judge template may use. */
export function sampleValues(sample: RagSample): Record<(typeof SAMPLE_PLACEHOLDERS)[number], string> {
  return {
    question: sample.question,
    answer: sample.answer,
    // Numbered as in the answer prompt, so a judge sees the [n] an answer cites.
    context: numberedContext(sample.contexts),
    reference: sample.reference ?? "(none given)",
  };
}

export const jsonOnly = (example: string) => `Reply with only a JSON object of this shape, and no other text:\n${example}`;

/** A 1-5 rating with a reason: answer relevancy and rubric judges. */
export const RATING_FORMAT = jsonOnly('{"score": <a whole number from 1 to 5>, "reason": "<one or two sentences>"}');

export const ratingSchema = z.object({ score: z.number(), reason: z.string() });
export type Rating = z.infer<typeof ratingSchema>;

export interface RatingDetails {
  reason: string;
}

/** Out-of-range scores are reported, never clamped: a 7 says the judge misread the scale. */
export function checkRating({ score }: Rating): ReplyProblem | undefined {
  if (Number.isInteger(score) && score >= 1 && score <= 5) return undefined;
  return { kind: "out_of_range", message: `The score ${score} is not a whole number from 1 to 5.` };
}

/** The share of true flags; undefined for none, so callers decide what "nothing to check" means. */
export function shareTrue(flags: readonly boolean[]): number | undefined {
  return flags.length === 0 ? undefined : flags.filter(Boolean).length / flags.length;
}
