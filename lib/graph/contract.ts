/**
 * The graph routes: the shared DevOps graph (read-only for learners), each
 * learner's scratch graph, Cypher queries on either and the schema. The store
 * port (./port.ts) returns the same shapes without the engine label.
 */
import { z } from "zod";
import { endpoint, labType, noInput } from "@/lib/api/endpoint";
import { boundedJson } from "@/lib/validation/json";

export const graphEngineSchema = z.enum(["ladybug", "neo4j"]);

/** What a GraphStore's query returns. */
export const graphRowsSchema = z.object({
  columns: z.array(z.string()),
  rows: z
    .array(z.record(z.string(), z.unknown()))
    .describe(
      "Plain JSON values: numbers (integers beyond 2^53 as strings), strings, booleans, null, arrays, objects; nodes as {_id, _label, ...properties}, relationships as {_id, _type, _src, _dst, ...properties}, paths as [node, rel, node, ...]; dates and times as ISO strings.",
    ),
  truncated: z.boolean().describe("More rows matched than the row limit let through."),
  elapsedMs: z.number(),
});

const answeredBy = {
  engine: graphEngineSchema,
  engineLabel: z.string().describe('Which engine answered: "LadybugDB (embedded)" or "Neo4j".'),
};

export const graphQueryResultSchema = labType("GraphQueryResult", graphRowsSchema.extend(answeredBy));

const graphPropertySchema = z.object({
  name: z.string(),
  type: z.string().describe("LadybugDB type names (STRING, INT64, DOUBLE, BOOL, DATE, STRING[] ...) on both engines."),
});

export const graphNodeTypeSchema = z.object({ label: z.string(), properties: z.array(graphPropertySchema) });
export const graphRelTypeSchema = z.object({
  type: z.string(),
  endpoints: z.array(z.object({ from: z.string(), to: z.string() })),
  properties: z.array(graphPropertySchema),
});

/** What a GraphStore's schema() returns. */
export const graphStoreSchema = z.object({
  nodes: z.array(graphNodeTypeSchema),
  relationships: z.array(graphRelTypeSchema),
  text: z.string().describe("The schema as text, the way an LLM prompt would show it."),
});

export const graphSchemaSchema = labType("GraphSchema", graphStoreSchema.extend(answeredBy));

export type GraphQueryResult = z.output<typeof graphQueryResultSchema>;
export type GraphSchema = z.output<typeof graphSchemaSchema>;

const counts = { nodes: z.number(), relationships: z.number() };
const DATASET_ERROR = 'The only graph dataset is "devops" (?dataset=devops).';

/** The shared graph's counts; it is loaded only when missing (`imported: true`). */
export const graphState = endpoint({
  method: "GET",
  path: "/api/graph/load",
  request: z.object({ dataset: z.literal("devops", { error: DATASET_ERROR }) }),
  response: z.object({ ...counts, imported: z.boolean() }),
});

/** Re-imports the shipped dataset over the shared graph: an instructor action. */
export const loadGraph = endpoint({
  method: "POST",
  path: "/api/graph/load",
  request: z.strictObject({ dataset: z.literal("devops") }),
  response: z.object({ ...counts, elapsedMs: z.number() }),
  maxBytes: 1_000,
});

export const graphQueryRequestSchema = z.strictObject({
  cypher: z.string().trim().min(1, "the query is empty").max(20_000),
  params: z.record(z.string(), boundedJson).default({}),
  rowLimit: z.int().min(1).max(10_000).default(1_000),
  /** Only honoured for instructors (the CLI's --allow-write). */
  allowWrite: z.boolean().default(false),
  /** "shared": the course graph, read-only. "scratch": the learner's own graph, writable. */
  graph: z.enum(["shared", "scratch"]).default("shared"),
});

export const graphQuery = endpoint({
  method: "POST",
  path: "/api/graph/query",
  request: graphQueryRequestSchema,
  response: graphQueryResultSchema,
  maxBytes: 64_000,
});

export const graphSchema = endpoint({ method: "GET", path: "/api/graph/schema", request: noInput, response: graphSchemaSchema });

/** Empties the learner's scratch graph. */
export const resetScratch = endpoint({
  method: "DELETE",
  path: "/api/graph/scratch",
  request: noInput,
  response: z.object({ reset: z.literal(true) }),
});
