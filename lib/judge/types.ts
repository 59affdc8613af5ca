import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { z } from "zod";
import type { LlmFailureKind } from "../llm/errors";

/** One question answered by a RAG pipeline, as the judges see it. */
export interface RagSample {
  question: string;
  answer: string;
  /** Retrieved passages, best first. */
  contexts: readonly string[];
  /** The expected ("ground truth") answer, when the question set has one. */
  reference?: string;
}

/** Why a judgement failed. `out_of_range`: well-formed, but e.g. 7 on a 1-5 scale. */
export type JudgeFailureKind = LlmFailureKind | "out_of_range";

/** A reply that parsed and matched the schema but still cannot be used. */
export interface ReplyProblem {
  kind: "invalid" | "out_of_range";
  message: string;
}

/** One question put to the judge model, answered with JSON. */
export interface JudgeRequest<T> {
  /** The filled, editable template. */
  prompt: string;
  /** Fixed wording that tells the model the JSON shape; appended to the prompt. */
  format: string;
  schema: z.ZodType<T>;
  check?: (value: T) => ReplyProblem | undefined;
}

/** Asks the judge model; throws JudgeFailure when no usable reply comes back. */
export type Ask = <T>(request: JudgeRequest<T>) => Promise<T>;

export type JudgeVerdict<D> = { score: number; details: D } | { notApplicable: string };

/** A metric: how to question the judge model about one input and turn the replies into a score. */
export interface Judge<I, D> {
  readonly name: string;
  readonly scale: { min: number; max: number };
  judge(input: I, ask: Ask): Promise<JudgeVerdict<D>>;
}

export type JudgeParams = Readonly<Record<string, string | number | boolean | null>>;

/** The judge model plus what identifies its replies for caching. */
export interface JudgeModel {
  chat: BaseChatModel;
  /** E.g. `chatModelId(config)`; another server or model means other replies. */
  id: string;
  /** Sampling settings the model was created with (temperature, ...). */
  params?: JudgeParams;
}

export class JudgeFailure extends Error {
  constructor(
    readonly kind: JudgeFailureKind,
    message: string,
  ) {
    super(message);
    this.name = "JudgeFailure";
  }
}
