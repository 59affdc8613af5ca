/** Runs once when the server starts: tells the CLI on this machine where the lab is. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env } = await import("@/lib/config/env");
  const { adminToken, announceServer } = await import("@/lib/server/admin");
  const { dataDir } = env();
  adminToken(dataDir);
  announceServer(dataDir, `http://127.0.0.1:${process.env.PORT ?? 3000}`);
}
