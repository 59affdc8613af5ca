import { LabError } from "@/lib/errors";
import { learnerPrefix } from "@/lib/vectorstore/names";
import type { ChunkStore, CollectionInfo } from "@/lib/vectorstore/port";

/** The course's pre-ingested collections live under this owner and are read-only to learners. */
export const SHARED_OWNER = "shared";

/** A learner may read their own collections and the shared ones, nobody else's. */
export function assertReadable(learner: string, collection: string): void {
  if (collection.startsWith(learnerPrefix(learner)) || collection.startsWith(learnerPrefix(SHARED_OWNER))) return;
  throw new LabError("not_found", `collection ${collection} does not exist`);
}

export async function readableCollections(store: ChunkStore, learner: string): Promise<(CollectionInfo & { shared: boolean })[]> {
  const [own, shared] = await Promise.all([store.listCollections(learnerPrefix(learner)), store.listCollections(learnerPrefix(SHARED_OWNER))]);
  return [...own.map((c) => ({ ...c, shared: false })), ...shared.map((c) => ({ ...c, shared: true }))];
}
