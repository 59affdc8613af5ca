import { readFile } from "node:fs/promises";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import {
  DEVOPS_GRAPH,
  TASK_STATUSES,
  ladybugDdl,
  neo4jDdl,
  type GraphSpec,
  type NodeTableSpec,
} from "./devops-schema";
import { kvgDropDdl } from "@/lib/similarity/kvg-schema";
import type { GraphStore } from "./port";

export const DEVOPS_DATASET_DIR = path.join(process.cwd(), "datasets", "devops-graph");

export interface DevopsDataset {
  /** Property rows per label, keyed by the schema's property names. */
  nodes: Map<string, Record<string, string | null>[]>;
  /** Endpoint keys per relationship type. */
  relationships: Map<string, { from: string; to: string }[]>;
}

const labels = DEVOPS_GRAPH.nodes.map((n) => n.label);
const types = DEVOPS_GRAPH.relationships.map((r) => r.type);

const nodeRow = z
  .object({
    var: z.string().min(1),
    label: z.enum(labels),
    name: z.string().min(1),
    technology: z.string(),
    status: z.union([z.literal(""), z.enum(TASK_STATUSES)]),
    description: z.string(),
  })
  .refine((row) => (row.label === "Task") === (row.status !== ""), "only tasks, and every task, have a status");

const relRow = z.object({
  from_var: z.string().min(1),
  type: z.enum(types),
  to_var: z.string().min(1),
});

