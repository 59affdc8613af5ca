import { appDb } from "@/lib/db";
import { health } from "@/lib/server/contract";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

// One indexed read, so an app database that went away after start is a 503 here too, naming it.
export const GET = route(
  health,
  async () => {
    const db = await appDb();
    await db.learners.byTokenHash("health");
    return { ok: true as const, appDb: db.engine };
  },
  { access: "public", path: "/api/health" },
);
