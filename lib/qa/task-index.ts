/**
 * Embeddings of the DevOps graph's Task nodes, kept in the vector store and
 * keyed by node id (the course put them on the nodes in Neo4j; here the
 * graph holds the facts and the vector store the vectors).
 *
 * Mapping, one collection per embedding model, named
 * `graph_devops_tasks__<model slug>`; one chunk-shaped row per Task:
 *   id = the Task's `id`, docId = "devops", index = position by id,
 *   text = "name: …\ndescription: …\nstatus: …" (the course's three properties),
 *   citation = "graph://Task/<id>", times and character offsets 0 / text length.
 * Retrieval reads the task's properties back from the graph by id, so a
 * status shown next to a hit is the graph's, not the indexed copy's.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { countTokens } from "@/lib/chunking/tokens";
import type { Embedder } from "@/lib/embeddings";
import { LabError, isLabError } from "@/lib/errors";
import { MAX_ROW_LIMIT, type GraphStore } from "@/lib/graph/port";
import { retrieve } from "@/lib/retrieval";
import { validateCollectionName } from "@/lib/vectorstore/names";
import type { ChunkStore, CollectionMeta, StoredChunk } from "@/lib/vectorstore/port";
import { assertQuestion } from "./args";
import { DEFAULT_K, type RetrievedTask, type taskPropertiesSchema } from "./contract";
import { nearestTasks, storeTaskVectors } from "./neo4j-task-vectors";

export { DEFAULT_K };
export const TASK_DOC_ID = "devops";
export const TASK_COLLECTION_PREFIX = "graph_devops_tasks__";

const taskRow = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  description: z.string().nullable().transform((d) => d ?? ""),
});
export type TaskProperties = z.output<typeof taskPropertiesSchema>;
export type { RetrievedTask };

export function taskText(task: TaskProperties): string {
  return `name: ${task.name}\ndescription: ${task.description}\nstatus: ${task.status}`;
}

export const taskCitation = (id: string) => `graph://Task/${encodeURIComponent(id)}`;

/** Model ids have slashes and dots; long ones keep a prefix and a hash so two of them never share a name. */
export function taskCollection(modelId: string): string {
  const slug = modelId.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  const max = 64;
  const short = slug.length <= max ? slug : `${slug.slice(0, max - 9)}-${createHash("sha256").update(modelId).digest("hex").slice(0, 8)}`;
  return validateCollectionName(`${TASK_COLLECTION_PREFIX}${short || "model"}`);
}

/** Task properties from the graph, all of them or those with the given ids, ordered by id. */
export async function readTasks(graph: GraphStore, ids?: string[]): Promise<TaskProperties[]> {
  const where = ids ? "WHERE t.id IN $ids " : "";
  const result = await graph.query(
    `MATCH (t:Task) ${where}RETURN t.id AS id, t.name AS name, t.status AS status, t.description AS description ORDER BY id`,
    ids ? { ids } : {},
    { rowLimit: MAX_ROW_LIMIT },
  );
  if (result.truncated) throw new LabError("too_large", `The graph has more than ${MAX_ROW_LIMIT} tasks to embed`);
  return result.rows.map((row) => taskRow.parse(row));
}

/**
 * Embeds every Task and upserts it by id: running it again changes nothing
 * (an embedder behind the embedding cache does not even re-embed). Tasks
 * that left the graph are removed.
 */
export async function indexTasks(
  graph: GraphStore,
  store: ChunkStore,
  embedder: Embedder,
): Promise<{ collection: string; count: number; elapsedMs: number }> {
  const started = performance.now();
  const tasks = await readTasks(graph);
  if (tasks.length === 0) throw new LabError("not_found", "The graph has no Task nodes: load the DevOps graph first.");
  const texts = tasks.map(taskText);
  const vectors = await embedder.embeddings.embedDocuments(texts);
  if (graph.engine === "neo4j") {
    await storeTaskVectors(graph, tasks.map((t, i) => ({ id: t.id, vector: vectors[i] })));
    return { collection: "neo4j:tasks", count: tasks.length, elapsedMs: Math.round(performance.now() - started) };
  }

  const collection = taskCollection(embedder.id);
  const meta: CollectionMeta = {
    modelId: embedder.id,
    dimension: vectors[0].length,
    corpusVersion: "devops-graph",
    config: { source: "graph", label: "Task", properties: ["name", "description", "status"] },
  };
  await store.createCollection(collection, meta);
  const ids = new Set(tasks.map((t) => t.id));
  const stale = (await store.allVectors(collection)).some((row) => !ids.has(row.id));
  if (stale) await store.deleteByDoc(collection, TASK_DOC_ID);

  const rows: StoredChunk[] = tasks.map((task, i) => ({
    id: task.id,
    docId: TASK_DOC_ID,
    index: i,
    text: texts[i],
    startS: 0,
    endS: 0,
    startChar: 0,
    endChar: texts[i].length,
    citation: taskCitation(task.id),
    citationApproximate: false,
    tokens: countTokens(texts[i]),
    vector: vectors[i],
  }));
  await store.upsert(collection, rows);
  return { collection, count: rows.length, elapsedMs: Math.round(performance.now() - started) };
}

/** The k tasks nearest to the question, best first, with their properties as the graph has them now. */
export async function retrieveTasks(
  graph: GraphStore,
  store: ChunkStore,
  embedder: Embedder,
  question: string,
  k = DEFAULT_K,
): Promise<RetrievedTask[]> {
  assertQuestion(question);
  const collection = taskCollection(embedder.id);
  const vector = await embedder.embeddings.embedQuery(question);
  if (graph.engine === "neo4j") {
    const nearest = await nearestTasks(graph, vector, k);
    const byId = new Map((await readTasks(graph, nearest.map((n) => n.id))).map((t) => [t.id, t]));
    return nearest.map(({ id, score }) => ({ id, score, text: taskText(byId.get(id)!), citation: taskCitation(id), properties: byId.get(id)! }));
  }
  const hits = await retrieve({ collection, mode: "vector", vector, k }, { store }).catch((e: unknown) => {
    if (isLabError(e) && e.code === "not_found") {
      throw new LabError("not_found", `The tasks are not embedded with ${embedder.id} yet: index them first.`);
    }
    throw e;
  });
  const byId = new Map((await readTasks(graph, hits.map((h) => h.chunk.id))).map((t) => [t.id, t]));
  return hits.map(({ chunk, score }) => {
    const properties = byId.get(chunk.id);
    if (!properties) {
      throw new LabError("conflict", `Task ${chunk.id} is in the task index but not in the graph: index the tasks again.`);
    }
    return { id: chunk.id, score, text: chunk.text, citation: chunk.citation, properties };
  });
}
