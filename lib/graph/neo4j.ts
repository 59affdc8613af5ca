import neo4j, { Neo4jError, type Driver, type ManagedTransaction } from "neo4j-driver";
import { LabError } from "@/lib/errors";
import { neo4jParams, neo4jToJson } from "./neo4j-values";
import { assertNeo4jReadPlan } from "./neo4j-plan";
import {
  DEFAULT_TIMEOUT_MS,
  MAX_ROW_LIMIT,
  type GraphNodeType,
  type GraphProperty,
  type GraphQueryOptions,
  type GraphQueryResult,
  type GraphRelType,
  type GraphSchema,
  type GraphStore,
} from "./port";
import { prepareQuery, takeRows, timeoutError, type ResolvedQueryOptions } from "./query-common";
import { buildSchema } from "./schema-text";

/**
 * Production graph store on Neo4j. Read-only queries are enforced by the
 * Cypher allowlist (cypher-guard.ts), then by the server's own EXPLAIN plan
 * (neo4j-plan.ts: read operators and allowlisted procedures only, so no
 * LOAD CSV), then run in a READ session inside `executeRead`: Neo4j 4+
 * servers reject writes in a READ transaction
 * (Neo.ClientError.Statement.AccessMode), and a cluster routes them to a
 * reader. For a shared graph, also give the app a user with the `reader`
 * role; that is the only check that cannot be bypassed from a query.
 */

export interface Neo4jGraphOptions {
  uri: string;
  user: string;
  password: string;
  /** Defaults to the server's default database. */
  database?: string;
}

