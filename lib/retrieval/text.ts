/**
 * Word-level text helpers shared by the model-free levers (query expansion)
 * and the question-overlap measure: one tokenizer, one stop-word list, one
 * stemmer, so "content word" means the same thing everywhere.
 */

/** English function words: the usual short list (articles, pronouns, auxiliaries, prepositions, question words). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between both but by can " +
    "could did do does doing done down during each either else even ever every few for from further get gets got had has have having he her " +
    "here hers herself him himself his how however i if in into is it its itself just let like may me might more most much must my myself " +
    "no nor not now of off on once one only or other others our ours ourselves out over own per quite rather really same shall she should " +
    "so some such than that the their theirs them themselves then there these they this those through thus to too under until up upon us " +
    "very was way we were what when where whether which while who whom whose why will with within without would yet you your yours " +
    "yourself yourselves"
  ).split(" "),
);

/** Lower-cased words of two or more letters or digits; apostrophes join ("don't"), everything else splits. */
export function words(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, "").match(/[a-z0-9]{2,}/g) ?? [];
}

/**
 * A light suffix-stripping stemmer (Porter's step 1 and a few common
 * endings), enough that "running", "runs" and "run" meet: it is for counting
 * shared words, not for linguistics.
 */
export function stem(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  for (const suffix of ["ingly", "edly", "ing", "ed", "ly"]) {
    if (w.endsWith(suffix) && /[aeiouy]/.test(w.slice(0, -suffix.length)) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length);
      // "running" -> "runn" -> "run"; "hoping" -> "hop" stays.
      if (/([^aeiouslz])\1$/.test(w)) w = w.slice(0, -1);
      break;
    }
  }
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** The stems of a text's content words (stop words dropped), in order, repeats kept. */
export function contentStems(text: string): string[] {
  return words(text)
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem);
}

/**
 * The share of a question's distinct content words whose stem also occurs in
 * the evidence text: 0 when they share nothing, 1 when every content word of
 * the question is in the evidence.
 */
export function contentWordOverlap(question: string, evidence: string): { shared: string[]; total: number; fraction: number } {
  const asked = [...new Set(contentStems(question))];
  const present = new Set(contentStems(evidence));
  const shared = asked.filter((s) => present.has(s));
  return { shared, total: asked.length, fraction: asked.length === 0 ? 0 : shared.length / asked.length };
}
