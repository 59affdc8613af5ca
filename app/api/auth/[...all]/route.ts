import { authGet, authPost } from "@/lib/auth/contract";
import { serverAuth } from "@/lib/auth";
import { appDb } from "@/lib/db";
import { route } from "@/lib/server/route";

export const dynamic = "force-dynamic";

/**
 * Better Auth's own routes (the Join button's exchange, the instructor's magic
 * link, sign-out, its admin API) behind route()'s Host and Origin checks;
 * Better Auth checks its own credentials and roles. route() has read and
 * validated the JSON body, so Better Auth gets it anew. Its error answers are
 * put in the lab's error shape, as every /api route's.
 */
async function handle(input: Record<string, unknown>, { req }: { req: Request }): Promise<Response> {
  const auth = serverAuth(await appDb());
  if (req.method === "GET") return labErrorShape(await auth.handler(req));
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  return labErrorShape(await auth.handler(new Request(req.url, { method: req.method, headers, body: JSON.stringify(input) })));
}

async function labErrorShape(res: Response): Promise<Response> {
  if (res.status < 400) return res;
  const text = await res.text();
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // Better Auth's bare "Not Found" and the like.
  }
  const headers = new Headers(res.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  const retryAfter = res.headers.get("x-retry-after");
  if (retryAfter) headers.set("retry-after", retryAfter);
  const code = typeof body.code === "string" ? body.code.toLowerCase() : res.status === 404 ? "not_found" : res.status === 429 ? "too_many_requests" : "bad_input";
  const message = typeof body.message === "string" ? body.message : res.status === 404 ? "No such sign-in route." : "The sign-in request was refused.";
  return new Response(JSON.stringify({ error: { code, message } }), { status: res.status, headers });
}

export const GET = route(authGet, handle, { access: "public", path: "/api/auth/[...all]" });
export const POST = route(authPost, handle, { access: "public", path: "/api/auth/[...all]" });
