import { appDb } from "@/lib/db";
import { getExperiment, startGrid } from "@/lib/experiments/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { gridEngines, ingestDeps, services } from "@/lib/services";

/** Runs a recorded grid again with its exact spec. */
export const POST = route<{ id: string }>(async (_req, { params }) => {
  const learner = await currentLearner();
  const record = getExperiment(appDb(), learner, (await params).id);
  return startGrid(appDb(), services.jobs(), learner, record.spec, await ingestDeps(learner), gridEngines(learner));
});
