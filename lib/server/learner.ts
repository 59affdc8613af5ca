import "server-only";
import { headers } from "next/headers";
import { forbidden, unauthorized } from "next/navigation";
import { env } from "@/lib/config/env";
import { appDb } from "@/lib/db";
import { callerOf, checkHost, type Caller } from "./access";
import { currentCaller } from "./caller";

/**
 * The learner a route acts for, as `route()` authenticated it. Locally
 * (RAGCAMP_AUTH=local) there is one user and no sign-in, so work survives a
 * fresh browser profile. In a cohort each learner has a join link that sets
 * a session cookie, and every query is scoped by the learner id it resolves to.
 */
export async function currentLearner(): Promise<string> {
  return currentCaller().learner;
}

/**
 * For pages: the learner, or null when a cohort member has not signed in yet.
 * Pages check callers as routes do, Host included, so a rebinding page on a
 * foreign name gets the sign-in page, never a learner's saved work.
 */
export async function learnerForPage(): Promise<string | null> {
  return (await callerForPage())?.learner ?? null;
}

/** For pages that depend on who is asking (the instructor's): the caller, or null as for `learnerForPage`. */
export async function callerForPage(): Promise<Caller | null> {
  const h = await headers();
  try {
    checkHost(h.get("host"), env());
  } catch {
    return null;
  }
  return callerOf(h, env(), appDb);
}

/**
 * For instructor pages: the caller, or the sign-in page (401) without a
 * session and the forbidden page (403) for a learner. Calling it is what
 * makes a page the instructor's (the route matrix test reads it).
 */
export async function instructorForPage(): Promise<Caller> {
  const caller = await callerForPage();
  if (!caller) unauthorized();
  if (!caller.instructor) forbidden();
  return caller;
}
