import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Connection, Database, type PreparedStatement, type QueryResult } from "@ladybugdb/core";
import { LabError } from "@/lib/errors";
import { ladybugToJson, toLadybugParam } from "./ladybug-values";
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
import { prepareQuery, takeRows, timeoutError, type ResolvedQueryOptions } from "./query-common";
import { buildSchema } from "./schema-text";

/**
 * Embedded graph store on LadybugDB (the maintained fork of Kuzu): one file
 * under the data dir, locked to one read-write process.
 *
 * Read-only queries are enforced twice: the Cypher allowlist
 * (cypher-guard.ts), then LadybugDB's own verdict on the prepared statement
 * (`PreparedStatement.isReadOnly()`), before anything runs. A store opened
 * with `readOnly: true` adds the engine's read-only database mode. We do not
 * open a second, read-only Database on the same file for learner queries:
 * LadybugDB allows it in the same process, but that handle keeps the snapshot
 * it opened with and never sees later writes (measured), and sharing files
 * between two database instances in one process is outside its concurrency model.
 */

export const LADYBUG_FILE = "graph.lbug";

export interface LadybugGraphOptions {
  /** The app's data dir; the database is the file `graph.lbug` inside it. */
  dataDir: string;
  /** Open the file read-only, so the engine refuses every write. It must exist. */
  readOnly?: boolean;
}

export async function openLadybugGraph(opts: LadybugGraphOptions): Promise<GraphStore> {
  const file = path.join(opts.dataDir, LADYBUG_FILE);
  const readOnly = opts.readOnly ?? false;
  if (!readOnly) await mkdir(opts.dataDir, { recursive: true });
  const db = new Database(file, 0, true, readOnly);
  try {
    await db.init();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes("Could not set lock")) {
      throw new LabError(
        "conflict",
        `The graph database ${file} is open in another process. LadybugDB allows one read-write process: ` +
          "go through the running server, stop it, or open the graph read-only.",
      );
    }
    if (readOnly && message.includes("READ ONLY")) {
      throw new LabError("not_found", `There is no graph database at ${file} yet: load the DevOps graph first.`);
    }
    throw e;
  }
  return new LadybugGraph(db);
}

/** A string literal for the places LadybugDB takes no parameters (CALL table_info('X')). */
const literal = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function toLabError(e: unknown, timeoutMs: number): unknown {
  if (e instanceof LabError || !(e instanceof Error)) return e;
  if (e.message.startsWith("Interrupted")) return timeoutError(timeoutMs);
  if (e.message.includes("read-only database")) {
    return new LabError("forbidden", `This graph database is open read-only: ${e.message}`);
  }
  if (e.message.startsWith("IO exception")) return new LabError("unavailable", `Graph database error: ${e.message}`);
  return new LabError("bad_input", `Cypher error: ${e.message}`);
}

/** Second line of defence behind the allowlist: the engine's own classification after binding. */
export function assertEngineReadOnly(statement: PreparedStatement): void {
  // A statement that failed to prepare is reported by execute() with the engine's message.
  if (statement.isSuccess() && !statement.isReadOnly()) {
    throw new LabError("forbidden", "Only read queries are allowed on the shared graph: LadybugDB reports that this statement writes");
  }
}

async function* rowsOf(result: QueryResult) {
  while (result.hasNext()) {
    const row = await result.getNext();
    if (row) yield row;
  }
}

class LadybugGraph implements GraphStore {
  readonly engine = "ladybug";
  private closed = false;
  /** LadybugDB runs one write transaction at a time and fails the others (measured), so writes queue here. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database) {}

  async query(cypher: string, params: Record<string, unknown> = {}, opts?: GraphQueryOptions): Promise<GraphQueryResult> {
    const o = prepareQuery(cypher, opts);
    if (o.readOnly) return this.run(cypher, params, o);
    const write = this.writes.then(() => this.run(cypher, params, o));
    this.writes = write.catch(() => undefined);
    return write;
  }

  /**
   * One connection per query: connections are cheap here (about 0.15 ms) and
   * this gives each query its own time limit and lets reads run side by side.
   */
  private async run(cypher: string, params: Record<string, unknown>, o: ResolvedQueryOptions): Promise<GraphQueryResult> {
    if (this.closed) throw new LabError("unavailable", "The graph store is closed");
    const started = performance.now();
    const values = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, toLadybugParam(v, k)]));
    const conn = new Connection(this.db);
    try {
      conn.setQueryTimeout(o.timeoutMs);
      const statement = await conn.prepare(cypher);
      if (o.readOnly) assertEngineReadOnly(statement);
      const executed = await conn.execute(statement, values);
      // Prepared statements are single statements, so there is one result.
      const result = Array.isArray(executed) ? executed[0] : executed;
      try {
        const columns = await result.getColumnNames();
        const { rows, truncated } = await takeRows(rowsOf(result), o.rowLimit, (row) =>
          Object.fromEntries(Object.entries(row).map(([k, v]) => [k, ladybugToJson(v)])),
        );
        return { columns, rows, truncated, elapsedMs: Math.round(performance.now() - started) };
      } finally {
        result.close();
      }
    } catch (e) {
      throw toLabError(e, o.timeoutMs);
    } finally {
      await conn.close();
    }
  }

  private async rows(cypher: string): Promise<Record<string, unknown>[]> {
    return (await this.run(cypher, {}, { readOnly: true, timeoutMs: DEFAULT_TIMEOUT_MS, rowLimit: MAX_ROW_LIMIT })).rows;
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
    await this.db.close();
  }
}
