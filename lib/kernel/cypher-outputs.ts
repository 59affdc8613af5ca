import type { GraphQueryResult } from "@/lib/graph/contract";
import type { CellOutput, GraphOutput } from "./outputs";
import { tableOutput } from "./to-output";

/** What a Cypher cell shows of a query result. */
export type CypherResponse = Omit<GraphQueryResult, "engine">;

type Node = { _id: string; _label: string } & Record<string, unknown>;
type Rel = { _type: string; _src: string; _dst: string } & Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && "_id" in v && "_label" in v;
const isRel = (v: unknown): v is Rel => typeof v === "object" && v !== null && "_type" in v && "_src" in v && "_dst" in v;

/** A node's short name: the first of the usual naming properties it has. */
function caption(n: Node): string {
  for (const key of ["name", "title", "id"]) if (typeof n[key] === "string") return n[key] as string;
  return n._id;
}

/** Collects every node and relationship in the rows, including inside paths and lists. */
export function graphFromRows(rows: Record<string, unknown>[]): GraphOutput | null {
  const nodes = new Map<string, GraphOutput["nodes"][number]>();
  const edges = new Map<string, GraphOutput["edges"][number]>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (isRel(v)) {
      const key = `${v._src}|${v._type}|${v._dst}`;
      edges.set(key, { source: v._src, target: v._dst, type: v._type });
    } else if (isNode(v)) {
      nodes.set(v._id, { id: v._id, label: v._label, caption: caption(v) });
    }
  };
  rows.forEach((r) => Object.values(r).forEach(visit));
  if (nodes.size === 0) return null;
  // Relationships whose ends were not returned cannot be drawn.
  const drawn = [...edges.values()].filter((e) => nodes.has(e.source) && nodes.has(e.target));
  return { kind: "graph", nodes: [...nodes.values()], edges: drawn };
}

/** Table cells show nodes and relationships by name rather than as raw JSON. */
function flatten(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(flatten);
  if (isRel(v)) return `[:${v._type}]`;
  if (isNode(v)) return `(${v._label} ${caption(v)})`;
  return v;
}

export function cypherOutputs(res: CypherResponse, maxBytes: number): CellOutput[] {
  const rows = res.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, flatten(v)])));
  const note = `${res.rows.length} row${res.rows.length === 1 ? "" : "s"} from ${res.engineLabel} in ${Math.round(res.elapsedMs)} ms${res.truncated ? " (row limit reached: more rows exist)" : ""}`;
  const outputs: CellOutput[] = [{ kind: "text", text: note, stream: "info" }];
  if (rows.length) outputs.push(tableOutput(rows, res.columns, maxBytes));
  const graph = graphFromRows(res.rows);
  if (graph) outputs.push(graph);
  return outputs;
}
