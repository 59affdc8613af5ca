/**
 * The grid use case, shared by the route and the CLI's local path: the
 * learner's engines from the composition root, the spec checked before any
 * work, then the run stored when it ends.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { appDb } from "@/lib/db";
import { jobKind } from "@/lib/jobs/kinds";
import type { JobContext } from "@/lib/jobs/manager";
import { requireChatModel } from "@/lib/llm/chat-model";
import { traceOrigin } from "@/lib/llm/trace";
import { gridEngines, ingestDeps, services } from "@/lib/services";
import { gridSpecSchema } from "./contract";
import { llmQueryRewriter } from "./query-rewrite";
import { runGrid, type ExperimentRecord, type GridHooks } from "./runner";
import { getExperiment, runSummary, saveGridRun } from "./service";
import { expandGrid } from "./spec";

/**
 * Validates a grid for `learner` now (a bad spec, an unconfigured embedder or
 * a missing chat model fails before any work) and returns the run, which
 * stores its record.
 */
export async function prepareGrid(learner: string, spec: unknown): Promise<(ctx: JobContext) => Promise<ExperimentRecord>> {
  const deps = await ingestDeps(learner);
  const engines = gridEngines(learner);
  const { spec: parsed } = expandGrid(spec, deps.embedder.maxTokens, deps.store);
  // Names resolve now, so an unconfigured embedder fails before the job starts.
  parsed.embedders?.forEach((name) => engines.embedderNamed?.(name));
  const hooks: GridHooks = { ...engines, ...(parsed.queryRewrite === "llm" ? { rewriteQuery: llmQueryRewriter(requireChatModel()) } : {}) };
  const id = randomUUID();
  return async (ctx) => {
    // The job runs in the trace scope of the notebook that started it (lib/jobs/manager.ts): that is the run's lesson.
    const notebook = traceOrigin()?.notebook;
    const record = { ...(await runGrid(spec, deps, ctx, id, hooks)), ...(notebook && { notebook }) };
    await saveGridRun(await appDb(), learner, record);
    return record;
  };
}

/** A grid as a job whose result is the run's summary. */
export const gridJob = jobKind("grid", z.object({ spec: gridSpecSchema }), async ({ spec }, ctx) => runSummary(await (await prepareGrid(ctx.learner, spec))(ctx)));

/** Starts a grid as a server job, once the spec is checked. */
export async function startGrid(learner: string, spec: unknown) {
  await prepareGrid(learner, spec);
  return (await services.jobs()).start(learner, gridJob, { spec: gridSpecSchema.parse(spec) }, spec);
}

/** Runs a recorded grid again with its exact spec. */
export async function rerunGrid(learner: string, id: string) {
  return startGrid(learner, (await getExperiment(await appDb(), learner, id)).spec);
}
