import { assertReadable } from "@/lib/ingest/collections";
import { mineTriples } from "@/lib/similarity/contract";
import { mineCollection } from "@/lib/similarity/mine-collection";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const POST = route(mineTriples, async ({ collection, ...options }) => {
  assertReadable(await currentLearner(), collection);
  return mineCollection(await services.chunkStore(), collection, options);
});
