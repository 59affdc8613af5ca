import { appDb } from "@/lib/db";
import { listJudgeRuns } from "@/lib/judge/contract";
import type { JudgeRunRecord } from "@/lib/judge/run-spec";
import { judgeRunSummary } from "@/lib/judge/service";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** The learner's judge runs, newest first. */
export const GET = route(listJudgeRuns, async () => ({
  runs: (await (await appDb()).judging.listRuns(await currentLearner())).map((r) => judgeRunSummary(r.record as JudgeRunRecord)),
}));
