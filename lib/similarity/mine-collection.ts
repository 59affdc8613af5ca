import { chunkIdParts } from "@/lib/chunking/chunk";
import type { ChunkStore } from "@/lib/vectorstore/port";
import { mineTriples, type MinerOptions } from "./miner";

/** Mines an ingested collection and attaches each chunk's text and citation to the triples. */
export async function mineCollection(store: ChunkStore, collection: string, options: MinerOptions) {
  const rows = (await store.allVectors(collection)).map(({ id, vector }) => ({ id, vector, ...chunkIdParts(id) }));
  const result = mineTriples(rows, options);
  const ids = [...new Set(result.triples.flatMap((t) => [t.a.id, t.b.id, t.c.id]))];
  const chunks = new Map((await store.getChunks(collection, ids)).map((c) => [c.id, c]));
  const describe = (id: string) => {
    const c = chunks.get(id);
    return { id, docId: c?.docId, startS: c?.startS, citation: c?.citation, text: c?.text };
  };
  return { ...result, triples: result.triples.map((t) => ({ ...t, a: describe(t.a.id), b: describe(t.b.id), c: describe(t.c.id) })) };
}
