import type { AppDb } from "@/lib/db/app-db";
import type { JobContext } from "@/lib/jobs/manager";
import type { JudgeCache } from "./cache";
import { ANSWER_RELEVANCY_PROMPT, answerRelevancyJudge } from "./metrics/answer-relevancy";
import { CONTEXT_PRECISION_PROMPT, contextPrecisionJudge } from "./metrics/context-precision";
import { CONTEXT_RECALL_PROMPT, contextRecallJudge } from "./metrics/context-recall";
import { FAITHFULNESS_CLAIMS_PROMPT, FAITHFULNESS_VERDICTS_PROMPT, faithfulnessJudge } from "./metrics/faithfulness";
import { RUBRIC_PROMPT, rubricJudge } from "./metrics/rubric-judge";
import { defineRubric, STYLE_RUBRIC } from "./rubric";
import { runJudgements } from "./run";
import type { JudgeItem, JudgeResults, JudgeSpec } from "./contract";
import { straddles, summarize } from "./stats";
import type { Judge, JudgeModel, RagSample } from "./types";

/** Every judge prompt a learner may read (`lab.judge.templates()`) and replace, keyed as in a spec's `templates`. */
export const JUDGE_PROMPTS = [FAITHFULNESS_CLAIMS_PROMPT, FAITHFULNESS_VERDICTS_PROMPT, ANSWER_RELEVANCY_PROMPT, CONTEXT_PRECISION_PROMPT, CONTEXT_RECALL_PROMPT, RUBRIC_PROMPT];

/** Judge results cached in the app database, keyed by prompt, model, parameters and repeat. */
export function dbJudgeCache(db: AppDb): JudgeCache {
  return {
    get: async (key) => {
      const reply = await db.judging.reply(key);
      return reply === undefined ? undefined : { reply };
    },
    set: (key, value) => db.judging.saveReply(key, value.reply),
  };
}

/** The spec's judges, built (and their templates checked) before any model is asked anything. */
export function judgesFor(spec: JudgeSpec): Judge<RagSample, unknown>[] {
  const t = spec.templates ?? {};
  const named: Record<JudgeSpec["judges"][number], () => Judge<RagSample, unknown>> = {
    faithfulness: () => faithfulnessJudge({ claims: t.faithfulness_claims, verdicts: t.faithfulness_verdicts }) as Judge<RagSample, unknown>,
    relevancy: () => answerRelevancyJudge(t.relevancy) as Judge<RagSample, unknown>,
    context_precision: () => contextPrecisionJudge(t.context_precision) as Judge<RagSample, unknown>,
    context_recall: () => contextRecallJudge(t.context_recall) as Judge<RagSample, unknown>,
    style: () => rubricJudge(STYLE_RUBRIC, t.rubric) as Judge<RagSample, unknown>,
  };
  const judges = spec.judges.map((j) => named[j]());
  if (spec.rubric) judges.push(rubricJudge(defineRubric(spec.rubric), t.rubric) as Judge<RagSample, unknown>);
  return judges;
}

/** Judge runs as stored and served: the route's response (./contract). */
export type JudgeRunRecord = JudgeResults;
export type JudgeResult = JudgeResults["judges"][number];
export type TokenCount = JudgeResults["answerTokens"];

/** Every judge over every sample, N repeats each; the summary keeps failures counted, never dropped. */
export async function runJudges(
  spec: JudgeSpec,
  judges: readonly Judge<RagSample, unknown>[],
  samples: readonly JudgeItem[],
  model: JudgeModel,
  cache: JudgeCache,
  ctx: JobContext,
): Promise<JudgeResult[]> {
  const items = samples.map(({ id, ...sample }) => ({ id, input: sample }));
  const results: JudgeResult[] = [];
  // One per job: a model that timed out for one judge is not waited on again by the next.
  const stall = {};
  for (const [i, judge] of judges.entries()) {
    const run = await runJudgements(items, judge, {
      model,
      repeats: spec.repeats,
      concurrency: spec.concurrency,
      cache,
      signal: ctx.signal,
      contextOf: (sample) => sample.contexts,
      stall,
      onProgress: ({ done, total }) => ctx.progress({ stage: "judging", done: i * total + done, total: judges.length * total, message: `Judging ${judge.name}` }),
    });
    // Judgements cut short by a cancel are marked skipped, not thrown; the run must still end as cancelled.
    ctx.signal.throwIfAborted();
    const means = run.items.flatMap((it) => (it.summary.mean === null ? [] : [it.summary.mean]));
    results.push({
      judge: run.judge,
      scale: run.scale,
      modelId: run.modelId,
      repeats: run.repeats,
      overall: summarize(means),
      counts: run.counts,
      items: run.items.map((it) => ({
        id: it.id,
        ...it.summary,
        scores: it.outcomes.flatMap((o) => (o.status === "ok" ? [o.score] : [])),
        undecided: spec.threshold !== undefined && it.summary.ci !== null && straddles(it.summary.ci, spec.threshold),
        failures: it.outcomes.flatMap((o) => (o.status === "failed" ? [`${o.kind}: ${o.message}`] : [])),
        details: it.outcomes.flatMap((o) => (o.status === "ok" ? [o.details] : [])).slice(0, 1),
      })),
    });
  }
  return results;
}
