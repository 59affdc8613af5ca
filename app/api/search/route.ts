import { assertReadable } from "@/lib/ingest/collections";
import { searchCollection } from "@/lib/retrieval/contract";
import { search } from "@/lib/retrieval/search";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { ingestDeps } from "@/lib/services";

export const POST = route(searchCollection, async (input) => {
  const learner = await currentLearner();
  assertReadable(learner, input.collection);
  return search(input, await ingestDeps(learner));
});
