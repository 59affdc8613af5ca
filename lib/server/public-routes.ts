/**
 * The only routes anyone may call without a session, each with the reason.
 * A route can be public only by naming its entry here (see `route()`), and
 * the route matrix test (e2e/route-matrix.spec.ts) reads this list.
 */
export const PUBLIC_ROUTES = {
  "/api/health": "liveness checks (the CLI, Docker, a load balancer) come without a session; it reveals nothing",
  "/api/ready": "readiness checks (Docker, a load balancer) come without a session; it says only ok or down per configured service",
  "/join/[token]": "exchanges a personal join link for a session: the link itself is the credential",
} as const;
export type PublicRoute = keyof typeof PUBLIC_ROUTES;
