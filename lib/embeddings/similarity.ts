import { LabError } from "../errors";

/** Cosine of the angle between two vectors; throws rather than return NaN. */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new LabError("bad_input", `Cannot compare vectors of different lengths (${a.length} and ${b.length}).`);
  }
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  if (normA === 0 || normB === 0) {
    throw new LabError("bad_input", "Cosine similarity is undefined for a zero (or empty) vector.");
  }
  const cosine = dot / Math.sqrt(normA * normB);
  if (!Number.isFinite(cosine)) {
    throw new LabError("bad_input", "Cosine similarity needs finite numbers; a vector contains NaN or Infinity.");
  }
  // Rounding can push identical directions just past 1.
  return Math.min(1, Math.max(-1, cosine));
}
