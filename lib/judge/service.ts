import { randomUUID } from "node:crypto";
import type { AppDb } from "@/lib/db/app-db";
import { z } from "zod";
import { isLabError, isLabErrorCode, LabError } from "@/lib/errors";
import { getExperiment } from "@/lib/experiments/service";
import { jobKind } from "@/lib/jobs/kinds";
import type { JobContext, JobManager } from "@/lib/jobs/manager";
import { judgingDeps } from "@/lib/services";
import { answerExperimentQuestions, type AnswerDeps } from "./experiment-answers";
import { runTokens } from "./views";
import { judgeResultsSchema, judgeSpecSchema, type JudgeSpec } from "./contract";
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

/**
 * A judge run as stored, read through a schema rather than cast: what was
 * added after runs were first stored has a default, and samples are read
 * without the limits a new spec's items have (they were checked when judged).
 */
const storedJudgeRunSchema = judgeResultsSchema.extend({
  experiment: judgeResultsSchema.shape.experiment.default(null),
  samples: z.array(z.object({ id: z.string(), question: z.string(), answer: z.string(), contexts: z.array(z.string()), reference: z.string().optional() })),
  answerFailures: judgeResultsSchema.shape.answerFailures.default([]),
  answerTokens: judgeResultsSchema.shape.answerTokens.default({ input: 0, output: 0 }),
});

/** A stored judge run in the current shape; a clear error naming the run and the field when it cannot be read. */
export function parseJudgeRun(id: string, stored: unknown): JudgeRunRecord {
  const parsed = storedJudgeRunSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new LabError("conflict", `Judge run ${id} is stored in a shape this version cannot read (${first.path.join(".") || "run"}: ${first.message}); judge again to replace it`);
}

export async function getJudgeRun(db: AppDb, learner: string, id: string): Promise<JudgeRunRecord> {
  const stored = await db.judging.getRun(learner, id);
  if (stored === undefined) throw new LabError("not_found", `No judge run ${id}`);
  return parseJudgeRun(id, stored);
}

/** The learner's judge runs that can be read; one that cannot is left out (and logged), so the list still works, and opening it says why. */
export async function listJudgeRunRecords(db: AppDb, learner: string): Promise<JudgeRunRecord[]> {
  return (await db.judging.listRuns(learner)).flatMap(({ id, record }) => {
    try {
      return [parseJudgeRun(id, record)];
    } catch (e) {
      if (!isLabError(e)) throw e;
      console.error(`[judge] ${e.message}`);
      return [];
    }
  });
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
