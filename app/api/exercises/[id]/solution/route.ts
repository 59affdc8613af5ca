import { appDb } from "@/lib/db";
import { viewSolution } from "@/lib/exercises/service";
import { lessons } from "@/lib/lessons/catalog";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";

/** Sends the solution; the exercise then counts as solved after viewing the solution. */
export const POST = route<{ id: string }>(async (_req, { params }) => {
  const { id } = await params;
  return viewSolution(appDb(), await currentLearner(), lessons(), id);
});
