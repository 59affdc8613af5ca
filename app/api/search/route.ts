import { assertReadable } from "@/lib/ingest/collections";
import { search, searchRequestSchema } from "@/lib/ingest/search";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const POST = route(async (req) => {
  const input = await jsonBody(req, searchRequestSchema, 64_000);
  assertReadable(await currentLearner(), input.collection);
  return search(input, { store: await services.chunkStore(), embedder: services.embedder(), cache: services.embeddingCache() });
});
