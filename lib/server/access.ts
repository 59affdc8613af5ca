import "server-only";
import { authMode, sessionUser } from "@/lib/auth";
import type { ServerEnv } from "@/lib/config/env";
import type { AppDb } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";
import { isAdminRequest } from "./admin";

/**
 * Who may call a route. Every route declares one; `learner` is the default,
 * so a new route is closed until someone decides otherwise.
 */
export type Access = "public" | "learner" | "instructor";

/**
 * The space of the person running the lab: the one user in local mode, and
 * the instructor (signed in, or the CLI with the admin token) in a cohort.
 * Learner ids never take this name (lib/learners/tokens.ts reserves it).
 */
export const OWNER_SPACE = "local";

export interface Caller {
  /** Whose space the request reads and writes. */
  learner: string;
  instructor: boolean;
  /** The request carried the admin token (the instructor's CLI on the server machine). */
  viaToken: boolean;
}

/**
 * The caller a request (its headers) acts for, or null when it has no valid
 * session: the admin token; in local mode, the one user; in a cohort, the
 * Better Auth session's user, by role.
 */
export async function callerOf(headers: Headers, e: ServerEnv, db: () => Promise<AppDb>): Promise<Caller | null> {
  if (isAdminRequest(headers, e.dataDir)) return { learner: OWNER_SPACE, instructor: true, viaToken: true };
  const appDb = await db();
  if ((await authMode(e, appDb)) === "local") {
    // Local mode trusts whoever can reach the lab: that is the person at this machine only. A lab reached at its
    // public address before `ragcamp cohort create` has run answers no one (else a stranger would be its instructor).
    return isLoopbackHost(headers.get("host")) ? { learner: OWNER_SPACE, instructor: true, viaToken: false } : null;
  }
  const user = await sessionUser(appDb, headers);
  if (!user) return null;
  return user.role === "instructor" ? { learner: OWNER_SPACE, instructor: true, viaToken: false } : { learner: user.id, instructor: false, viaToken: false };
}

export function authorize(caller: Caller | null, access: Access): void {
  if (access === "public") return;
  if (!caller) throw new LabError("unauthorized", "Sign in with the personal join link your instructor gave you.");
  if (access === "instructor" && !caller.instructor) throw new LabError("forbidden", "Only the instructor can do this.");
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function hostnameOf(host: string): string {
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return "";
  }
}

const isLoopbackHost = (host: string | null) => LOOPBACK.has(hostnameOf(host ?? ""));

/**
 * The Host a request was sent to must be this lab: a loopback name or the
 * configured public host. Anything else is a misdirected request, which also
 * stops DNS rebinding (a foreign name pointed at this machine).
 */
export function checkHost(hostHeader: string | null, e: ServerEnv): string {
  const host = hostHeader ?? "";
  const hostname = hostnameOf(host);
  const configured = e.RAGCAMP_PUBLIC_URL ? new URL(e.RAGCAMP_PUBLIC_URL).hostname : null;
  if (!host || (!LOOPBACK.has(hostname) && hostname !== configured)) {
    throw new LabError("misdirected", `This lab does not answer for the host "${host.slice(0, 100)}".`);
  }
  return host;
}

/**
 * Cross-site request forgery: a state-changing request must come from the
 * lab's own pages (Origin, or Sec-Fetch-Site when a browser sends no Origin)
 * or from the instructor's CLI (the admin token), and must be JSON, which a
 * form or a no-cors fetch from another site cannot send.
 */
export function checkSameOrigin(req: Request, e: ServerEnv, host: string, viaToken: boolean): void {
  if (req.method === "GET" || req.method === "HEAD") return;
  const origin = req.headers.get("origin");
  if (origin !== null) {
    if (!isLabOrigin(origin, host, e)) throw new LabError("forbidden", "Requests from other sites are refused.");
  } else if (req.headers.get("sec-fetch-site") !== "same-origin" && !viaToken) {
    throw new LabError("forbidden", "Requests that do not say where they come from are refused (no Origin header).");
  }
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new LabError("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json).");
}

function isLabOrigin(origin: string, host: string, e: ServerEnv): boolean {
  if (e.RAGCAMP_PUBLIC_URL && origin === new URL(e.RAGCAMP_PUBLIC_URL).origin) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host === host;
  } catch {
    return false; // "null" and other opaque origins
  }
}
