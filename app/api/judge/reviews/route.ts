import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { deleteClaimReview, listClaimReviews, saveClaimReview } from "@/lib/judge/contract";
import { agreementOf } from "@/lib/judge/reviews";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** Enough for every claim of many judge runs; a bound so one learner cannot fill the database. */
const MAX_REVIEWS = 20_000;

/** The learner's claim reviews and their agreement with the judge (Cohen's kappa). */
export const GET = route(listClaimReviews, async () => {
  const reviews = appDb().listClaimReviews(await currentLearner());
  return { reviews, agreement: agreementOf(reviews) };
});

/** Records (or changes) the learner's verdict on one claim. */
export const POST = route(saveClaimReview, async (input) => {
  const learner = await currentLearner();
  const db = appDb();
  const before = db.listClaimReviews(learner);
  if (before.length >= MAX_REVIEWS && !before.some((r) => r.key === input.key)) {
    throw new LabError("too_large", `You have ${before.length} claim reviews, the most the lab keeps; remove some first.`);
  }
  const review = db.saveClaimReview(learner, input);
  return { review, agreement: agreementOf([...before.filter((r) => r.key !== input.key), review]) };
});

/** Removes one review: the claim goes back to "not reviewed". */
export const DELETE = route(deleteClaimReview, async ({ key }) => {
  const learner = await currentLearner();
  const db = appDb();
  db.deleteClaimReview(learner, key);
  return { agreement: agreementOf(db.listClaimReviews(learner)) };
});
