import { z } from "zod";
import { startJudging } from "@/lib/judge/service";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { judgingDeps, services } from "@/lib/services";

/** Starts a judging job: every judge over every answer (given, or generated for an experiment's questions), with repeats. */
export const POST = route(async (req) => {
  const spec = await jsonBody(req, z.unknown(), 2_000_000);
  return startJudging(services.jobs(), spec, judgingDeps(await currentLearner()));
});
