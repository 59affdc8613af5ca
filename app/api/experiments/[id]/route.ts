import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { getExperiment } from "@/lib/experiments/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

type Params = { id: string };

/** The record without its per-question rankings (those come from /drilldown). */
export const GET = route<Params>(async (_req, { params }) => {
  const { ranked: _ranked, ...record } = getExperiment(appDb(), await currentLearner(), (await params).id);
  return record;
});

export const DELETE = route<Params>(async (_req, { params }) => {
  const { id } = await params;
  if (!appDb().deleteExperiment(await currentLearner(), id)) throw new LabError("not_found", `No experiment ${id}`);
  return { deleted: id };
});
