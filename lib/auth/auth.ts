import { kyselyAdapter } from "@better-auth/kysely-adapter";
import { betterAuth, type BetterAuthOptions, type BetterAuthPlugin } from "better-auth";
import { APIError, createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import { admin, magicLink } from "better-auth/plugins";
import { adminAc, userAc } from "better-auth/plugins/admin/access";
import { z } from "zod";
import type { ServerEnv } from "@/lib/config/env";
import type { AppDb } from "@/lib/db/app-db";
import { LINK_MESSAGES, linkState, useLink } from "@/lib/learners/tokens";
import { COOKIE_PREFIX } from "./cookies";
import { hashSessionTokens } from "./hashed-sessions";
import { authSecret } from "./secret";

export const AUTH_BASE_PATH = "/api/auth";
/** The join exchange, under AUTH_BASE_PATH: the Join button posts the link's token here. */
export const JOIN_PATH = "/join-link";
export const SESSION_DAYS = 14;
/** Join attempts with a wrong, used or expired link per client address per minute before 429. */
export const JOIN_ATTEMPTS_PER_MINUTE = 10;
export const INSTRUCTOR_ID = "local";
export const INSTRUCTOR_EMAIL = "instructor@ragcamp.invalid";
/** Better Auth needs an e-mail per user; learners have none here (nothing sends mail), so each gets a name that cannot be delivered. */
export const learnerEmail = (learnerId: string) => `${learnerId}@learners.ragcamp.invalid`;

export interface AuthOptions {
  /** Set for links built outside a request (the CLI); the server takes each request's own origin. */
  baseURL?: string;
  /** Receives the instructor's one-time sign-in link: nothing sends mail, so the CLI prints it (the server never makes one). */
  onMagicLink?: (url: string) => void;
}

/**
 * Better Auth over the app database: sessions are random tokens stored
 * hashed (hashed-sessions.ts) that expire after SESSION_DAYS; roles come from the admin plugin (instructor, learner); the
 * instructor signs in with a one-time magic link; learners exchange a join
 * link for a session through the join endpoint below. Rate limits keep their
 * counters in the database, so instances on one database share them.
 */
export function createAuth(db: AppDb, e: ServerEnv, opts: AuthOptions = {}) {
  return betterAuth({
    appName: "ragcamp",
    database: (options: BetterAuthOptions) => hashSessionTokens(kyselyAdapter(db.kysely, { type: db.engine })(options)),
    secret: authSecret(e),
    // Outside a request (the CLI), the origin given; in the server, the request's own, among the hosts checkHost() serves.
    baseURL: opts.baseURL ?? { allowedHosts: labHosts(e), protocol: "auto", fallback: e.RAGCAMP_PUBLIC_URL ?? "http://localhost:3000" },
    basePath: AUTH_BASE_PATH,
    trustedOrigins: e.RAGCAMP_PUBLIC_URL ? [new URL(e.RAGCAMP_PUBLIC_URL).origin] : [],
    user: { modelName: "auth_user" },
    // A fixed lifetime: a refresh would renew the row but not the cookie when the session is read outside a response (callerOf).
    session: { modelName: "auth_session", expiresIn: SESSION_DAYS * 86_400, disableSessionRefresh: true },
    account: { modelName: "auth_account" },
    verification: { modelName: "auth_verification" },
    rateLimit: {
      enabled: true,
      storage: "database",
      modelName: "auth_rate_limit",
      window: 60,
      max: 100,
      // Only attempts with a link that cannot be used count: a class behind one address all joining at 9:00 is not refused.
      customRules: {
        [JOIN_PATH]: async (req) => ((await wouldJoin(db, req)) ? false : { window: 60, max: JOIN_ATTEMPTS_PER_MINUTE }),
        // Without a trusted client address every request shares one counter, so a limit here would let a stranger lock
        // everyone out: of signing out, and of the instructor's sign-in link (a random 32-character token: guessing is
        // no threat to limit).
        "/sign-out": false,
        "/magic-link/verify": false,
      },
    },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      // Secure (and __Secure-) only when learners come over https: Better Auth's default under `next start` would have
      // browsers drop the cookie of a lab served over plain http on a LAN address.
      useSecureCookies: e.RAGCAMP_PUBLIC_URL?.startsWith("https:") ?? false,
      // route() checks Host and Origin on every request before Better Auth sees it (lib/server/access.ts); callback URLs are still checked.
      disableCSRFCheck: true,
    },
    telemetry: { enabled: false },
    // The instructor's sign-in links are made by the CLI on the server machine only (instructorSignInLink), never asked for over HTTP.
    // Also off: endpoints the lab does not use. The session ones would take the stored hash for a token (hashed-sessions.ts)
    // and report success while revoking nothing; a learner's own profile is not the lab's to edit.
    disabledPaths: [
      "/sign-in/magic-link",
      "/update-user",
      "/list-sessions",
      "/revoke-session",
      "/revoke-sessions",
      "/revoke-other-sessions",
      "/admin/list-user-sessions",
      "/admin/revoke-user-session",
      "/admin/revoke-user-sessions",
    ],
    plugins: [
      admin({ roles: { instructor: adminAc, learner: userAc }, adminRoles: ["instructor"], defaultRole: "learner" }),
      magicLink({ expiresIn: 15 * 60, storeToken: "hashed", disableSignUp: true, sendMagicLink: ({ url }) => opts.onMagicLink?.(url) }),
      joinLinks(db),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The hosts lib/server/access.ts checkHost() answers for: loopback names on any port, and the public one. */
function labHosts(e: ServerEnv): string[] {
  const loopback = ["localhost", "127.0.0.1", "[::1]"].flatMap((h) => [h, `${h}:*`]);
  return e.RAGCAMP_PUBLIC_URL ? [...loopback, new URL(e.RAGCAMP_PUBLIC_URL).host] : loopback;
}

/** Whether a join request carries a link that can be used now (read from a copy of the body, which the endpoint still reads). */
async function wouldJoin(db: AppDb, req: Request): Promise<boolean> {
  const body = (await req
    .clone()
    .json()
    .catch(() => null)) as { token?: unknown } | null;
  return typeof body?.token === "string" && body.token.length <= 200 && (await linkState(db, body.token)).state === "ok";
}

/** The exchange of a learner's join link for a session: a POST, so a link previewer's GET cannot use the link up. */
function joinLinks(db: AppDb) {
  return {
    id: "ragcamp-join-links",
    endpoints: {
      joinWithLink: createAuthEndpoint(JOIN_PATH, { method: "POST", body: z.object({ token: z.string().min(1).max(200) }) }, async (ctx) => {
        const used = await useLink(db, ctx.body.token);
        if (used.state === "unknown") throw new APIError("UNAUTHORIZED", { code: "invalid_link", message: LINK_MESSAGES.unknown });
        if (used.state !== "ok") throw new APIError("GONE", { code: `${used.state}_link`, message: LINK_MESSAGES[used.state] });
        const { learner } = used.link;
        const users = ctx.context.internalAdapter;
        const user =
          (await users.findUserById(learner.id)) ??
          (await users.createUser({ id: learner.id, name: learner.name, email: learnerEmail(learner.id), emailVerified: true, role: "learner" }, { method: "join-link" }));
        const session = await users.createSession(user.id);
        await setSessionCookie(ctx, { session, user });
        return ctx.json({ ok: true, learner: { id: learner.id, name: learner.name } });
      }),
    },
  } satisfies BetterAuthPlugin;
}
