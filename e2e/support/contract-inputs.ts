import { z } from "zod";
import * as contracts from "../../lib/api/contracts";
import { endpointsOf, inQuery, type Endpoint } from "../../lib/api/endpoint";

/**
 * The route contracts (lib/api/contracts.ts) as an oracle for hostile-input
 * tests: which endpoints exist, where each takes its input, and what the
 * server must answer to an input before its handler runs, since `route()`
 * validates every request with the same schema.
 */
export const endpoints: Endpoint[] = endpointsOf(contracts);

export const keyOf = (method: string, path: string) => `${method} ${path}`;

/** An endpoint that reads a JSON body (the others take their input from the query string). */
export const hasBody = (e: Endpoint) => !inQuery(e.method);

/**
 * The names a query schema declares. A record takes any name (Better Auth's
 * pass-through), so the names its routes read are attacked; any other
 * schema would need a new way to attack it.
 */
export function queryNames(e: Endpoint): string[] {
  if (e.request instanceof z.ZodRecord) return ["token", "callbackURL", "error"];
  if (!(e.request instanceof z.ZodObject)) throw new Error(`${keyOf(e.method, e.path)}: the query schema is not an object, so its parameters are unknown`);
  return Object.keys(e.request.shape);
}

/** The answer `route()` gives by the contract alone: a 413 over the body cap, or a 400 saying what is wrong; null when the input passes and the handler answers. */
export interface Verdict {
  status: 400 | 413;
  code: "bad_input" | "too_large";
  /** What `route()` says: that the body is not JSON, or zod's message when the contract's schema refused the input. */
  message?: string;
}

/** The verdict on a JSON body; `cap` is the endpoint's unless the server's configuration sets another. */
export function bodyVerdict(e: Endpoint, text: string, cap = e.maxBytes): Verdict | null {
  if (Buffer.byteLength(text) > cap) return { status: 413, code: "too_large" };
  let data: unknown;
  try {
    // As `route()` reads it: an empty body counts as `{}`.
    data = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { status: 400, code: "bad_input", message: "Request body is not valid JSON" };
  }
  return schemaVerdict(e.request, data);
}

/** A GET's or DELETE's verdict on the query string of `url`, read the way `route()` reads it. */
export function queryVerdict(e: Endpoint, url: string): Verdict | null {
  return schemaVerdict(e.request, Object.fromEntries(new URL(url, "http://lab").searchParams));
}

function schemaVerdict(schema: z.ZodType, data: unknown): Verdict | null {
  const parsed = schema.safeParse(data);
  return parsed.success ? null : { status: 400, code: "bad_input", message: z.prettifyError(parsed.error) };
}

/** A JSON body of exactly `bytes` bytes (at least 10). */
export function paddedBody(bytes: number): string {
  return `{"pad":"${"x".repeat(bytes - 10)}"}`;
}

type Path = (string | number)[];
type JsonType = "string" | "number" | "boolean" | "object" | "array" | "null" | "undefined";
const jsonType = (v: unknown): JsonType => (Array.isArray(v) ? "array" : v === null ? "null" : (typeof v as JsonType));
const OTHER_TYPES: unknown[] = [42, "a string", true, [], {}];
/** A number where a string is expected, an array where an object is, and so on. */
const FIRST_CHOICE: Partial<Record<JsonType, unknown>> = { string: 42, number: "5", boolean: "true", object: [], array: {} };

/**
 * For each field of `sample` (nested ones too) and each top-level field the
 * schema declares, the sample with that field set to a value of another JSON
 * type that the contract refuses at that very field, so the server's 400
 * must name it. Fields that take any JSON (`z.unknown()`) give none.
 */
export function wrongTypedBodies(e: Endpoint, sample: unknown): { field: string; body: string }[] {
  const paths = fieldPaths(sample);
  if (e.request instanceof z.ZodObject) for (const name of Object.keys(e.request.shape)) if (!paths.some((p) => p.length === 1 && p[0] === name)) paths.push([name]);
  return paths.flatMap((path) => {
    const current = jsonType(valueAt(sample, path));
    for (const value of [FIRST_CHOICE[current], ...OTHER_TYPES].filter((v) => v !== undefined && jsonType(v) !== current)) {
      const body = withValueAt(sample, path, value);
      const parsed = e.request.safeParse(body);
      if (!parsed.success && parsed.error.issues.some((i) => path.every((p, n) => i.path[n] === p))) return [{ field: z.core.toDotPath(path), body: JSON.stringify(body) }];
    }
    return [];
  });
}

function fieldPaths(value: unknown, prefix: Path = [], depth = 4): Path[] {
  if (depth === 0 || value === null || typeof value !== "object") return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.slice(0, 2).map((v, i) => [i, v]) : Object.entries(value);
  return entries.flatMap(([key, v]) => [[...prefix, key], ...fieldPaths(v, [...prefix, key], depth - 1)]);
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, key) => (v === null || typeof v !== "object" ? undefined : (v as Record<string | number, unknown>)[key]), value);
}

function withValueAt(sample: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(sample) as Record<string | number, unknown>;
  const parent = path.slice(0, -1).reduce<Record<string | number, unknown>>((v, key) => v[key] as Record<string | number, unknown>, copy);
  parent[path[path.length - 1]] = value;
  return copy;
}
