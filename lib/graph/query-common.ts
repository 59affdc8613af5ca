import { z } from "zod";
import { LabError } from "@/lib/errors";
import { assertReadOnlyCypher } from "./cypher-guard";
import {
  DEFAULT_ROW_LIMIT,
  DEFAULT_TIMEOUT_MS,
  MAX_ROW_LIMIT,
  MAX_TIMEOUT_MS,
  type GraphQueryOptions,
} from "./port";

/** Steps every adapter takes the same way before and after talking to its engine. */

const optionsSchema = z.object({
  readOnly: z.boolean().default(true),
  timeoutMs: z.number().int().min(1).max(MAX_TIMEOUT_MS).default(DEFAULT_TIMEOUT_MS),
  rowLimit: z.number().int().min(1).max(MAX_ROW_LIMIT).default(DEFAULT_ROW_LIMIT),
  learner: z.string().optional(),
  learnerWritten: z.boolean().optional(),
});

export type ResolvedQueryOptions = z.infer<typeof optionsSchema>;

/** Validates the options and, for read-only queries, applies the Cypher allowlist. */
export function prepareQuery(cypher: string, opts: GraphQueryOptions = {}): ResolvedQueryOptions {
  const parsed = optionsSchema.safeParse(opts);
  if (!parsed.success) {
    throw new LabError("bad_input", `Invalid query options: ${z.prettifyError(parsed.error)}`);
  }
  if (parsed.data.readOnly) assertReadOnlyCypher(cypher);
  else if (cypher.trim() === "") throw new LabError("bad_input", "Cypher error: the query is empty");
  return parsed.data;
}

/** Reads at most rowLimit rows; one more tells us the result was cut. Breaking out cancels the rest. */
export async function takeRows<T>(
  source: AsyncIterable<T>,
  rowLimit: number,
  convert: (item: T) => Record<string, unknown>,
): Promise<{ rows: Record<string, unknown>[]; truncated: boolean }> {
  const rows: Record<string, unknown>[] = [];
  for await (const item of source) {
    if (rows.length === rowLimit) return { rows, truncated: true };
    rows.push(convert(item));
  }
  return { rows, truncated: false };
}

export function timeoutError(timeoutMs: number): LabError {
  return new LabError(
    "timeout",
    `The query was stopped after its time limit of ${timeoutMs} ms. Add a LIMIT or a more selective MATCH.`,
  );
}

/** Integers beyond 2^53 become strings so they survive JSON without losing digits. */
export function jsonInteger(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value.toString();
}

/** NaN and ±Infinity are not JSON; keep them readable instead of turning into null. */
export function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** Node and relationship properties without nulls: Neo4j has no null properties, LadybugDB returns every column. */
export function jsonProperties<V>(
  entries: Iterable<[string, V]>,
  convert: (value: V) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (value !== null && value !== undefined) out[key] = convert(value);
  }
  return out;
}
