import { LabError } from "@/lib/errors";

/** Checks on what a learner passes in, each failing with a message for them. */

export function assertQuestion(question: string): void {
  if (!question.trim()) throw new LabError("bad_input", "Ask a question first.");
}

export function assertIntInRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LabError("bad_input", `${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
