import { appDb } from "@/lib/db";
import { listExperiments, startGridRun } from "@/lib/experiments/contract";
import type { ExperimentRecord } from "@/lib/experiments/runner";
import { runSummary } from "@/lib/experiments/service";
import { startGrid } from "@/lib/experiments/start-grid";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route(listExperiments, async () => ({
  experiments: (await (await appDb()).experiments.list(await currentLearner())).map((e) => runSummary(e.record as ExperimentRecord)),
}));

/** Starts a grid as a job; the spec is validated in full before it is queued. */
export const POST = route(startGridRun, async (spec) => startGrid(await currentLearner(), spec));
