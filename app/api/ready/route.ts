import { ready } from "@/lib/server/contract";
import { readiness } from "@/lib/server/ready";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/** The status is what a prober reads: 200 when every configured service is ok, 503 otherwise. */
async function answer(): Promise<Response> {
  const body = await readiness();
  return Response.json(body, { status: body.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}

export const GET = route(ready, answer, { access: "public", path: "/api/ready" });
