import { z } from "zod";
import { CLAIMS_LIMITS, type ClaimsOutput } from "@/lib/kernel/outputs";
import type { ReviewLabel } from "@/lib/judge/contract";
import { cohenKappa, type KappaResult } from "./kappa";

/**
 * A learner's review of the faithfulness judge: per claim, the learner agrees
 * with the judge's verdict or overrules it, and Cohen's kappa between the two
 * says how far the judge can be trusted. Pure, so the worker (lab SDK), the
 * page and the server share it.
 */

export const labelFor = (supported: boolean): ReviewLabel => (supported ? "supported" : "unsupported");
export const oppositeLabel = (label: ReviewLabel): ReviewLabel => (label === "supported" ? "unsupported" : "supported");

/** One review per claim of an item of a judge run. */
export function reviewKey(judgeRun: string, itemId: string, claimIndex: number): string {
  return `${judgeRun}|${itemId}|${claimIndex}`;
}

/** Cohen's kappa over (learner, judge) labels; undefined, with a reason, for no reviews or one label throughout. */
export function agreementOf(reviews: readonly { learnerLabel: string; judgeLabel: string }[]): KappaResult {
  return cohenKappa(reviews.map((r) => [r.learnerLabel, r.judgeLabel] as const));
}

/** The judge run fields the claims view needs (a JudgeResults has them all). */
export interface ReviewableRun {
  id: string;
  samples: { id: string; question: string; answer: string; contexts?: string[] }[];
  judges: { judge: string; items: { id: string; details: unknown[] }[] }[];
}

/** What the faithfulness judge stores per item (lib/judge/metrics/faithfulness.ts). */
const faithfulnessDetails = z.object({
  claims: z.array(z.object({ claim: z.string(), supported: z.boolean(), reason: z.string().catch("") })),
});

const cut = (text: unknown, max: number) => {
  const s = typeof text === "string" ? text : "";
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
};

/**
 * The claims view for a judge run: each faithfulness item's question, answer
 * and per-claim verdicts (from its first scored repeat). Items without claims
 * are skipped; undefined when the run has no faithfulness judge or no claims.
 * Cells call it with objects of their own making, so the shape is checked,
 * not trusted. `maxBytes` caps the output's JSON size; items past it are
 * counted in `omittedItems`.
 */
export function claimsReviewOutput(run: ReviewableRun, options: { maxBytes?: number } = {}): ClaimsOutput | undefined {
  const judge = Array.isArray(run?.judges) ? run.judges.find((j) => j?.judge === "faithfulness") : undefined;
  if (!judge || !Array.isArray(judge.items)) return undefined;
  if (typeof run.id !== "string" || run.id.length === 0 || run.id.length > CLAIMS_LIMITS.judgeRun) return undefined;
  const samples = new Map((Array.isArray(run.samples) ? run.samples : []).map((s) => [s?.id, s]));
  const budget = options.maxBytes ?? Infinity;

  const items: ClaimsOutput["items"] = [];
  let size = JSON.stringify({ kind: "claims", judgeRun: run.id, items: [], omittedItems: 0 }).length;
  let omitted = 0;
  for (const item of judge.items) {
    if (typeof item?.id !== "string" || item.id.length === 0) continue;
    const details = faithfulnessDetails.safeParse(Array.isArray(item.details) ? item.details[0] : undefined);
    if (!details.success || details.data.claims.length === 0) continue;
    const sample = samples.get(item.id);
    const entry = {
      id: item.id,
      question: cut(sample?.question, CLAIMS_LIMITS.question),
      answer: cut(sample?.answer, CLAIMS_LIMITS.answer),
      contexts: (Array.isArray(sample?.contexts) ? sample.contexts : []).slice(0, CLAIMS_LIMITS.contexts).map((c) => cut(c, CLAIMS_LIMITS.context)),
      ...(Array.isArray(sample?.contexts) && sample.contexts.length > CLAIMS_LIMITS.contexts ? { contextsTotal: sample.contexts.length } : {}),
      claims: details.data.claims.slice(0, CLAIMS_LIMITS.claims).map((c, index) => ({
        index,
        claim: cut(c.claim, CLAIMS_LIMITS.claim),
        supported: c.supported,
        reason: cut(c.reason, CLAIMS_LIMITS.reason),
      })),
    };
    const entrySize = JSON.stringify(entry).length + 1;
    if (item.id.length > CLAIMS_LIMITS.itemId || items.length >= CLAIMS_LIMITS.items || size + entrySize > budget) {
      omitted++;
      continue;
    }
    size += entrySize;
    items.push(entry);
  }
  if (items.length === 0) return undefined;
  return { kind: "claims", judgeRun: run.id, items, ...(omitted > 0 ? { omittedItems: omitted } : {}) };
}
