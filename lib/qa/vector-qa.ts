/**
 * Vector QA over task descriptions, as in the course's RetrievalQA: embed the
 * question, retrieve k tasks, let the model answer from those alone. Asked
 * "How many open tickets are there?", it counts the open tasks among the k it
 * was shown; explainCount puts that next to the graph's real count.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { Embedder } from "@/lib/embeddings";
import { callChat } from "@/lib/llm/call";
import { COURSE_QUERIES } from "@/lib/graph/course-queries";
import type { TASK_STATUSES } from "@/lib/graph/devops-schema";
import type { GraphStore } from "@/lib/graph/port";
import type { ChunkStore } from "@/lib/vectorstore/port";
import type { z } from "zod";
import type { countExplanationSchema, VectorQaResult } from "./contract";
import { DEFAULT_K, retrieveTasks, type RetrievedTask } from "./task-index";

export interface QaDeps {
  graph: GraphStore;
  store: ChunkStore;
  embedder: Embedder;
  model: BaseChatModel;
  /** The caller going away (a hung-up request) aborts the model calls. */
  signal?: AbortSignal;
}

export type { VectorQaResult };

/**
 * Like the course's "stuff" prompt, this does not tell the model that it sees
 * only the top k tasks: the lesson is what a retriever-fed model does with a
 * counting question.
 */
function vectorQaPrompt(question: string, tasks: RetrievedTask[]) {
  const context = tasks.map((t, i) => `[${i + 1}] ${t.text}`).join("\n\n");
  return [
    new SystemMessage(
      "You answer questions about the tasks of a software team. Use only the tasks listed below, " +
        "not outside knowledge. If they do not contain the answer, say that you do not know. Keep the answer short.\n\n" +
        `Tasks:\n${context}`,
    ),
    new HumanMessage(question),
  ];
}

export async function vectorQa(deps: QaDeps, question: string, opts: { k?: number } = {}): Promise<VectorQaResult> {
  const k = opts.k ?? DEFAULT_K;
  const retrieved = await retrieveTasks(deps.graph, deps.store, deps.embedder, question, k);
  const reply = await callChat(deps.model, vectorQaPrompt(question, retrieved), { signal: deps.signal });
  return { question, answer: reply.text, retrieved, k };
}

const OPEN: (typeof TASK_STATUSES)[number] = "open";

export type CountExplanation = z.output<typeof countExplanationSchema>;

/** The numbers behind "vector QA said 4, Cypher says 5", computed from the retrieval and the graph. */
export async function explainCount(graph: GraphStore, retrieved: RetrievedTask[]): Promise<CountExplanation> {
  const openRetrievedIds = retrieved.filter((t) => t.properties.status === OPEN).map((t) => t.id);
  const openQuery = COURSE_QUERIES.openTasks;
  const { rows } = await graph.query(openQuery);
  return {
    retrieved: retrieved.length,
    openAmongRetrieved: openRetrievedIds.length,
    openRetrievedIds,
    openInGraph: Number(rows[0]?.openTasks),
    openQuery,
  };
}
