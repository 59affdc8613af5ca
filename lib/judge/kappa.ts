import type { KappaAgreement } from "./contract";

export type Label = string | number | boolean;

export type KappaResult = KappaAgreement;

/**
 * Cohen's kappa between two raters (say, a learner and the judge) over the
 * same items: (p_o - p_e) / (1 - p_e). Works on counts, so agreement that is
 * exactly total stays exact. Undefined, with a reason, when there are no
 * pairs or when chance agreement p_e is 1 (both raters used one and the
 * same label throughout).
 */
export function cohenKappa(pairs: ReadonlyArray<readonly [Label, Label]>): KappaResult {
  const n = pairs.length;
  if (n === 0) return { kappa: null, reason: "There are no labelled pairs to compare.", n };

  let agreements = 0;
  const first = new Map<Label, number>();
  const second = new Map<Label, number>();
  for (const [a, b] of pairs) {
    if (a === b) agreements++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  // n² · p_e = Σ over labels of (count by first rater × count by second rater)
  let chanceProducts = 0;
  for (const [label, count] of first) chanceProducts += count * (second.get(label) ?? 0);

  if (chanceProducts === n * n) {
    return {
      kappa: null,
      reason:
        `Both raters gave every item the same label (${String(pairs[0][0])}), so agreement expected by chance ` +
        "is 1 and kappa is undefined. Label some items that differ.",
      n,
    };
  }
  return {
    kappa: (n * agreements - chanceProducts) / (n * n - chanceProducts),
    observed: agreements / n,
    expected: chanceProducts / (n * n),
    n,
  };
}
