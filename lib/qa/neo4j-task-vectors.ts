import { DEVOPS_GRAPH, neo4jDdl } from "@/lib/graph/devops-schema";
import type { GraphStore } from "@/lib/graph/port";

/**
 * On Neo4j, task embeddings live where the course keeps them: an `embedding`
 * property on each Task node, searched through the native vector index
 * `tasks`. (Embedded LadybugDB keeps them in the vector store instead.)
 * These are the lab's own queries, not a learner's: they run outside the
 * learner read-only guard, which refuses every CALL.
 */
export async function storeTaskVectors(graph: GraphStore, rows: { id: string; vector: number[] }[]): Promise<void> {
  const index = neo4jDdl(DEVOPS_GRAPH, { vectorDimensions: rows[0].vector.length }).at(-1)!;
  await graph.query(index, {}, { readOnly: false });
  await graph.query("UNWIND $rows AS r MATCH (t:Task {id: r.id}) SET t.embedding = r.vector", { rows }, { readOnly: false });
}

export async function nearestTasks(graph: GraphStore, vector: number[], k: number): Promise<{ id: string; score: number }[]> {
  const { name } = DEVOPS_GRAPH.vectorIndex!;
  const result = await graph.query(
    `CALL db.index.vector.queryNodes('${name}', $k, $vector) YIELD node, score RETURN node.id AS id, score ORDER BY score DESC`,
    { k, vector },
    { readOnly: false },
  );
  return result.rows.map((r) => ({ id: String(r.id), score: Number(r.score) }));
}
