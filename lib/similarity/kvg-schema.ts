/** The knowledge vector graph's tables in LadybugDB, and how values reach them. */
import type { GraphProperty, GraphStore } from "@/lib/graph/port";
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
const CHUNK_COLUMNS = { key: "STRING", id: "STRING", docId: "STRING", idx: "INT64", startSec: "DOUBLE", collection: "STRING" };
const EDGE_COLUMNS: Record<string, Record<string, string>> = { SIMILAR: { sim: "DOUBLE" }, NEXT: {} };

const columns = (c: Record<string, string>) => Object.entries(c).map(([name, type]) => `${name} ${type}`);

export function kvgDdl(): string[] {
  return [
    `CREATE NODE TABLE IF NOT EXISTS Chunk(${[...columns(CHUNK_COLUMNS), "PRIMARY KEY (key)"].join(", ")})`,
    ...Object.entries(EDGE_COLUMNS).map(([type, c]) => `CREATE REL TABLE IF NOT EXISTS ${type}(${["FROM Chunk TO Chunk", ...columns(c)].join(", ")})`),
  ];
}

/**
 * A learner may have made a Chunk, SIMILAR or NEXT table of their own in
 * their scratch graph; a build over it would fail halfway with a bind error.
 */
export async function assertKvgTablesFit(graph: GraphStore): Promise<void> {
  const { nodes, relationships } = await graph.schema();
  const same = (props: GraphProperty[], want: Record<string, string>) =>
    props.length === Object.keys(want).length && props.every((p) => want[p.name] === p.type);
  const chunk = nodes.find((n) => n.label === "Chunk");
  const fits =
    (!chunk || same(chunk.properties, CHUNK_COLUMNS)) &&
    relationships
      .filter((r) => Object.hasOwn(EDGE_COLUMNS, r.type))
      .every((r) => same(r.properties, EDGE_COLUMNS[r.type]) && r.endpoints.every((e) => e.from === "Chunk" && e.to === "Chunk"));
  if (!fits) {
    throw new LabError(
      "conflict",
      "Your scratch graph has a Chunk, SIMILAR or NEXT table of its own, and the knowledge vector graph needs those names: " +
        "drop yours, or empty the scratch graph with lab.graph.resetScratch().",
    );
  }
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

