import { startJudgeRun } from "@/lib/judge/contract";
import { startJudging } from "@/lib/judge/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { judgingDeps, services } from "@/lib/services";

/** Starts a judging job: every judge over every answer (given, or generated for an experiment's questions), with repeats. */
export const POST = route(startJudgeRun, async (spec) => startJudging(await services.jobs(), spec, await judgingDeps(await currentLearner())));
