import type { GraphEngine } from "./port";

/** What learners are told answered their query: the engines differ in dialect. */
export const ENGINE_LABEL: Record<GraphEngine, string> = {
  ladybug: "LadybugDB (embedded)",
  neo4j: "Neo4j",
};
