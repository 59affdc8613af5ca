/**
 * A learner's claim reviews in the app database. One learner's changes run
 * one at a time: each reads the reviews (the cap, the agreement it answers
 * with) before it writes, and two at once must not both miss the other.
 */
import { processQueue } from "@/lib/async/keyed-queue";
import type { AppDb, ClaimReview } from "@/lib/db/app-db";
import { LabError } from "@/lib/errors";
import type { KappaResult } from "./kappa";
import { agreementOf } from "./reviews";

/** Enough for every claim of many judge runs; a bound so one learner cannot fill the database. */
const MAX_REVIEWS = 20_000;

function inTurn<T>(learner: string, change: () => Promise<T>): Promise<T> {
  return processQueue("claim-reviews").run(learner, change);
}

/** The learner's claim reviews and their agreement with the judge (Cohen's kappa). */
export async function claimReviews(db: AppDb, learner: string): Promise<{ reviews: ClaimReview[]; agreement: KappaResult }> {
  const reviews = await db.judging.listReviews(learner);
  return { reviews, agreement: agreementOf(reviews) };
}

/** Records (or changes) the learner's verdict on one claim. */
export function reviewClaim(db: AppDb, learner: string, input: Omit<ClaimReview, "updatedAt">): Promise<{ review: ClaimReview; agreement: KappaResult }> {
  return inTurn(learner, async () => {
    const before = await db.judging.listReviews(learner);
    if (before.length >= MAX_REVIEWS && !before.some((r) => r.key === input.key)) {
      throw new LabError("too_large", `You have ${before.length} claim reviews, the most the lab keeps; remove some first.`);
    }
    const review = await db.judging.saveReview(learner, input);
    return { review, agreement: agreementOf([...before.filter((r) => r.key !== input.key), review]) };
  });
}

/** Removes one review: the claim goes back to "not reviewed". */
export function unreviewClaim(db: AppDb, learner: string, key: string): Promise<{ agreement: KappaResult }> {
  return inTurn(learner, async () => {
    await db.judging.deleteReview(learner, key);
    return { agreement: agreementOf(await db.judging.listReviews(learner)) };
  });
}
