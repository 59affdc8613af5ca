/**
 * The graph store port, modelled on LangChain's Neo4jGraph: run Cypher, read
 * the schema, close. Adapters: LadybugDB (embedded default, ./ladybug.ts) and
 * Neo4j (./neo4j.ts). Both return plain JSON so a table or graph view renders
 * the same whichever engine answered.
 */
import type { z } from "zod";
import type { graphEngineSchema, graphNodeTypeSchema, graphRelTypeSchema, graphRowsSchema, graphStoreSchema } from "./contract";

export type GraphEngine = z.output<typeof graphEngineSchema>;

export interface GraphQueryOptions {
  /**
   * Defaults to true: learner queries must be read-only unless the caller
   * explicitly asks for a write (the loader does).
   */
  readOnly?: boolean;
  /** Defaults to DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Defaults to DEFAULT_ROW_LIMIT; more rows set `truncated`. */
  rowLimit?: number;
  /** The learner the query runs for: each learner has one graph query running at a time. */
  learner?: string;
  /**
   * The learner wrote this Cypher: a second one waits up to 2 s, then gets 429.
   * Queries the lab makes on a learner's behalf (false, the default) wait their turn.
   */
  learnerWritten?: boolean;
}

/** Rows as plain JSON (see graphRowsSchema). */
export type GraphQueryResult = z.output<typeof graphRowsSchema>;

/** A node in a result row; `_id` is engine-specific and only meaningful within one result. */
export interface GraphNodeJson {
  _id: string;
  _label: string;
  [property: string]: unknown;
}

/** A relationship in a result row; `_src`/`_dst` are the `_id`s of its nodes. */
export interface GraphRelJson {
  _id: string;
  _type: string;
  _src: string;
  _dst: string;
  [property: string]: unknown;
}

export type GraphProperty = GraphNodeType["properties"][number];
export type GraphNodeType = z.output<typeof graphNodeTypeSchema>;
export type GraphRelType = z.output<typeof graphRelTypeSchema>;
/** The schema of the graph, with its text for an LLM prompt (what Neo4jGraph.schema gives LangChain). */
export type GraphSchema = z.output<typeof graphStoreSchema>;

export interface GraphStore {
  readonly engine: GraphEngine;
  query(cypher: string, params?: Record<string, unknown>, opts?: GraphQueryOptions): Promise<GraphQueryResult>;
  schema(): Promise<GraphSchema>;
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const MAX_TIMEOUT_MS = 300_000;
export const DEFAULT_ROW_LIMIT = 1_000;
export const MAX_ROW_LIMIT = 100_000;
