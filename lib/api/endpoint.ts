/**
 * One contract per route: its method, path, request schema and response
 * schema, declared once beside the domain code (`lib/<capability>/contract.ts`)
 * and used by the route handler (`route()`), the `lab` SDK in the worker, the
 * page and the CLI (`lib/api/client.ts`). Browser-safe: zod only.
 */
import { z } from "zod";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Endpoint<M extends Method = Method, P extends string = string, Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  method: M;
  /** The route's path as app/ spells it, e.g. "/api/jobs/[id]/cancel". */
  path: P;
  /** The JSON body, or for GET and DELETE the query string (every value a string). */
  request: Req;
  response: Res;
  /** Body cap in bytes (non-GET). */
  maxBytes: number;
}

const DEFAULT_MAX_BYTES = 64_000;

export function endpoint<const M extends Method, const P extends `/api/${string}`, Req extends z.ZodType, Res extends z.ZodType>(e: {
  method: M;
  path: P;
  request: Req;
  response: Res;
  maxBytes?: number;
}): Endpoint<M, P, Req, Res> {
  return { ...e, maxBytes: e.maxBytes ?? DEFAULT_MAX_BYTES };
}

/** Every endpoint the contract namespaces export (`import * as contracts from "@/lib/api/contracts"`), for tests that go over all routes. */
export function endpointsOf(namespaces: Record<string, object>): Endpoint[] {
  return Object.values(namespaces).flatMap((ns) => Object.values(ns).filter((v): v is Endpoint => typeof v === "object" && v !== null && "method" in v && "path" in v && "response" in v));
}

/** GET and DELETE take their input in the query string (a DELETE names what goes, `?key=`), the others as a JSON body. */
export function inQuery(method: Method): boolean {
  return method === "GET" || method === "DELETE";
}

/** What a caller sends: the schema's input type (defaults may be left out). */
export type RequestOf<E extends Endpoint> = z.input<E["request"]>;
/** What the handler returns and the caller receives. */
export type ResponseOf<E extends Endpoint> = z.output<E["response"]>;
/** The path parameters of "/api/jobs/[id]/cancel" are { id: string }; a catch-all last segment, "/api/auth/[...all]", is { all: string[] }, as Next passes it. */
export type ParamsOf<E extends Endpoint> = PathParams<E["path"]>;
type PathParams<P extends string> = P extends `${string}[...${infer Name}]`
  ? { [K in Name]: string[] }
  : P extends `${string}[${infer Name}]${infer Rest}`
    ? { [K in Name | keyof PathParams<Rest>]: string }
    : Record<never, never>;

/** No input at all (a GET without query, a bodiless POST or DELETE). */
export const noInput = z.object({});
/** The `{ ok: true }` a route sends when it has nothing else to say. */
export const okResponse = z.object({ ok: z.literal(true) });
/** A response that is not JSON (a CSV download, a UI message stream): the client hands back the Response. */
export const rawResponse = z.custom<Response>((v) => v instanceof Response);

export function pathOf(path: string, params: Record<string, string | string[]> = {}): string {
  return path.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_m, catchAll: string | undefined, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: no value for [${catchAll ?? ""}${name}]`);
    return (Array.isArray(value) ? value : [value]).map(encodeURIComponent).join("/");
  });
}

/**
 * Names a schema in public/lab.d.ts (what learners see in Monaco). A request
 * is named by what a cell sends (`io: "input"`, defaults optional), a
 * response by what it gets back; `.describe()` texts become the completions'
 * explanations.
 */
export const labTypes = z.registry<{ id: string; io: "input" | "output" }>();

export function labType<S extends z.ZodType>(id: string, schema: S, io: "input" | "output" = "output"): S {
  labTypes.add(schema, { id, io });
  return schema;
}
