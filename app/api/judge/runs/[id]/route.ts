import { appDb } from "@/lib/db";
import { readJudgeRun } from "@/lib/judge/contract";
import { getJudgeRun } from "@/lib/judge/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route(readJudgeRun, async (_input, { params }) => getJudgeRun(await appDb(), await currentLearner(), params.id));
