import { getJob } from "@/lib/jobs/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const GET = route(getJob, async (_input, { params }) => (await services.jobs()).get(await currentLearner(), params.id));
