import { getCohort } from "@/lib/cohort/contract";
import { cohortOverview } from "@/lib/cohort/overview";
import { appDb } from "@/lib/db";
import { lessons } from "@/lib/lessons/catalog";
import { route } from "@/lib/server/route";

/** The instructor's view of every learner: progress per lesson, trouble, held-out scores. */
export const GET = route(getCohort, async () => cohortOverview(await appDb(), lessons()), { access: "instructor" });
