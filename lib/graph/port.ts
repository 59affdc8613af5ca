/**
 * The graph store port, modelled on LangChain's Neo4jGraph: run Cypher, read
 * the schema, close. Adapters: LadybugDB (embedded default, ./ladybug.ts) and
 * Neo4j (./neo4j.ts). Both return plain JSON so a table or graph view renders
 * the same whichever engine answered.
 */

export type GraphEngine = "ladybug" | "neo4j";

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

export interface GraphQueryResult {
  columns: string[];
  /**
   * Plain JSON values: numbers (integers beyond 2^53 as strings), strings,
   * booleans, null, arrays, objects; nodes as GraphNodeJson, relationships as
   * GraphRelJson, paths as [node, rel, node, ...]; dates and times as ISO strings.
   */
  rows: Record<string, unknown>[];
  truncated: boolean;
  elapsedMs: number;
}

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

export interface GraphProperty {
  name: string;
  /** LadybugDB type names (STRING, INT64, DOUBLE, BOOL, DATE, STRING[] ...) on both engines. */
  type: string;
}

export interface GraphNodeType {
  label: string;
  properties: GraphProperty[];
}

export interface GraphRelType {
  type: string;
  endpoints: { from: string; to: string }[];
  properties: GraphProperty[];
}

export interface GraphSchema {
  nodes: GraphNodeType[];
  relationships: GraphRelType[];
  /** The schema as text for an LLM prompt (what Neo4jGraph.schema gives LangChain). */
  text: string;
}

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
