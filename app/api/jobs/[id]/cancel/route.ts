import { cancelJob } from "@/lib/jobs/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const POST = route(cancelJob, async (_input, { params }) => (await services.jobs()).cancel(await currentLearner(), params.id));
