import { appDb } from "@/lib/db";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(async () => ({ ok: true, appDb: appDb().engine }), { access: "public", path: "/api/health" });
