/** The knowledge vector graph's tables in LadybugDB, and how values reach them. */
import type { GraphStore } from "@/lib/graph/port";
import { LabError } from "@/lib/errors";

/**
 * The tables live in each learner's own scratch graph (see gridEngines in
 * lib/services.ts), never in the shared one: there every learner could list
 * other learners' collection names. One Chunk table serves all of a
 * learner's collections, told apart by `collection`; the key
 * is `<collection>/<chunk id>` because the same chunk id recurs in
 * collections that share a chunker but not an embedder. The start time is
 * `startSec`: LadybugDB parses `startS` as the keyword STARTS.
 */
export function kvgDdl(): string[] {
  return [
    "CREATE NODE TABLE IF NOT EXISTS Chunk(key STRING, id STRING, docId STRING, idx INT64, startSec DOUBLE, collection STRING, PRIMARY KEY (key))",
    "CREATE REL TABLE IF NOT EXISTS SIMILAR(FROM Chunk TO Chunk, sim DOUBLE)",
    "CREATE REL TABLE IF NOT EXISTS NEXT(FROM Chunk TO Chunk)",
  ];
}

/** Removes the tables again, relationships first (LadybugDB refuses to drop a node table a relationship table uses). */
export function kvgDropDdl(): string[] {
  return ["DROP TABLE IF EXISTS NEXT", "DROP TABLE IF EXISTS SIMILAR", "DROP TABLE IF EXISTS Chunk"];
}

export const nodeKey = (collection: string, id: string) => `${collection}/${id}`;

/**
 * LadybugDB types a JS number by its value (2 is INT64, 2.5 DOUBLE) and
 * refuses a list that mixes both, so doubles travel as strings and are CAST back.
 */
export const asDouble = (x: number) => String(x);

export function assertLadybug(graph: GraphStore): void {
  if (graph.engine !== "ladybug") {
    throw new LabError("bad_input", `The knowledge vector graph is built in LadybugDB, not ${graph.engine}.`);
  }
}

