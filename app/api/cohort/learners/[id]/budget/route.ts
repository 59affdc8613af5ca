import { setLearnerBudget } from "@/lib/cohort/contract";
import { setBudget } from "@/lib/cohort/budget";
import { route } from "@/lib/server/route";

/** Raises (or lowers, or returns to the default) one learner's model budget; their next call sees it. */
export const POST = route(setLearnerBudget, async ({ tokens }, { params }) => setBudget(params.id, tokens), { access: "instructor" });
