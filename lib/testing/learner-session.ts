/** For tests: a cohort learner signed in as the browser does it, by the Join button's exchange of their link for a session. */
import { serverAuth } from "@/lib/auth";
import type { AppDb } from "@/lib/db/app-db";
import { invite } from "@/lib/learners/tokens";

/** Invites `name` and returns the `name=value` session cookie their Join sets. */
export async function learnerSessionCookie(db: AppDb, name: string, host: string): Promise<string> {
  const { token } = await invite(db, name);
  const headers = { host, origin: `http://${host}`, "content-type": "application/json" };
  const joined = await serverAuth(db).handler(new Request(`http://${host}/api/auth/join-link`, { method: "POST", headers, body: JSON.stringify({ token }) }));
  return joined.headers.getSetCookie()[0].split(";")[0];
}
