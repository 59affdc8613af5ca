import { cohortOverview } from "@/lib/cohort/overview";
import { appDb } from "@/lib/db";
import { lessons } from "@/lib/lessons/catalog";
import { instructorForPage } from "@/lib/server/learner";
import { renderOrUnavailable } from "@/lib/server/page";
import { CohortDashboard } from "@/lib/ui/cohort/CohortDashboard";

export const dynamic = "force-dynamic";

export default async function InstructorPage() {
  return renderOrUnavailable("/instructor", instructorPage);
}

async function instructorPage() {
  await instructorForPage();
  return (
    <main className="cohort" data-testid="cohort-dashboard">
      <h1>Your cohort</h1>
      <p className="lead">Who is where, who is stuck, and what their experiments found on held-out questions. It refreshes every 30 seconds.</p>
      <CohortDashboard initial={await cohortOverview(await appDb(), lessons())} />
    </main>
  );
}