export async function openNeo4jGraph(opts: Neo4jGraphOptions): Promise<GraphStore> {
  const driver = neo4j.driver(opts.uri, neo4j.auth.basic(opts.user, opts.password), { userAgent: "ragcamp" });
  try {
    await driver.verifyConnectivity({ database: opts.database });
  } catch (e) {
    await driver.close();
    throw new LabError("unavailable", `Cannot reach Neo4j at ${opts.uri}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return new Neo4jGraph(driver, opts.database);
}

export function neo4jErrorToLabError(e: unknown, timeoutMs: number): unknown {
  if (!(e instanceof Neo4jError)) return e;
  const code = e.code;
  if (code.includes("TransactionTimedOut")) return timeoutError(timeoutMs);
  if (code === neo4j.error.SERVICE_UNAVAILABLE || code === neo4j.error.SESSION_EXPIRED) {
    return new LabError("unavailable", `Neo4j is unavailable: ${e.message}`);
  }
  if (code.endsWith(".AccessMode") || code === "Neo.ClientError.Security.Forbidden") {
    return new LabError("forbidden", `Only read queries are allowed on the shared graph: ${e.message}`);
  }
  if (code.startsWith("Neo.ClientError.Security.")) return new LabError("unavailable", `Neo4j refused the app's login: ${e.message}`);
  if (code.startsWith("Neo.ClientError.")) return new LabError("bad_input", `Cypher error: ${e.message}`);
  return e;
}

const TYPE_NAMES = new Map([
  ["string", "STRING"],
  ["long", "INT64"],
  ["integer", "INT64"],
  ["double", "DOUBLE"],
  ["float", "DOUBLE"],
  ["boolean", "BOOL"],
  ["date", "DATE"],
  ["datetime", "TIMESTAMP"],
  ["localdatetime", "TIMESTAMP"],
  ["duration", "INTERVAL"],
]);

/** Neo4j's schema type names in LadybugDB's spelling, so both engines describe the graph alike. */
export function ladybugTypeName(neo4jType: string): string {
  const array = /^(.+)Array$/.exec(neo4jType);
  if (array) return `${ladybugTypeName(array[1])}[]`;
  return TYPE_NAMES.get(neo4jType.toLowerCase()) ?? neo4jType.toUpperCase();
}

/** `:\`DEPENDS_ON\`` as db.schema.relTypeProperties() spells it, to DEPENDS_ON. */
const relTypeName = (s: string) => s.replace(/^:`(.*)`$/, "$1").replace(/``/g, "`");

class Neo4jGraph implements GraphStore {
  readonly engine = "neo4j";
  private closed = false;

  constructor(
    private readonly driver: Driver,
    private readonly database: string | undefined,
  ) {}

  async query(cypher: string, params: Record<string, unknown> = {}, opts?: GraphQueryOptions): Promise<GraphQueryResult> {
    return this.run(cypher, params, prepareQuery(cypher, opts));
  }

  private async run(cypher: string, params: Record<string, unknown>, o: ResolvedQueryOptions): Promise<GraphQueryResult> {
    if (this.closed) throw new LabError("unavailable", "The graph store is closed");
    const started = performance.now();
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: o.readOnly ? neo4j.session.READ : neo4j.session.WRITE,
    });
    const values = neo4jParams(params);
    const work = async (tx: ManagedTransaction) => {
      // Planned, not run: the query runs only if every operator of its plan reads.
      if (o.readOnly) assertNeo4jReadPlan((await tx.run(`EXPLAIN ${cypher}`, values)).summary.plan);
      const result = tx.run(cypher, values);
      const columns = await result.keys();
      const { rows, truncated } = await takeRows(result, o.rowLimit, (record) =>
        Object.fromEntries(record.keys.map((k) => [String(k), neo4jToJson(record.get(k))])),
      );
      return { columns: columns.map(String), rows, truncated };
    };
    try {
      // The server stops the transaction at the time limit.
      const config = { timeout: o.timeoutMs };
      const out = o.readOnly ? await session.executeRead(work, config) : await session.executeWrite(work, config);
      return { ...out, elapsedMs: Math.round(performance.now() - started) };
    } catch (e) {
      throw neo4jErrorToLabError(e, o.timeoutMs);
    } finally {
      await session.close();
    }
  }

  private async rows(cypher: string): Promise<Record<string, unknown>[]> {
    return (await this.run(cypher, {}, { readOnly: true, timeoutMs: DEFAULT_TIMEOUT_MS, rowLimit: MAX_ROW_LIMIT })).rows;
  }

  async schema(): Promise<GraphSchema> {
    const typeOf = (types: unknown) => (Array.isArray(types) ? types.map(String).map(ladybugTypeName).join("|") : "ANY");
    const nodeProps = new Map<string, GraphProperty[]>();
    for (const row of await this.rows(
      "CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName, propertyTypes " +
        "RETURN nodeLabels, propertyName, propertyTypes",
    )) {
      for (const label of Array.isArray(row.nodeLabels) ? row.nodeLabels.map(String) : []) {
        const props = nodeProps.get(label) ?? [];
        if (row.propertyName !== null && !props.some((p) => p.name === row.propertyName)) {
          props.push({ name: String(row.propertyName), type: typeOf(row.propertyTypes) });
        }
        nodeProps.set(label, props);
      }
    }
    const relProps = new Map<string, GraphProperty[]>();
    for (const row of await this.rows(
      "CALL db.schema.relTypeProperties() YIELD relType, propertyName, propertyTypes RETURN relType, propertyName, propertyTypes",
    )) {
      const type = relTypeName(String(row.relType));
      const props = relProps.get(type) ?? [];
      if (row.propertyName !== null) props.push({ name: String(row.propertyName), type: typeOf(row.propertyTypes) });
      relProps.set(type, props);
    }
    // Exact endpoint pairs need a scan (db.schema.visualization() guesses them from counts);
    // fine for lab-sized graphs, and bounded by the time limit.
    const endpoints = new Map<string, { from: string; to: string }[]>();
    for (const row of await this.rows(
      "MATCH (a)-[r]->(b) UNWIND labels(a) AS src UNWIND labels(b) AS dst RETURN DISTINCT src, type(r) AS type, dst",
    )) {
      const type = String(row.type);
      endpoints.set(type, [...(endpoints.get(type) ?? []), { from: String(row.src), to: String(row.dst) }]);
    }

    const nodes: GraphNodeType[] = [...nodeProps].map(([label, properties]) => ({ label, properties }));
    const relationships: GraphRelType[] = [...new Set([...relProps.keys(), ...endpoints.keys()])].map((type) => ({
      type,
      endpoints: endpoints.get(type) ?? [],
      properties: relProps.get(type) ?? [],
    }));
    return buildSchema(nodes, relationships);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.driver.close();
  }
}
