import { readableCollections } from "@/lib/ingest/collections";
import { listCollections } from "@/lib/ingest/contract";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const GET = route(listCollections, async () => ({
  collections: await readableCollections(await services.chunkStore(), await currentLearner()),
}));
