import { exportCohort } from "@/lib/cohort/contract";
import { cohortCsv } from "@/lib/cohort/export";
import { cohortOverview } from "@/lib/cohort/overview";
import { appDb } from "@/lib/db";
import { lessons } from "@/lib/lessons/catalog";
import { route } from "@/lib/server/route";

const CSV_HEADERS = { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="cohort-results.csv"' };

/** The cohort's results as CSV: one row per learner × lesson. */
export const GET = route(exportCohort, async () => new Response(cohortCsv(await cohortOverview(await appDb(), lessons())), { headers: CSV_HEADERS }), { access: "instructor" });
