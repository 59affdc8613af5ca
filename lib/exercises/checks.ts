import "server-only";
import type { ExerciseDef, ExerciseProof, Rows, Verdict } from "./types";

export const pass = (reason: string): Verdict => ({ passed: true, reason });
export const fail = (reason: string): Verdict => ({ passed: false, reason });
export const malformed = (reason: string): Verdict => ({ passed: false, reason, malformed: true });

/** What a value looks like, in a learner's words, for "expected X, got Y" reasons. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing (run the cell so its last line shows a value)";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "string") return `the text "${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
  if (typeof value === "object") return `an object with ${Object.keys(value).join(", ") || "no fields"}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * A cell's last value reaches the server as shown: numbers arrive as their
 * text, so a number is a number or a string that reads as one.
 */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function asObject(value: unknown): Record<string, unknown> | undefined {
  if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  // A value shown as JSON text (a cell whose object was cut to text) still counts.
  if (typeof value === "string" && value.trim().startsWith("{")) {
    try {
      return asObject(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A multiple-choice prediction: checked only for its shape, recorded as answered either way. */
export function predictChoice(o: { correct: number; choices: number; explanation: string; proof: ExerciseProof }): ExerciseDef {
  return {
    check(answer) {
      if (!Number.isInteger(answer) || (answer as number) < 0 || (answer as number) >= o.choices) return malformed(`Choose one of the ${o.choices} answers.`);
      return answer === o.correct ? pass("Your prediction matches what the cell shows.") : fail("The cell shows otherwise: run it and see why.");
    },
    hints: [],
    solution: o.explanation,
    explanation: o.explanation,
    proof: o.proof,
  };
}

/** A numeric prediction within a tolerance. */
export function predictNumber(o: { value: number; tolerance: number; explanation: string; proof: ExerciseProof }): ExerciseDef {
  return {
    check(answer) {
      const n = asNumber(answer);
      if (n === undefined) return malformed(`Expected a number, got ${describe(answer)}.`);
      return Math.abs(n - o.value) <= o.tolerance ? pass("Your prediction is within the tolerance.") : fail("The cell shows a different number: run it and see why.");
    },
    hints: [],
    solution: o.explanation,
    explanation: o.explanation,
    proof: o.proof,
  };
}

/** Rows compared as a multiset of records, column order and row order aside. */
export function sameRows(a: Rows, b: Rows): boolean {
  const key = (r: Record<string, unknown>) => JSON.stringify(Object.values(r).map((v) => (typeof v === "bigint" ? Number(v) : v)));
  const sa = a.map(key).sort();
  const sb = b.map(key).sort();
  return sa.length === sb.length && sa.every((k, i) => k === sb[i]);
}
