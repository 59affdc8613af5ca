import { appDb } from "@/lib/db";
import { listJobs } from "@/lib/jobs/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route(listJobs, async ({ active }) => ({ jobs: await (await appDb()).jobs.list(await currentLearner(), { active: active === "1", limit: 20 }) }));
