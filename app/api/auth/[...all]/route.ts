import { authGet, authPost } from "@/lib/auth/contract";
import { serverAuth } from "@/lib/auth";
import { appDb } from "@/lib/db";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/**
 * Better Auth's own routes (the Join button's exchange, the instructor's magic
 * link, sign-out, its admin API) behind route()'s Host and Origin checks;
 * Better Auth checks its own credentials and roles. route() has read and
 * validated the JSON body, so Better Auth gets it anew.
 */
async function handle(input: Record<string, unknown>, { req }: { req: Request }): Promise<Response> {
  const auth = serverAuth(await appDb());
  if (req.method === "GET") return auth.handler(req);
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  return auth.handler(new Request(req.url, { method: req.method, headers, body: JSON.stringify(input) }));
}

export const GET = route(authGet, handle, { access: "public", path: "/api/auth/[...all]" });
export const POST = route(authPost, handle, { access: "public", path: "/api/auth/[...all]" });
