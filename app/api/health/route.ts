import { appDb } from "@/lib/db";
import { health } from "@/lib/server/contract";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** One indexed read, so an app database that went away after start is a 503 here too, naming it. */
async function check() {
  const db = await appDb();
  await db.learners.byTokenHash("health");
  return { ok: true as const, appDb: db.engine };
}

export const GET = route(health, check, { access: "public", path: "/api/health" });
