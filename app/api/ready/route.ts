import { ready } from "@/lib/server/contract";
import { readiness } from "@/lib/server/ready";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

export const GET = route(
  ready,
  async () => {
    const body = await readiness();
    return Response.json(body, { status: body.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
  },
  { access: "public", path: "/api/ready" },
);
