import "server-only";
import { cookies } from "next/headers";
import { env } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { learnerForToken } from "@/lib/learners/tokens";

export const SESSION_COOKIE = "ragcamp_session";
const LOCAL_LEARNER = "local";

/**
 * The learner a request acts for. Locally (RAGCAMP_AUTH=local) there is one
 * learner and no sign-in, so work survives a fresh browser profile. In a
 * cohort each learner has a join link that sets a session cookie, and every
 * query is scoped by the learner id it resolves to here.
 */
export async function currentLearner(): Promise<string> {
  if (env().RAGCAMP_AUTH === "local") return LOCAL_LEARNER;
  const learner = learnerForToken(appDb(), (await cookies()).get(SESSION_COOKIE)?.value);
  if (!learner) throw new LabError("unauthorized", "Sign in with the personal join link your instructor gave you.");
  return learner.id;
}

/** For pages: the learner, or null when a cohort member has not signed in yet. */
export async function learnerForPage(): Promise<string | null> {
  try {
    return await currentLearner();
  } catch (e) {
    if (e instanceof LabError && e.code === "unauthorized") return null;
    throw e;
  }
}