async function readCsv<T>(file: string, row: z.ZodType<T>): Promise<T[]> {
  const records: unknown[] = parse(await readFile(file, "utf8"), { columns: true, skip_empty_lines: true });
  return records.map((record, i) => {
    const parsed = row.safeParse(record);
    // Line i + 2: one for the header, one because lines count from 1.
    if (!parsed.success) throw new Error(`${file} line ${i + 2}: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  });
}

/** Reads and checks nodes.csv and relationships.csv against DEVOPS_GRAPH. */
export async function readDevopsDataset(dir = DEVOPS_DATASET_DIR): Promise<DevopsDataset> {
  const nodeRows = await readCsv(path.join(dir, "nodes.csv"), nodeRow);
  const relRows = await readCsv(path.join(dir, "relationships.csv"), relRow);

  const labelOf = new Map(nodeRows.map((r) => [r.var, r.label]));
  if (labelOf.size !== nodeRows.length) throw new Error(`${dir}/nodes.csv: duplicate var`);

  const nodes = new Map<string, Record<string, string | null>[]>();
  for (const spec of DEVOPS_GRAPH.nodes) {
    const rows = nodeRows.filter((r) => r.label === spec.label);
    nodes.set(
      spec.label,
      rows.map((r) => {
        const columns: Record<string, string> = { ...r, [spec.key]: r.var };
        return Object.fromEntries(
          Object.keys(spec.properties).map((p) => {
            if (columns[p] === undefined) throw new Error(`${dir}/nodes.csv has no column for ${spec.label}.${p}`);
            return [p, columns[p] === "" ? null : columns[p]];
          }),
        );
      }),
    );
  }

  const relationships = new Map<string, { from: string; to: string }[]>();
  relRows.forEach((r, i) => {
    const spec = DEVOPS_GRAPH.relationships.find((s) => s.type === r.type);
    if (labelOf.get(r.from_var) !== spec?.from || labelOf.get(r.to_var) !== spec?.to) {
      throw new Error(`${dir}/relationships.csv line ${i + 2}: ${r.from_var}-[:${r.type}]->${r.to_var} does not fit the schema`);
    }
    const rows = relationships.get(r.type) ?? [];
    rows.push({ from: r.from_var, to: r.to_var });
    relationships.set(r.type, rows);
  });
  return { nodes, relationships };
}

function mergeNodes(spec: NodeTableSpec): string {
  const sets = Object.keys(spec.properties)
    .filter((p) => p !== spec.key)
    .map((p) => `n.${p} = row.${p}`);
  const merge = `UNWIND $rows AS row MERGE (n:${spec.label} {${spec.key}: row.${spec.key}})`;
  return sets.length > 0 ? `${merge} SET ${sets.join(", ")}` : merge;
}

function mergeRelationships(spec: GraphSpec, type: string): string {
  const rel = spec.relationships.find((r) => r.type === type);
  const keyOf = (label: string) => spec.nodes.find((n) => n.label === label)?.key;
  if (!rel) throw new Error(`Unknown relationship type ${type}`);
  return (
    `UNWIND $rows AS row MATCH (a:${rel.from} {${keyOf(rel.from)}: row.from}), (b:${rel.to} {${keyOf(rel.to)}: row.to}) ` +
    `MERGE (a)-[:${type}]->(b)`
  );
}

/** Counts only the schema's labels and types, so unrelated data in a shared Neo4j does not interfere. */
export async function countGraph(store: GraphStore, spec: GraphSpec = DEVOPS_GRAPH) {
  const count = async (cypher: string) => Number((await store.query(cypher)).rows[0]?.count);
  return {
    nodes: await count(`MATCH (n:${spec.nodes.map((n) => n.label).join("|")}) RETURN count(n) AS count`),
    relationships: await count(
      `MATCH ()-[r:${spec.relationships.map((r) => r.type).join("|")}]->() RETURN count(r) AS count`,
    ),
  };
}

/**
 * Creates the schema if missing and MERGEs the dataset by key, one UNWIND
 * statement per label and per relationship type, values always passed as
 * parameters. Idempotent: loading again leaves the same graph.
 */
export async function loadDevopsGraph(
  store: GraphStore,
  opts: { datasetDir?: string; vectorDimensions?: number } = {},
): Promise<{ nodes: number; relationships: number; elapsedMs: number }> {
  const started = performance.now();
  const data = await readDevopsDataset(opts.datasetDir);
  const write = { readOnly: false };
  const ddl = store.engine === "ladybug" ? ladybugDdl(DEVOPS_GRAPH) : neo4jDdl(DEVOPS_GRAPH, opts);
  for (const statement of ddl) await store.query(statement, {}, write);
  for (const spec of DEVOPS_GRAPH.nodes) {
    await store.query(mergeNodes(spec), { rows: data.nodes.get(spec.label) ?? [] }, write);
  }
  for (const [type, rows] of data.relationships) {
    await store.query(mergeRelationships(DEVOPS_GRAPH, type), { rows }, write);
  }
  return { ...(await countGraph(store)), elapsedMs: Math.round(performance.now() - started) };
}

/**
 * The shared graph as learners find it: course data only, loaded from the
 * dataset only when it is missing (a fresh install), never re-imported over
 * an instructor's edits. Re-importing is `loadDevopsGraph`, an instructor action.
 */
export async function ensureDevopsGraph(store: GraphStore): Promise<{ nodes: number; relationships: number; imported: boolean }> {
  // Knowledge vector graphs live in learners' own graphs now; older installs kept them here, where any learner could list them.
  if (store.engine === "ladybug") for (const statement of kvgDropDdl()) await store.query(statement, {}, { readOnly: false });
  const counts = await devopsGraphState(store);
  if (counts.nodes > 0) return { ...counts, imported: false };
  const loaded = await loadDevopsGraph(store);
  return { nodes: loaded.nodes, relationships: loaded.relationships, imported: true };
}

/**
 * The shared graph's counts, read-only. Only a graph whose tables do not
 * exist yet counts as empty: a timeout or an engine restart is an error, never
 * a reason to import over the instructor's edits.
 */
export async function devopsGraphState(store: GraphStore): Promise<{ nodes: number; relationships: number }> {
  try {
    return await countGraph(store);
  } catch (e) {
    if (e instanceof Error && /does not exist|not exist in catalog/i.test(e.message)) return { nodes: 0, relationships: 0 };
    throw e;
  }
}
