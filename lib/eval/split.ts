/**
 * Tuning/test splits. A setting chosen because it scored best on some
 * questions is flattered by those questions: part of its lead is luck on
 * them. Choosing on a tuning part and scoring once on a held-out test part
 * shows what the choice is worth on questions it was not chosen on.
 */
import { LabError } from "@/lib/errors";
import { seededRandom } from "@/lib/random/seeded";
import type { SplitSpec } from "./contract";
import type { Question } from "./questions";

/** Below this a test score's interval is so wide it cannot tell settings apart. */
export const MIN_TEST_QUESTIONS = 10;

export interface QuestionSplit<Q> {
  tune: Q[];
  test: Q[];
}

/** The talk a question is about: where its first gold span is. */
const talkOf = (q: Pick<Question, "evidence">) => q.evidence[0].video_id;

/**
 * Splits questions into tuning and test parts, stratified by talk: each
 * talk gives round(share × its questions) to the test part, picked by a
 * seeded shuffle, so no talk is all tuning or all test and the same seed
 * always gives the same split. Both parts keep the set's order.
 */
export function splitQuestions<Q extends Pick<Question, "id" | "evidence">>(questions: readonly Q[], spec: Pick<SplitSpec, "seed" | "test">): QuestionSplit<Q> {
  const random = seededRandom(spec.seed);
  const byTalk = new Map<string, number[]>();
  questions.forEach((q, i) => byTalk.set(talkOf(q), [...(byTalk.get(talkOf(q)) ?? []), i]));
  const held = new Set<number>();
  for (const talk of [...byTalk.keys()].sort()) {
    const indices = byTalk.get(talk)!;
    // Fisher–Yates with the seeded generator.
    for (let i = indices.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indices[i], indices[j]] = [indices[j], indices[i]];
    }
    for (const i of indices.slice(0, Math.round(indices.length * spec.test))) held.add(i);
  }
  const split = { tune: questions.filter((_, i) => !held.has(i)), test: questions.filter((_, i) => held.has(i)) };
  if (split.test.length < MIN_TEST_QUESTIONS) {
    throw new LabError(
      "bad_input",
      `split.test: the test part would have ${split.test.length} of ${questions.length} questions; at least ${MIN_TEST_QUESTIONS} are needed for a test score to mean anything (use more questions or talks, or a larger split.test)`,
    );
  }
  if (split.tune.length === 0) throw new LabError("bad_input", `split.test: ${spec.test} leaves no question to tune on`);
  return split;
}
