import { resetCohortLearner } from "@/lib/cohort/contract";
import { resetLearner, resetLearnerLesson } from "@/lib/cohort/reset";
import { route } from "@/lib/server/route";

/** Stops the learner's jobs, then deletes all their work, or one lesson's; other learners are untouched. */
export const POST = route(resetCohortLearner, async ({ lesson }, { params }) => (lesson ? resetLearnerLesson(params.id, lesson) : resetLearner(params.id)), { access: "instructor" });
