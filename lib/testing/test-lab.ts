/**
 * For tests: the real embedded stores (LadybugDB with the DevOps graph,
 * LanceDB) in a temporary directory, with the bag-of-words fake embedder.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Embedder } from "@/lib/embeddings";
import { openLadybugGraph } from "@/lib/graph/ladybug";
import { loadDevopsGraph } from "@/lib/graph/load-devops";
import type { GraphStore } from "@/lib/graph/port";
import { openLanceStore } from "@/lib/vectorstore/lancedb";
import type { ChunkStore } from "@/lib/vectorstore/port";
import { fakeBagOfWordsEmbedder } from "./fake-bag-of-words-embeddings";

export interface TestLab {
  graph: GraphStore;
  store: ChunkStore;
  embedder: Embedder;
  close(): Promise<void>;
}

export async function openTestLab(): Promise<TestLab> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "ragcamp-qa-"));
  const graph = await openLadybugGraph({ dataDir });
  await loadDevopsGraph(graph);
  const store = await openLanceStore({ dataDir });
  return {
    graph,
    store,
    embedder: fakeBagOfWordsEmbedder(),
    close: async () => {
      await graph.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
