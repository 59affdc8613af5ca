import { describe, expect, it } from "vitest";
import { loadDevopsGraph } from "@/lib/graph/load-devops";
import { openNeo4jGraph } from "@/lib/graph/neo4j";
import type { ChunkStore } from "@/lib/vectorstore/port";
import { fakeBagOfWordsEmbedder } from "@/lib/testing/fake-bag-of-words-embeddings";
import { explainCount } from "./vector-qa";
import { indexTasks, retrieveTasks } from "./task-index";

/** Task vectors in Neo4j's native vector index (the course's setup); runs only when NEO4J_URI is set. */
const uri = process.env.NEO4J_URI;

describe.skipIf(!uri)("task vectors on Neo4j", () => {
  it("indexes Task embeddings in the vector index and retrieves k tasks from it", async () => {
    const graph = await openNeo4jGraph({ uri: uri ?? "", user: process.env.NEO4J_USERNAME ?? "neo4j", password: process.env.NEO4J_PASSWORD ?? "" });
    try {
      await loadDevopsGraph(graph);
      const embedder = fakeBagOfWordsEmbedder();
      const unusedStore = {} as ChunkStore; // Neo4j keeps the vectors itself.
      await indexTasks(graph, unusedStore, embedder);
      const retrieved = await retrieveTasks(graph, unusedStore, embedder, "How many open tickets are there?", 4);
      expect(retrieved).toHaveLength(4);
      expect((await explainCount(graph, retrieved)).openInGraph).toBe(5);
    } finally {
      await graph.close();
    }
  });
});
