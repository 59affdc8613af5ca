import { appDb } from "@/lib/db";
import { listJudgeRuns } from "@/lib/judge/contract";
import { judgeRunSummary, listJudgeRunRecords } from "@/lib/judge/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** The learner's judge runs, newest first. */
export const GET = route(listJudgeRuns, async () => ({
  runs: (await listJudgeRunRecords(await appDb(), await currentLearner())).map(judgeRunSummary),
}));
