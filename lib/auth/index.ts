import { env, type ServerEnv } from "@/lib/config/env";
import type { AppDb } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";
import { learnerId, requireLearner } from "@/lib/learners/tokens";
import { createAuth, INSTRUCTOR_EMAIL, INSTRUCTOR_ID, type Auth } from "./auth";

export { authMode } from "./mode";
export { AUTH_BASE_PATH, JOIN_PATH, createAuth, type Auth } from "./auth";

// One instance per app database handle; on globalThis so Next's dev reloads reuse it.
const holder = globalThis as unknown as { __ragcampAuth?: WeakMap<AppDb, Auth> };

/** The server's Better Auth instance over the process's app database. */
export function serverAuth(db: AppDb): Auth {
  holder.__ragcampAuth ??= new WeakMap();
  let auth = holder.__ragcampAuth.get(db);
  if (!auth) holder.__ragcampAuth.set(db, (auth = createAuth(db, env())));
  return auth;
}

/** Who a request's session cookie belongs to, or null without a live one. */
export async function sessionUser(db: AppDb, headers: Headers, auth = serverAuth(db)): Promise<{ id: string; role: string | null | undefined } | null> {
  const session = await auth.api.getSession({ headers });
  return session && { id: session.user.id, role: (session.user as { role?: string | null }).role };
}

/**
 * Names the cohort (the instance is in cohort mode from then on), creates the
 * instructor's account and returns their one-time sign-in link.
 */
export async function createCohort(db: AppDb, e: ServerEnv, name: string, origin: string): Promise<{ name: string; signInUrl: string }> {
  if (!name.trim()) throw new LabError("bad_input", "Name the cohort: ragcamp cohort create NAME");
  const cohort = await db.cohort.create(name.trim());
  return { name: cohort.name, signInUrl: await instructorSignInLink(db, e, origin) };
}

/** A fresh one-time sign-in link for the instructor (15 minutes), creating their account on first use. */
export async function instructorSignInLink(db: AppDb, e: ServerEnv, origin: string): Promise<string> {
  if (!(await db.cohort.get())) throw new LabError("conflict", "This instance is not a cohort yet: ragcamp cohort create NAME");
  let url: string | undefined;
  const auth = createAuth(db, e, { baseURL: origin, onMagicLink: (u) => (url = u) });
  const users = (await auth.$context).internalAdapter;
  if (!(await users.findUserById(INSTRUCTOR_ID))) {
    await users.createUser({ id: INSTRUCTOR_ID, name: "Instructor", email: INSTRUCTOR_EMAIL, emailVerified: true, role: "instructor" }, { method: "cohort-create" });
  }
  await auth.api.signInMagicLink({ body: { email: INSTRUCTOR_EMAIL, callbackURL: "/" }, headers: new Headers() });
  if (!url) throw new Error("Better Auth made no sign-in link");
  return url;
}

/** Ends every session of a learner at once; their next request needs a new join link. */
export async function revokeSessions(db: AppDb, id: string, auth = serverAuth(db)): Promise<{ learner: string; revoked: number }> {
  const learner = learnerId(id);
  await requireLearner(db, learner);
  const users = (await auth.$context).internalAdapter;
  // Links first: a link still valid would let them straight back in.
  await db.learners.expireLinks(learner, new Date().toISOString());
  const revoked = (await users.listSessions(learner)).length;
  await users.deleteUserSessions(learner);
  return { learner, revoked };
}
