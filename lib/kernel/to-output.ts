import type { CellOutput } from "./outputs";

/**
 * Turns arbitrary cell values into outputs that are safe to post, store and
 * render: JSON-only, cycle-free and under the size cap. Oversized text is cut
 * here, in the worker, so a 50 MB string never leaves it whole.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const MAX_TABLE_ROWS = 1_000;
const MAX_DEPTH = 8;

export function textOutput(text: string, stream: "result" | "log" | "info" | "warn" | "error", maxBytes: number): CellOutput {
  if (text.length <= maxBytes) return { kind: "text", text, stream };
  return { kind: "text", text: text.slice(0, maxBytes), stream, truncatedFrom: text.length };
}

export function valueOutput(value: unknown, maxBytes: number): CellOutput {
  if (typeof value === "string") return textOutput(value, "result", maxBytes);
  if (value === null || typeof value !== "object") return textOutput(formatValue(value), "result", maxBytes);
  const json = toJson(value);
  const size = JSON.stringify(json).length;
  if (size <= maxBytes) return { kind: "json", value: json };
  return { kind: "text", text: JSON.stringify(json).slice(0, maxBytes), stream: "result", truncatedFrom: size };
}

export function tableOutput(rows: readonly unknown[], columns: string[] | undefined, maxBytes: number): CellOutput {
  const records = rows.slice(0, MAX_TABLE_ROWS).map((r): Record<string, Json> => {
    const j = toJson(r);
    return j && typeof j === "object" && !Array.isArray(j) ? j : { value: j };
  });
  const cols = columns ?? [...new Set(records.flatMap((r) => Object.keys(r)))];
  const out: CellOutput = { kind: "table", columns: cols.slice(0, 200), rows: records, totalRows: rows.length };
  if (JSON.stringify(out).length <= maxBytes) return out;
  return textOutput(`Table of ${rows.length} rows is larger than the ${maxBytes}-byte output limit; show fewer rows or columns.`, "warn", maxBytes);
}

/** One-line rendering for console arguments and scalars. */
export function formatValue(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "function") return `[Function ${value.name || "anonymous"}]`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value === null || typeof value !== "object") return String(value);
  return JSON.stringify(toJson(value));
}

/** A JSON-safe copy: cycles, functions, Maps, Sets and typed arrays made readable. */
export function toJson(value: unknown, depth = 0, seen = new WeakSet<object>()): Json {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "undefined") return null;
  if (typeof value === "function" || typeof value === "symbol") return formatValue(value);
  const obj = value as object;
  if (seen.has(obj)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[…]";
  seen.add(obj);
  try {
    if (obj instanceof Error) return { name: obj.name, message: obj.message };
    if (obj instanceof Date) return obj.toISOString();
    if (obj instanceof Map) return Object.fromEntries([...obj].map(([k, v]) => [String(k), toJson(v, depth + 1, seen)]));
    if (obj instanceof Set) return [...obj].map((v) => toJson(v, depth + 1, seen));
    if (ArrayBuffer.isView(obj)) return Array.from(obj as unknown as ArrayLike<number>).map((v) => toJson(v, depth + 1, seen));
    if (Array.isArray(obj)) return obj.map((v) => toJson(v, depth + 1, seen));
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toJson(v, depth + 1, seen)]));
  } finally {
    seen.delete(obj);
  }
}
