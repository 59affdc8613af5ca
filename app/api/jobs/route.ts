import { appDb } from "@/lib/db";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route(async (req) => {
  const active = new URL(req.url).searchParams.get("active") === "1";
  return { jobs: appDb().listJobs(await currentLearner(), { active, limit: 20 }) };
});
