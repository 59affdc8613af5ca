import { appDb } from "@/lib/db";
import { getJudgeRun } from "@/lib/judge/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route<{ id: string }>(async (_req, { params }) => getJudgeRun(appDb(), await currentLearner(), (await params).id));
