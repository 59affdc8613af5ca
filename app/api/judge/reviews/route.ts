import { z } from "zod";
import { appDb } from "@/lib/db";
import { LabError } from "@/lib/errors";
import { agreementOf, REVIEW_LABELS } from "@/lib/judge/reviews";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";

/** Enough for every claim of many judge runs; a bound so one learner cannot fill the database. */
const MAX_REVIEWS = 20_000;

const body = z.strictObject({
  key: z.string().min(1).max(300),
  claim: z.string().max(4_000),
  judgeLabel: z.enum(REVIEW_LABELS),
  learnerLabel: z.enum(REVIEW_LABELS),
});

/** The learner's claim reviews and their agreement with the judge (Cohen's kappa). */
export const GET = route(async () => {
  const reviews = appDb().listClaimReviews(await currentLearner());
  return { reviews, agreement: agreementOf(reviews) };
});

/** Records (or changes) the learner's verdict on one claim. */
export const POST = route(async (req) => {
  const learner = await currentLearner();
  const input = await jsonBody(req, body, 16_000);
  const db = appDb();
  const before = db.listClaimReviews(learner);
  if (before.length >= MAX_REVIEWS && !before.some((r) => r.key === input.key)) {
    throw new LabError("too_large", `You have ${before.length} claim reviews, the most the lab keeps; remove some first.`);
  }
  const review = db.saveClaimReview(learner, input);
  return { review, agreement: agreementOf([...before.filter((r) => r.key !== input.key), review]) };
});

/** Removes one review: the claim goes back to "not reviewed". */
export const DELETE = route(async (req) => {
  const learner = await currentLearner();
  const key = new URL(req.url).searchParams.get("key") ?? "";
  if (key.length === 0 || key.length > 300) throw new LabError("bad_input", "Give the review to remove as ?key= (at most 300 characters).");
  const db = appDb();
  db.deleteClaimReview(learner, key);
  return { agreement: agreementOf(db.listClaimReviews(learner)) };
});
