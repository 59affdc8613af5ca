export { judgeCacheKey, MemoryJudgeCache, type CachedReply, type JudgeCache, type JudgeCacheKeyParts } from "./cache";
export { cohenKappa, type KappaResult, type Label } from "./kappa";
export { ANSWER_RELEVANCY_TEMPLATE, answerRelevancyJudge } from "./metrics/answer-relevancy";
export {
  CONTEXT_PRECISION_TEMPLATE,
  contextPrecisionJudge,
  meanPrecisionAtRelevant,
  type ContextPrecisionDetails,
  type PassageVerdict,
} from "./metrics/context-precision";
export {
  CONTEXT_RECALL_TEMPLATE,
  contextRecallJudge,
  type ContextRecallDetails,
  type StatementVerdict,
} from "./metrics/context-recall";
export {
  FAITHFULNESS_CLAIMS_TEMPLATE,
  FAITHFULNESS_VERDICTS_TEMPLATE,
  faithfulnessJudge,
  type ClaimVerdict,
  type FaithfulnessDetails,
} from "./metrics/faithfulness";
export { RUBRIC_TEMPLATE, rubricJudge } from "./metrics/rubric-judge";
export type { RatingDetails } from "./metrics/shared";
export { judgeModelFromConfig } from "./model";
export { parseJsonReply } from "./reply";
export { defineRubric, formatRubric, STYLE_RUBRIC, type Rubric, type RubricInput } from "./rubric";
export {
  runJudgements,
  type ItemResult,
  type JudgeItem,
  type JudgeOutcome,
  type JudgeRun,
  type RunCounts,
  type RunOptions,
  type SkipReason,
} from "./run";
export { straddles, summarize, tCritical95, type Interval, type Summary } from "./stats";
export { placeholdersIn, validateTemplate } from "./template";
export type { Judge, JudgeFailureKind, JudgeModel, JudgeParams, RagSample } from "./types";
