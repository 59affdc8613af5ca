import { evaluateCollectionRun } from "@/lib/experiments/contract";
import { evaluateCollection } from "@/lib/experiments/eval-collection";
import { assertReadable } from "@/lib/ingest/collections";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { ingestDeps } from "@/lib/services";

/** Scores one of the learner's (or the shared) collections on a question set: `ragcamp eval` while a server holds the stores. */
export const POST = route(evaluateCollectionRun, async ({ collection, questions, k, mode }) => {
  const learner = await currentLearner();
  assertReadable(learner, collection);
  return evaluateCollection(collection, questions, k, mode, await ingestDeps(learner));
});
