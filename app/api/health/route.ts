import { appDb } from "@/lib/db";
import { health } from "@/lib/server/contract";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(health, async () => ({ ok: true as const, appDb: (await appDb()).engine }), { access: "public", path: "/api/health" });
