import { appDb } from "@/lib/db";
import { checkContext } from "@/lib/exercises/context";
import { attemptExercise } from "@/lib/exercises/contract";
import { attempt } from "@/lib/exercises/service";
import { lessons } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** Checks an answer on the server and records the attempt; a failed one earns the next hint. */
export const POST = route(attemptExercise, async ({ value }, { params }) => {
  const learner = await currentLearner();
  return attempt(await appDb(), learner, lessons(), params.id, value, checkContext(learner));
});
