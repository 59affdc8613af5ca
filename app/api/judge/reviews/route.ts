import { appDb } from "@/lib/db";
import { claimReviews, reviewClaim, unreviewClaim } from "@/lib/judge/claim-reviews";
import { deleteClaimReview, listClaimReviews, saveClaimReview } from "@/lib/judge/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

export const GET = route(listClaimReviews, async () => claimReviews(await appDb(), await currentLearner()));

export const POST = route(saveClaimReview, async (input) => reviewClaim(await appDb(), await currentLearner(), input));

export const DELETE = route(deleteClaimReview, async ({ key }) => unreviewClaim(await appDb(), await currentLearner(), key));
