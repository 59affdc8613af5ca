/**
 * Retrieval levers that work on a candidate list after the engine's search,
 * so every engine gets them alike: maximal marginal relevance, model-free
 * query expansion and the sentence-level (max-similarity) score.
 */
import { cosineSimilarity } from "@/lib/embeddings";
import type { SearchHit } from "@/lib/vectorstore/port";
import { STOP_WORDS, words } from "./text";

/**
 * Maximal marginal relevance (Carbonell and Goldstein, 1998): picks, one at a
 * time, the candidate with the best λ·sim(query) − (1−λ)·max sim(already
 * picked), so near-duplicates of a chosen chunk sink. Greedy, so the first k
 * picks are the same whatever the limit.
 */
export function mmr(query: number[], candidates: readonly SearchHit[], vectorOf: (id: string) => ArrayLike<number>, lambda: number, limit: number): SearchHit[] {
  const vectors = candidates.map((c) => vectorOf(c.chunk.id));
  const toQuery = vectors.map((v) => cosineSimilarity(query, v));
  const closest = candidates.map(() => -Infinity);
  const left = new Set(candidates.map((_, i) => i));
  const picked: SearchHit[] = [];
  while (picked.length < limit && left.size > 0) {
    let best = -1;
    let bestScore = -Infinity;
    for (const i of left) {
      const redundancy = picked.length === 0 ? 0 : closest[i];
      const score = lambda * toQuery[i] - (1 - lambda) * redundancy;
      if (score > bestScore) [best, bestScore] = [i, score];
    }
    left.delete(best);
    picked.push({ ...candidates[best], score: bestScore });
    for (const i of left) closest[i] = Math.max(closest[i], cosineSimilarity(vectors[i], vectors[best]));
  }
  return picked;
}

/**
 * Pseudo-relevance feedback without a model (Rocchio's idea on words): the
 * words that recur across the top keyword hits, and are not already asked,
 * are added to the query. A word must appear in at least two feedback hits,
 * so one chunk's pet word does not steer the search.
 */
export function expandQuery(query: string, feedback: readonly SearchHit[], terms: number): string {
  const asked = new Set(words(query));
  const docFreq = new Map<string, number>();
  const freq = new Map<string, number>();
  for (const hit of feedback) {
    const seen = new Set<string>();
    for (const w of words(hit.chunk.text)) {
      if (w.length < 4 || STOP_WORDS.has(w) || asked.has(w)) continue;
      freq.set(w, (freq.get(w) ?? 0) + 1);
      if (!seen.has(w)) docFreq.set(w, (docFreq.get(w) ?? 0) + 1);
      seen.add(w);
    }
  }
  const added = [...docFreq]
    .filter(([, df]) => df >= 2)
    .sort((a, b) => b[1] - a[1] || freq.get(b[0])! - freq.get(a[0])! || (a[0] < b[0] ? -1 : 1))
    .slice(0, terms)
    .map(([w]) => w);
  return added.length ? `${query} ${added.join(" ")}` : query;
}

/** A transcript chunk's sentences; fragments under four words join the next, as they say too little to embed alone. */
export function sentencesOf(text: string): string[] {
  const parts = text.split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter(Boolean);
  const out: string[] = [];
  let carry = "";
  for (const p of parts) {
    const s = carry ? `${carry} ${p}` : p;
    if (words(s).length < 4) {
      carry = s;
    } else {
      out.push(s);
      carry = "";
    }
  }
  if (carry && out.length > 0) out[out.length - 1] += ` ${carry}`;
  else if (carry) out.push(carry);
  return out;
}

/**
 * Ranks chunks by their best sentence (max-similarity): an embedder trained
 * on sentences sees one focused sentence instead of a diluted average.
 */
export async function maxSentenceRank(
  query: number[],
  candidates: readonly SearchHit[],
  embed: (texts: string[]) => Promise<number[][]>,
  limit: number,
): Promise<SearchHit[]> {
  const sentences = candidates.map((c) => sentencesOf(c.chunk.text));
  const vectors = await embed(sentences.flat());
  let at = 0;
  const scored = candidates.map((c, i) => {
    const own = vectors.slice(at, (at += sentences[i].length));
    return { ...c, score: Math.max(...own.map((v) => cosineSimilarity(query, v))) };
  });
  return scored.sort((a, b) => b.score - a.score).slice(0, limit);
}
