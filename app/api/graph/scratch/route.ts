import { resetScratch } from "@/lib/graph/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { resetScratchGraph } from "@/lib/services";

/** Empties the learner's scratch graph. */
export const DELETE = route(resetScratch, async () => {
  await resetScratchGraph(await currentLearner());
  return { reset: true as const };
});
