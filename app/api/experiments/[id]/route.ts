import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { deleteExperiment, readExperiment } from "@/lib/experiments/contract";
import { getExperiment } from "@/lib/experiments/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** The record without its per-question rankings (those come from /drilldown). */
export const GET = route(readExperiment, async (_input, { params }) => {
  const { ranked: _ranked, ...record } = await getExperiment(await appDb(), await currentLearner(), params.id);
  return record;
});

export const DELETE = route(deleteExperiment, async (_input, { params: { id } }) => {
  if (!(await (await appDb()).experiments.delete(await currentLearner(), id))) throw new LabError("not_found", `No experiment ${id}`);
  return { deleted: id };
});
