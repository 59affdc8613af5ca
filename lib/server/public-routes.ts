/**
 * The only routes anyone may call without a session, each with the reason.
 * A route can be public only by naming its entry here (see `route()`), and
 * the route matrix test (e2e/route-matrix.spec.ts) reads this list.
 */
export const PUBLIC_ROUTES = {
  "/api/health": "liveness checks (the CLI, Docker, a load balancer) come without a session; it reveals nothing",
  "/api/ready": "readiness checks (Docker, a load balancer) come without a session; it says only ok or down per configured service",
  "/join/[token]": "a personal join link's page (name and Join button): the link is the credential, and opening it changes nothing",
  "/api/auth/[...all]":
    "Better Auth's sign-in routes: the Join button's exchange of a join link, the instructor's one-time magic link, sign-out; each checks its own credential, is rate-limited, and its admin routes need the instructor's session",
} as const;
export type PublicRoute = keyof typeof PUBLIC_ROUTES;
