/**
 * Runs once when the server starts: tells the CLI on this machine where the
 * lab is, and loads the course's shared graph if this is a fresh install (so
 * learners never need to, and never can, re-import it).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/config/env");
  const { adminToken, announceServer } = await import("@/lib/server/admin");
  const { dataDir } = env();
  adminToken(dataDir);
  try {
    announceServer(dataDir, `http://127.0.0.1:${process.env.PORT ?? 3000}`);
  } catch (e) {
    // Serving on would do harm (see announceServer), so the process stops with the reason.
    console.error((e as Error).message);
    process.exit(1);
  }
  const { services } = await import("@/lib/services");
  const { logSafe } = await import("@/lib/errors/redact");
  // The job manager joins the job queue (on SQLite, failing the jobs a previous run left "running" first), before any page lists them.
  // A database that is not up yet is logged; the first job started tries again.
  await services.jobs().catch((e: unknown) => console.error(`Could not open the app database at start-up: ${logSafe(e)}`));
  const { ensureDevopsGraph } = await import("@/lib/graph/load-devops");
  // Not awaited: the server answers while the graph loads. A failure is logged; `lab.graph.load()` loads it later if its tables are still missing.
  void services
    .graph()
    .then(ensureDevopsGraph)
    .catch((e: unknown) => console.error(`Could not load the shared DevOps graph at start-up: ${logSafe(e)}`));
}
