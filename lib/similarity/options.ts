import { LabError } from "@/lib/errors";

/** Option checks shared by the miner and the knowledge vector graph, with messages for the learner. */

export function integerOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new LabError("bad_input", `${name} must be an integer from ${min} to ${max}, got ${value}.`);
  }
  return value;
}

export function checkSimilarity(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= -1 && value <= 1)) {
    throw new LabError("bad_input", `${name} is a cosine similarity and must be between -1 and 1, got ${value}.`);
  }
}
