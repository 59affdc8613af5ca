import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { LbugValue } from "@ladybugdb/core";
import { LabError } from "@/lib/errors";
import { assertScratchCypher } from "./cypher-guard";
import { EngineError, graphEngine, type DatabaseSpec, type EngineProcess } from "./engine/supervisor";
import { ladybugToJson, toLadybugParam } from "./ladybug-values";
import { assertPlanAllowed, learnerCypherError, operatorsOfPlan } from "./plan-check";
import {
  DEFAULT_TIMEOUT_MS,
  MAX_ROW_LIMIT,
  type GraphNodeType,
  type GraphQueryOptions,
  type GraphQueryResult,
  type GraphRelType,
  type GraphSchema,
  type GraphStore,
} from "./port";
import { prepareQuery, timeoutError } from "./query-common";
import { buildSchema } from "./schema-text";

/**
 * Embedded graph store on LadybugDB (the maintained fork of Kuzu): one file
 * under the data dir, locked to one read-write process, which is the engine
 * process (engine/engine-child.mjs) and never this one.
 *
 * A read-only query passes the lexer (cypher-guard.ts), then the engine's own
 * EXPLAIN plan must contain only read operators (plan-check.ts), and only then
 * runs. A scratch graph takes writes and schema changes through the same two
 * steps with the scratch allowlists. Other writes are the lab's own (the loader).
 */

export const LADYBUG_FILE = "graph.lbug";

const MiB = 1024 * 1024;
/**
 * Set on every database: the engine's default maximum size reserves 8 TiB of
 * address space per database, which ran out at the seventh scratch graph.
 * The buffer pool also bounds how much one write transaction can hold.
 */
const SIZES = {
  shared: { bufferPoolSize: 256 * MiB, maxDBSize: 16 * 1024 * MiB },
  scratch: { bufferPoolSize: 32 * MiB, maxDBSize: 256 * MiB },
} as const;

export interface LadybugGraphOptions {
  /** The app's data dir; the database is the file `graph.lbug` inside it. */
  dataDir: string;
  /** Open the file read-only, so the engine refuses every write. It must exist. */
  readOnly?: boolean;
  /** The shared course graph (default) or a learner's scratch graph: engine process, sizes and allowlist. */
  target?: "shared" | "scratch";
  /** The engine process to use; by default this process's engine for `target`. */
  engine?: EngineProcess;
  /** Buffer pool and maximum size in bytes; by default the ones for `target`. */
  sizes?: { bufferPoolSize: number; maxDBSize: number };
}

export async function openLadybugGraph(opts: LadybugGraphOptions): Promise<GraphStore> {
  const target = opts.target ?? "shared";
  const file = path.join(opts.dataDir, LADYBUG_FILE);
  const readOnly = opts.readOnly ?? false;
  if (!readOnly) await mkdir(opts.dataDir, { recursive: true });
  const spec: DatabaseSpec = { key: `${readOnly ? "ro" : "rw"}:${file}`, path: file, readOnly, ...(opts.sizes ?? SIZES[target]) };
  const engine = opts.engine ?? graphEngine(target);
  try {
    await engine.call({ op: "open", db: spec });
  } catch (e) {
    const message = e instanceof EngineError ? e.message : "";
    if (message.includes("Could not set lock")) {
      throw new LabError(
        "conflict",
        "The graph database is open in another process. LadybugDB allows one read-write process: " +
          "go through the running server, stop it, or open the graph read-only.",
      );
    }
    if (readOnly && message.includes("READ ONLY")) {
      throw new LabError("not_found", "There is no graph database here yet: load the DevOps graph first.");
    }
    throw toLabError(e, DEFAULT_TIMEOUT_MS);
  }
  return new LadybugGraph(engine, spec, target);
}

/** A string literal for the places LadybugDB takes no parameters (CALL table_info('X')). */
const literal = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

const mib = (bytes: number) => `${Math.round(bytes / MiB)} MiB`;

