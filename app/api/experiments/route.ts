import { z } from "zod";
import { appDb } from "@/lib/db";
import type { ExperimentRecord } from "@/lib/experiments/runner";
import { runSummary, startGrid } from "@/lib/experiments/service";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { gridEngines, ingestDeps, services } from "@/lib/services";

export const GET = route(async () => ({
  experiments: appDb()
    .listExperiments(await currentLearner())
    .map((e) => runSummary(e.record as ExperimentRecord)),
}));

/** Starts a grid as a job; the spec is validated in full before it is queued. */
export const POST = route(async (req) => {
  const learner = await currentLearner();
  const spec = await jsonBody(req, z.unknown(), 64_000);
  return startGrid(appDb(), services.jobs(), learner, spec, await ingestDeps(learner), gridEngines(learner));
});
