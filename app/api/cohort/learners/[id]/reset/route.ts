import { resetCohortLearner } from "@/lib/cohort/contract";
import { resetLearner } from "@/lib/cohort/reset";
import { route } from "@/lib/server/route";

/** Stops the learner's jobs, then deletes all their work; other learners are untouched. */
export const POST = route(resetCohortLearner, async (_input, { params }) => resetLearner(params.id), { access: "instructor" });