function toLabError(e: unknown, timeoutMs: number, spec?: DatabaseSpec): unknown {
  if (!(e instanceof EngineError)) return e;
  const m = e.message;
  if (m.startsWith("Interrupted")) return timeoutError(timeoutMs);
  if (m.includes("read-only database")) return new LabError("forbidden", "This graph database is open read-only.");
  if (m.includes("Maximum database size")) {
    return new LabError(
      "too_large",
      `This graph is full: it reached its maximum size${spec ? ` of ${mib(spec.maxDBSize)}` : ""}. Delete what you no longer need, or reset your scratch graph.`,
    );
  }
  if (m.includes("buffer pool is full")) {
    return new LabError(
      "too_large",
      `The graph engine's buffer pool for this graph${spec ? ` (${mib(spec.bufferPoolSize)})` : ""} is full: this write, or the graph, is too large for it. Write less at once, or delete what you no longer need.`,
    );
  }
  if (m.startsWith("IO exception")) {
    // The engine's message names server paths.
    console.error(`[graph] ${m}`);
    return new LabError("unavailable", "The graph database could not read or write its files.");
  }
  return learnerCypherError(m);
}

class LadybugGraph implements GraphStore {
  readonly engine = "ladybug";
  private closed = false;

  constructor(
    private readonly proc: EngineProcess,
    private readonly spec: DatabaseSpec,
    private readonly target: "shared" | "scratch",
  ) {}

  async query(cypher: string, params: Record<string, unknown> = {}, opts?: GraphQueryOptions): Promise<GraphQueryResult> {
    const o = prepareQuery(cypher, opts);
    // Writes on the shared graph are the lab's own (loader, instructor); everything else is checked.
    const allowlist = o.readOnly ? "shared" : this.target === "scratch" ? "scratch" : undefined;
    if (allowlist === "scratch") assertScratchCypher(cypher);
    const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, toLadybugParam(v, k)]));
    const meta = { learner: o.learner, learnerWritten: o.learnerWritten ?? false };
    return this.proc.limits.run(meta.learner, meta.learnerWritten, async () => {
      if (this.closed) throw new LabError("unavailable", "The graph store is closed");
      const started = performance.now();
      try {
        if (allowlist) {
          const plan = await this.proc.call(
            { op: "explain", db: this.spec, cypher, params: values, timeoutMs: o.timeoutMs },
            meta,
          );
          assertPlanAllowed(operatorsOfPlan(String(plan)), allowlist);
        }
        const result = (await this.proc.call(
          { op: "execute", db: this.spec, cypher, params: values, timeoutMs: o.timeoutMs, rowLimit: o.rowLimit },
          { ...meta, write: !o.readOnly },
        )) as { columns: string[]; rows: Record<string, LbugValue>[]; truncated: boolean };
        return {
          columns: result.columns,
          rows: result.rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, ladybugToJson(v)]))),
          truncated: result.truncated,
          elapsedMs: Math.round(performance.now() - started),
        };
      } catch (e) {
        throw toLabError(e, o.timeoutMs, this.spec);
      }
    });
  }

  /** The lab's own catalogue reads (CALL is not learner Cypher), unchecked. */
  private async rows(cypher: string): Promise<Record<string, LbugValue>[]> {
    if (this.closed) throw new LabError("unavailable", "The graph store is closed");
    const result = await this.proc
      .call({ op: "execute", db: this.spec, cypher, params: {}, timeoutMs: DEFAULT_TIMEOUT_MS, rowLimit: MAX_ROW_LIMIT })
      .catch((e: unknown) => Promise.reject(toLabError(e, DEFAULT_TIMEOUT_MS, this.spec)));
    return (result as { rows: Record<string, LbugValue>[] }).rows;
  }

  async schema(): Promise<GraphSchema> {
    const tables = await this.rows("CALL show_tables() RETURN name, type");
    const properties = async (table: string) =>
      (await this.rows(`CALL table_info(${literal(table)}) RETURN name, type`)).map((p) => ({
        name: String(p.name),
        type: String(p.type),
      }));
    const nodes: GraphNodeType[] = [];
    const relationships: GraphRelType[] = [];
    for (const t of tables) {
      const name = String(t.name);
      if (t.type === "NODE") nodes.push({ label: name, properties: await properties(name) });
      if (t.type === "REL") {
        const ends = await this.rows(
          `CALL show_connection(${literal(name)}) RETURN \`source table name\` AS src, \`destination table name\` AS dst`,
        );
        relationships.push({
          type: name,
          endpoints: ends.map((e) => ({ from: String(e.src), to: String(e.dst) })),
          properties: await properties(name),
        });
      }
    }
    return buildSchema(nodes, relationships);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.proc.call({ op: "close", key: this.spec.key });
  }
}
