import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { appDb } from "@/lib/db";
import { isLabError, LabError } from "@/lib/errors";
import { logSafe, redactForLearner } from "@/lib/errors/redact";
import { lessons } from "@/lib/lessons/catalog";
import { NOTEBOOK_SLUG } from "@/lib/llm/contract";
import { traceWritten, withNotebookTrace } from "@/lib/llm/trace-log";
import { NOTEBOOK_HEADER } from "@/lib/api/client";
import { env } from "@/lib/config/env";
import { withLearnerBudget } from "@/lib/quotas/scope";
import { authorize, callerOf, checkHost, checkSameOrigin, type Caller } from "./access";
import type { PublicRoute } from "./public-routes";
import { withCaller } from "./caller";
import { inQuery, type Endpoint, type ParamsOf, type ResponseOf } from "@/lib/api/endpoint";

type Handler<P> = (req: Request, ctx: { params: Promise<P> }) => Promise<unknown>;
type EndpointHandler<E extends Endpoint> = (input: z.output<E["request"]>, ctx: { req: Request; params: ParamsOf<E> }) => Promise<ResponseOf<E>>;

export type RouteOptions = ({ access?: "learner" | "instructor" } | { access: "public"; path: PublicRoute }) & {
  /** A body cap the server's configuration sets, read per request, instead of the endpoint's fixed one. */
  maxBytes?: () => number;
};

/**
 * Wraps a route handler: the caller is checked before anything else (Host,
 * session and level, then for state changes Origin and JSON), so a stranger
 * gets 401 whatever the body; then the input is read and validated by the
 * endpoint's contract, the handler's result goes out as JSON, and errors map
 * to status codes in one place. Unknown errors are logged and reported
 * without internals.
 */
export function route<E extends Endpoint>(endpoint: E, handler: EndpointHandler<E>, opts?: RouteOptions): (req: Request, ctx: { params: Promise<ParamsOf<E>> }) => Promise<Response>;
/** Pages outside /api (the join link) answer with a redirect or HTML, not a contract: the same checks, no contract. */
export function route<P>(handler: Handler<P>, opts?: RouteOptions): (req: Request, ctx: { params: Promise<P> }) => Promise<Response>;
export function route(first: Endpoint | Handler<Record<string, string>>, second?: EndpointHandler<Endpoint> | RouteOptions, third?: RouteOptions) {
  const [handler, opts]: [Handler<Record<string, string>>, RouteOptions] =
    typeof first === "function"
      ? [first, (second as RouteOptions | undefined) ?? {}]
      : [async (req, ctx) => (second as EndpointHandler<Endpoint>)(await readInput(req, first, third?.maxBytes?.()), { req, params: await ctx.params }), third ?? {}];
  const access = opts.access ?? "learner";
  return async (req: Request, ctx: { params: Promise<Record<string, string>> }) => {
    try {
      const e = env();
      const host = checkHost(req.headers.get("host"), e);
      // A public route answers without a caller, so a probe still gets its own answer when the database (which knows the sign-in mode) is down.
      const caller = await callerOf(req.headers, e, appDb).catch((err: unknown) => (access === "public" ? null : Promise.reject(err)));
      authorize(caller, access);
      checkSameOrigin(req, e, host, caller?.viaToken ?? false);
      const run = () => traced(req, caller, () => handler(req, ctx));
      // A learner's model calls, and the jobs the request starts, are charged to their quota; the instructor has none.
      const charged = caller && !caller.instructor ? () => withLearnerBudget({ learner: caller.learner }, run) : run;
      const result = caller ? await withCaller(caller, charged) : await run();
      // Handlers return data (sent as JSON) or a ready Response (e.g. a CSV download).
      return result instanceof Response ? result : NextResponse.json(result ?? { ok: true });
    } catch (e) {
      // LabErrors may wrap upstream words (a model server, Weaviate, Neo4j): one redaction before they leave.
      if (isLabError(e)) return errorResponse(e.status, e.code, redactForLearner(e.message, `${req.method} ${new URL(req.url).pathname}`), e.retryAfterS);
      if (e instanceof z.ZodError) return errorResponse(400, "bad_input", z.prettifyError(e));
      console.error(logSafe(e));
      return errorResponse(500, "internal", "The server failed to handle this request; see the server log.");
    }
  };
}

/** A GET's or DELETE's query string, or any other method's JSON body (an empty body counts as `{}`), validated by the contract. */
async function readInput(req: Request, endpoint: Endpoint, maxBytes = endpoint.maxBytes): Promise<unknown> {
  if (inQuery(endpoint.method)) return endpoint.request.parse(Object.fromEntries(new URL(req.url).searchParams));
  return jsonBody(req, endpoint.request, maxBytes, { emptyIs: {} });
}

/**
 * Requests from a notebook have their LLM calls written to that notebook's
 * trace log, including calls made by jobs they start (the scope is
 * async-local). Other requests (the CLI, the page itself) are not traced.
 * The response waits for the entries of the calls made so far, so the cell
 * that made them can read them at once.
 */
async function traced<T>(req: Request, caller: Caller | null, fn: () => Promise<T>): Promise<T> {
  // Sent by the notebook kernel (lib/kernel/worker.ts) with every request.
  const notebook = req.headers.get(NOTEBOOK_HEADER);
  // Only the lessons' notebooks have a trace, so a made-up name cannot start another log.
  if (!notebook || !NOTEBOOK_SLUG.test(notebook) || !lessons().some((l) => l.slug === notebook)) return fn();
  if (!caller) return fn();
  return withNotebookTrace({ learner: caller.learner, notebook }, async () => {
    try {
      return await fn();
    } finally {
      await traceWritten(caller.learner, notebook);
    }
  });
}

function errorResponse(status: number, code: string, message: string, retryAfterS?: number) {
  const headers = retryAfterS === undefined ? undefined : { "retry-after": String(Math.ceil(retryAfterS)) };
  return NextResponse.json({ error: { code, message } }, { status, headers });
}

/** Reads a JSON body no larger than `maxBytes` and validates it. */
export async function jsonBody<T>(req: Request, schema: z.ZodType<T>, maxBytes: number, opts: { emptyIs?: unknown } = {}): Promise<T> {
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > maxBytes) throw new LabError("too_large", `Request body over ${maxBytes} bytes`);
  const text = await readCapped(req, maxBytes);
  let data: unknown;
  try {
    data = text.trim() === "" && opts.emptyIs !== undefined ? opts.emptyIs : JSON.parse(text);
  } catch {
    throw new LabError("bad_input", "Request body is not valid JSON");
  }
  return schema.parse(data);
}

/** The body as text, counting bytes as they arrive: a chunked upload with no Content-Length stops at the cap, not after it is all in memory. */
async function readCapped(req: Request, maxBytes: number): Promise<string> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new LabError("too_large", `Request body over ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
