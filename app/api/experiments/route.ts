import { appDb } from "@/lib/db";
import { listExperiments, startGridRun } from "@/lib/experiments/contract";
import { listExperimentRuns, runSummary } from "@/lib/experiments/service";
import { startGrid } from "@/lib/experiments/start-grid";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route(listExperiments, async () => {
  const { runs, unreadable } = await listExperimentRuns(await appDb(), await currentLearner());
  return { experiments: runs.map(runSummary), ...(unreadable.length > 0 && { unreadable }) };
});

/** Starts a grid as a job; the spec is validated in full before it is queued. */
export const POST = route(startGridRun, async (spec) => startGrid(await currentLearner(), spec));
