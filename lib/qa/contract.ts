/**
 * The graph QA routes: vector retrieval over the DevOps tasks, vector QA,
 * Cypher QA and the agent that picks between them. The answers are the
 * domain results as they are (lib/qa derives its types from these schemas).
 */
import { z } from "zod";
import { endpoint, labType } from "@/lib/api/endpoint";

const question = z.string().trim().min(1).max(2_000);
/** Tasks retrieved per question: LangChain's retriever default, which the course's RetrievalQA used. */
export const DEFAULT_K = 4;
const k = z.int().min(1).max(20).default(DEFAULT_K);

/** Why a Cypher attempt did not produce an answer; learners see it next to the query. */
export const FAILURE_KINDS = [
  "syntax",
  "unknown_label",
  "unknown_property",
  "unknown_relationship",
  "wrong_direction",
  "write_refused",
  "empty_result",
  "timeout",
  "not_cypher",
] as const;

export const taskPropertiesSchema = z.object({ id: z.string(), name: z.string(), status: z.string(), description: z.string() });

export const retrievedTaskSchema = labType(
  "RetrievedTask",
  z.object({
    id: z.string(),
    score: z.number().describe("Cosine similarity to the question."),
    text: z.string().describe("The text that was embedded."),
    citation: z.string(),
    properties: taskPropertiesSchema.describe("Read from the graph at retrieval time."),
  }),
);

export const countExplanationSchema = z.object({
  retrieved: z.number().describe("How many tasks the model was shown."),
  openAmongRetrieved: z.number().describe("Open tasks among them: the most a model that counts its context can say."),
  openRetrievedIds: z.array(z.string()),
  openInGraph: z.number().describe("Open tasks in the whole graph, counted by Cypher."),
  openQuery: z.string(),
});

export const taskRetrievalSchema = labType(
  "TaskRetrieval",
  z.object({ question: z.string(), k: z.number(), retrieved: z.array(retrievedTaskSchema), count: countExplanationSchema }),
);

export const vectorQaResultSchema = labType(
  "VectorQaResult",
  z.object({
    question: z.string(),
    answer: z.string(),
    retrieved: z.array(retrievedTaskSchema).describe("The tasks the model saw, best first."),
    k: z.number(),
  }),
);

export const cypherAttemptSchema = z.object({
  cypher: z.string().describe('The query as run, after automatic fixes; "" when the reply held no query.'),
  generated: z.string().optional().describe("The model's query before the fixes, when there were any."),
  fixes: z.array(z.string()).optional(),
  error: z.string().optional(),
  kind: z.enum(FAILURE_KINDS).optional(),
});

export const cypherQaResultSchema = labType(
  "CypherQaResult",
  z.object({
    question: z.string(),
    cypher: z.string().nullable().describe("The last query tried, for the learner to edit; null when the model never wrote one."),
    attempts: z.array(cypherAttemptSchema),
    columns: z.array(z.string()),
    rows: z.array(z.record(z.string(), z.unknown())),
    truncated: z.boolean(),
    answer: z.string().nullable().describe("Written by the model from the rows; null when no query ran."),
  }),
);

/** What a tool found, for the learner: the retrieved tasks or the Cypher attempts and rows. */
export const toolDetailSchema = z.discriminatedUnion("tool", [
  z.object({ tool: z.literal("tasks"), result: vectorQaResultSchema }),
  z.object({ tool: z.literal("graph"), result: cypherQaResultSchema }),
]);

export const agentStepSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("tool_call"), id: z.string(), tool: z.string(), input: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal("tool_result"), id: z.string(), tool: z.string(), output: z.string(), detail: toolDetailSchema.optional(), error: z.string().optional() }),
  z.object({ type: z.literal("answer"), text: z.string() }),
]);

export const agentResultSchema = labType(
  "AgentResult",
  z.object({
    question: z.string(),
    answer: z.string().nullable().describe("null when the model was still calling tools after its last allowed step."),
    steps: z.array(agentStepSchema),
  }),
);

export type TaskRetrieval = z.output<typeof taskRetrievalSchema>;
export type RetrievedTask = z.output<typeof retrievedTaskSchema>;
export type VectorQaResult = z.output<typeof vectorQaResultSchema>;
export type CypherQaResult = z.output<typeof cypherQaResultSchema>;
export type AgentResult = z.output<typeof agentResultSchema>;

/** Vector retrieval over task descriptions, and the live count behind "4 versus 5"; no LLM involved. */
export const qaRetrieve = endpoint({
  method: "POST",
  path: "/api/qa/retrieve",
  request: z.strictObject({ question, k }),
  response: taskRetrievalSchema,
  maxBytes: 8_000,
});

export const qaVector = endpoint({
  method: "POST",
  path: "/api/qa/vector",
  request: z.strictObject({ question, k }),
  response: vectorQaResultSchema,
  maxBytes: 8_000,
});

export const qaCypher = endpoint({
  method: "POST",
  path: "/api/qa/cypher",
  request: z.strictObject({
    question,
    /** The learner's edit of the generated Cypher: run it (read-only) and answer from its rows. */
    cypher: z.string().max(20_000).optional(),
  }),
  response: cypherQaResultSchema,
  maxBytes: 32_000,
});

export const qaAgent = endpoint({
  method: "POST",
  path: "/api/qa/agent",
  request: z.strictObject({ question }),
  response: agentResultSchema,
  maxBytes: 8_000,
});
