/**
 * JSON values from learners, with a depth limit: zod's z.json() and the
 * graph engines' parameter converters recurse, so a value nested 2,000
 * deep would overflow the stack (a 500) instead of being refused (a 400).
 */
import { z } from "zod";

export const MAX_JSON_DEPTH = 64;

/** True when the value nests deeper than `limit`; iterative, so any input is safe to measure. */
export function deeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== "object" || v === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** z.json() for values at most MAX_JSON_DEPTH levels deep (a scalar is depth 0, `[1]` is 1). */
export const boundedJson = z
  .unknown()
  .superRefine((value, ctx) => {
    if (deeperThan(value, MAX_JSON_DEPTH)) ctx.addIssue({ code: "custom", message: `nested deeper than ${MAX_JSON_DEPTH} levels` });
  })
  .pipe(z.json());
