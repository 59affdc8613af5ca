import { appDb } from "@/lib/db";
import { viewExerciseSolution } from "@/lib/exercises/contract";
import { viewSolution } from "@/lib/exercises/service";
import { lessons } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** Sends the solution; the exercise then counts as solved after viewing the solution. */
export const POST = route(viewExerciseSolution, async (_input, { params }) => viewSolution(await appDb(), await currentLearner(), lessons(), params.id));
