import { assertReadable } from "@/lib/ingest/collections";
import { search, searchRequestSchema } from "@/lib/retrieval/search";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { ingestDeps } from "@/lib/services";

export const POST = route(async (req) => {
  const input = await jsonBody(req, searchRequestSchema, 64_000);
  const learner = await currentLearner();
  assertReadable(learner, input.collection);
  return search(input, await ingestDeps(learner));
});
