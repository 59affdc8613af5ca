import { randomUUID } from "node:crypto";
import type { AppDb } from "@/lib/db/app-db";
import { isLabErrorCode, LabError } from "@/lib/errors";
import { getExperiment } from "@/lib/experiments/service";
import { jobKind } from "@/lib/jobs/kinds";
import type { JobContext, JobManager } from "@/lib/jobs/manager";
import { judgingDeps } from "@/lib/services";
import { answerExperimentQuestions, type AnswerDeps } from "./experiment-answers";
import { runTokens } from "./views";
import { judgeSpecSchema, type JudgeSpec } from "./contract";
import { dbJudgeCache, judgesFor, runJudges, type JudgeRunRecord } from "./run-spec";

export type JudgingDeps = AnswerDeps;

/** What a list of judge runs shows: enough to pick two to compare. */
export function judgeRunSummary(run: JudgeRunRecord) {
  return {
    id: run.id,
    createdAt: run.createdAt,
    modelId: run.modelId,
    experiment: run.experiment,
    samples: run.samples.length,
    repeats: run.repeats,
    judges: run.judges.map((j) => ({ judge: j.judge, mean: j.overall.mean, ci: j.overall.ci })),
    tokens: runTokens(run),
  };
}

export async function getJudgeRun(db: AppDb, learner: string, id: string): Promise<JudgeRunRecord> {
  const run = (await db.judging.getRun(learner, id)) as JudgeRunRecord | undefined;
  if (!run) throw new LabError("not_found", `No judge run ${id}`);
  return run;
}

/**
 * Judges the spec's answers, or first answers a stored experiment's
 * questions, then stores the run so it can be compared with others.
 */
export async function judgeAndStore(spec: JudgeSpec, deps: JudgingDeps, ctx: JobContext): Promise<JudgeRunRecord> {
  const judges = judgesFor(spec);
  let samples = spec.items ?? [];
  let generated: Awaited<ReturnType<typeof answerExperimentQuestions>> | undefined;
  if (spec.experiment) {
    generated = await answerExperimentQuestions(await getExperiment(deps.db, deps.learner, spec.experiment.id), { ...spec.experiment, concurrency: spec.concurrency }, deps, ctx);
    samples = generated.samples;
    if (samples.length === 0) {
      const first = generated.failures[0];
      // The first failure's class (timeout, rate_limited, ...) and so its status: the job failed the way its calls did.
      const code = isLabErrorCode(first?.kind) ? first.kind : "bad_gateway";
      throw new LabError(code, `No answer could be generated, so there is nothing to judge. First failure (${first?.kind}): ${first?.message}`);
    }
  }
  const results = await runJudges(spec, judges, samples, deps.model, dbJudgeCache(deps.db), ctx);
  const run: JudgeRunRecord = {
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    modelId: deps.model.id,
    repeats: spec.repeats,
    experiment: generated?.point ?? null,
    samples,
    answerFailures: generated?.failures ?? [],
    answerTokens: generated?.tokens ?? { input: 0, output: 0 },
    judges: results,
  };
  await deps.db.judging.saveRun(deps.learner, run.id, run.experiment?.id ?? null, run);
  return run;
}

/** Validates now (a bad spec or unknown experiment fails before any model call), then judges as a job. */
export async function startJudging(jobs: JobManager, spec: unknown, deps: JudgingDeps) {
  const parsed = judgeSpecSchema.parse(spec);
  judgesFor(parsed);
  if (parsed.experiment) await getExperiment(deps.db, deps.learner, parsed.experiment.id);
  const shown = { judges: parsed.judges, repeats: parsed.repeats, ...(parsed.experiment ? { experiment: parsed.experiment } : { items: parsed.items?.length }) };
  return jobs.start(deps.learner, judgeJob, parsed, shown);
}

/** Judging as a job: the model and retrieval come from the configuration of the instance that runs it. */
export const judgeJob = jobKind("judge", judgeSpecSchema, async (spec, ctx) => judgeRunSummary(await judgeAndStore(spec, await judgingDeps(ctx.learner), ctx)));
