import type { ServerEnv } from "@/lib/config/env";
import type { AppDb } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";

export type AuthMode = "local" | "cohort";

/** Databases known to hold a cohort: an instance never leaves cohort mode, so that answer is kept. */
const inCohort = new WeakSet<AppDb>();

/**
 * Local mode (no sign-in, one user) or cohort mode (sign-in, roles). The
 * database decides: once `ragcamp cohort create` has run, the instance is a
 * cohort however the server is started, and RAGCAMP_AUTH=local is refused
 * rather than opening every learner's work to anyone.
 */
export async function authMode(e: Pick<ServerEnv, "RAGCAMP_AUTH" | "RAGCAMP_TEST_HOOKS">, db: AppDb): Promise<AuthMode> {
  if (e.RAGCAMP_AUTH === "cohort") return "cohort";
  if (!inCohort.has(db)) {
    const cohort = await db.cohort.get();
    if (!cohort) return "local";
    inCohort.add(db);
  }
  if (e.RAGCAMP_AUTH === "local") {
    throw new LabError("not_configured", "This lab holds a cohort (ragcamp cohort create), so RAGCAMP_AUTH=local, which turns sign-in off, is refused: unset RAGCAMP_AUTH and restart the lab.");
  }
  // lib/config/env.ts refuses the pair when both are set; a cohort made in the database is refused here.
  if (e.RAGCAMP_TEST_HOOKS) throw new LabError("not_configured", "This lab holds a cohort, so RAGCAMP_TEST_HOOKS=1 (for tests only) is refused: unset it and restart the lab.");
  return "cohort";
}
