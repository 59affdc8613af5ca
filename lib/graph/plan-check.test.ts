import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Connection, Database } from "@ladybugdb/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { parseCypherCell } from "@/lib/kernel/cypher-directives";
import { loadLessons } from "@/lib/lessons/load";
import { kvgDdl } from "@/lib/similarity/kvg-schema";
import { attackCorpus } from "./attack-corpus";
import { COURSE_QUERIES } from "./course-queries";
import { loadDevopsGraph } from "./load-devops";
import { assertPlanAllowed, learnerCypherError, operatorsOfPlan } from "./plan-check";
import type { GraphStore } from "./port";

/**
 * The plan check on its own, with the lexer (cypher-guard.ts) switched off:
 * the real engine EXPLAINs each query on the DevOps graph and the check
 * decides from the plan alone.
 */

const dir = mkdtempSync(path.join(tmpdir(), "ragcamp-plan-"));
const paths = {
  readable: path.join(dir, "admin.token"),
  dir: path.join(dir, "existing"),
  writable: path.join(dir, "must-not-exist"),
};
let db: Database;
let conn: Connection;

/** Just enough of a GraphStore for loadDevopsGraph, straight on a connection. */
function rawStore(c: Connection): GraphStore {
  return {
    engine: "ladybug",
    async query(cypher, params = {}) {
      const result = await c.execute(await c.prepare(cypher), params as never);
      const rows = await (Array.isArray(result) ? result[0] : result).getAll();
      return { columns: [], rows, truncated: false, elapsedMs: 0 };
    },
    schema: () => Promise.reject(new Error("not needed")),
    close: () => Promise.resolve(),
  };
}

beforeAll(async () => {
  writeFileSync(paths.readable, "id,name\nsecret-token-value,x\n");
  rmSync(paths.dir, { recursive: true, force: true });
  db = new Database(":memory:");
  await db.init();
  conn = new Connection(db);
  await loadDevopsGraph(rawStore(conn));
  for (const ddl of kvgDdl()) await conn.query(ddl);
  // A database directory to import from and attach: an export of this one.
  await conn.query(`EXPORT DATABASE '${paths.dir}'`);
}, 60_000);

afterAll(async () => {
  await conn?.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What a learner would get: the plan check's verdict, or the engine's error as the learner sees it. */
async function verdict(cypher: string, target: "shared" | "scratch", params: Record<string, unknown> = {}): Promise<LabError | "allowed"> {
  // EXPLAIN EXPORT DATABASE creates the directory, and a second one would fail for that reason instead.
  rmSync(paths.writable, { recursive: true, force: true });
  let plan: string;
  try {
    const result = await conn.execute(await conn.prepare(`EXPLAIN ${cypher}`), params as never);
    const [row] = await (Array.isArray(result) ? result[0] : result).getAll();
    plan = String(Object.values(row)[0]);
  } catch (e) {
    return learnerCypherError((e as Error).message);
  }
  try {
    assertPlanAllowed(operatorsOfPlan(plan), target);
    return "allowed";
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
}

describe("the plan check alone (no lexer)", () => {
  it("refuses every query of the attack corpus, leaking no path or file content", async () => {
    for (const attack of attackCorpus(paths)) {
      for (const target of attack.refusedOn) {
        const v = await verdict(attack.cypher, target);
        expect(v, `${target}: ${attack.cypher}`).toBeInstanceOf(LabError);
        const e = v as LabError;
        expect(["forbidden", "bad_input"], `${target}: ${attack.cypher}: ${e.message}`).toContain(e.code);
        expect(e.message, attack.cypher).not.toContain(dir);
        expect(e.message, attack.cypher).not.toContain("secret-token-value");
      }
    }
  });
});

/** Queries the lab itself runs, as written in the files named. */
const LAB_READS: [string, Record<string, unknown>][] = [
  // lib/graph/ladybug.ts schema()
  ["CALL show_tables() RETURN name, type", {}],
  ["CALL table_info('Task') RETURN name, type", {}],
  ["CALL show_connection('DEPENDS_ON') RETURN `source table name` AS src, `destination table name` AS dst", {}],
  // lib/graph/load-devops.ts countGraph()
  ["MATCH (n:Microservice|Team|Person|Task) RETURN count(n) AS count", {}],
  ["MATCH ()-[r:DEPENDS_ON|MAINTAINED_BY|ASSIGNED_TO|LINKED_TO|PART_OF]->() RETURN count(r) AS count", {}],
  // lib/qa/task-index.ts readTasks()
  ["MATCH (t:Task) WHERE t.id IN $ids RETURN t.id AS id, t.name AS name, t.status AS status, t.description AS description ORDER BY id", { ids: ["t1"] }],
  // lib/similarity/kvg.ts counts, kvg-retrieve.ts seeds and HOP_QUERY
  ["MATCH (c:Chunk {collection: $collection})-[r:SIMILAR]->() RETURN count(r) AS n", { collection: "c" }],
  ["MATCH (c:Chunk) WHERE c.key IN $keys RETURN count(c) AS n", { keys: ["c/1"] }],
  [
    `UNWIND $frontier AS f
MATCH (s:Chunk {key: f.key})-[r:SIMILAR|NEXT]-(n:Chunk)
WITH s, n, label(r) AS kind, CASE WHEN label(r) = 'NEXT' THEN CAST($nextWeight AS DOUBLE) ELSE r.sim END AS weight, CAST(f.score AS DOUBLE) AS parent
RETURN s.id AS src, n.id AS id, n.docId AS docId, kind, weight, parent * weight AS score
ORDER BY score DESC, id
LIMIT $limit`,
    { frontier: [{ key: "c/1", score: 0.5 }], nextWeight: 0.5, limit: 10 },
  ],
  // Read shapes the lessons teach: optional match, unions, subqueries, paths, distinct, skip.
  ["OPTIONAL MATCH (t:Team)<-[:PART_OF]-(p:Person) RETURN t.name AS team, collect(p.name) AS people", {}],
  ["MATCH (t:Team) RETURN t.name AS name UNION MATCH (m:Microservice) RETURN m.name AS name", {}],
  ["MATCH (t:Team) WHERE EXISTS { MATCH (t)<-[:ASSIGNED_TO]-(:Task) } RETURN t.name AS team, COUNT { MATCH (t)<-[:PART_OF]-() } AS people", {}],
  ["MATCH p = (a:Microservice)-[:DEPENDS_ON*1..3]->(b:Microservice) RETURN length(p) AS hops, nodes(p) AS ns LIMIT 5", {}],
  ["MATCH p = (a:Microservice {name: 'OrderService'})-[:DEPENDS_ON* SHORTEST 1..5]->(b:Microservice {name: 'Database'}) RETURN p", {}],
  ["MATCH (m:Microservice) RETURN DISTINCT m.technology AS tech ORDER BY tech SKIP 1 LIMIT 2", {}],
  ["UNWIND [1, 2, 3] AS x RETURN x * 2 AS y", {}],
  ["RETURN 1 AS one", {}],
];

/** Writes the lab makes in a learner's scratch graph (lib/similarity/kvg.ts, kvg-schema.ts). */
const LAB_SCRATCH_WRITES: [string, Record<string, unknown>][] = [
  ...kvgDdl().map((ddl) => [ddl, {}] as [string, Record<string, unknown>]),
  ["MATCH (c:Chunk {collection: $collection}) DETACH DELETE c", { collection: "c" }],
  [
    "UNWIND $rows AS r CREATE (:Chunk {key: r.key, id: r.id, docId: r.docId, idx: r.idx, startSec: CAST(r.startSec AS DOUBLE), collection: r.collection})",
    { rows: [{ key: "c/1", id: "1", docId: "d", idx: 0, startSec: 1.5, collection: "c" }] },
  ],
  ["UNWIND $rows AS r MATCH (a:Chunk {key: r.from}), (b:Chunk {key: r.to}) CREATE (a)-[:SIMILAR {sim: CAST(r.sim AS DOUBLE)}]->(b)", { rows: [{ from: "c/1", to: "c/2", sim: 0.5 }] }],
  ["UNWIND $rows AS r MATCH (a:Chunk {key: r.from}), (b:Chunk {key: r.to}) CREATE (a)-[:NEXT]->(b)", { rows: [{ from: "c/1", to: "c/2" }] }],
  ["MATCH (t:Team {id: 'teamA'}) SET t.name = 'TeamA'", {}],
  ["ALTER TABLE Team ADD IF NOT EXISTS motto STRING", {}],
  ["CREATE SEQUENCE IF NOT EXISTS ids", {}],
  ["DROP TABLE IF EXISTS Nothing", {}],
];

/** How a code cell sends a query to the learner's scratch graph: `lab.graph.query(q, params, { graph: "scratch" })`. */
const SCRATCH_OPTION = 'graph: "scratch"';

/** The Cypher string literals of a code cell that writes to the scratch graph, in order (later Cypher cells build on them). */
function scratchStatements(code: string): string[] {
  return [...code.matchAll(/"((?:CREATE|MERGE|MATCH|ALTER|DROP)\b[^"]*)"/g)].map((m) => m[1]!);
}

describe("the plan check accepts what the lessons and the lab run", () => {
  it("every Cypher cell of every lesson, on its graph; the lesson's write attempt is refused", async () => {
    const cells = loadLessons().flatMap((l) => l.cells.filter((c) => c.kind === "cypher" || c.code.includes(SCRATCH_OPTION)).map((c) => ({ ...c, slug: l.slug })));
    expect(cells.filter((c) => c.kind === "cypher").length).toBeGreaterThan(5);
    const statements = cells.flatMap((c) => (c.kind === "cypher" ? [{ ...c, ...parseCypherCell(c.code) }] : scratchStatements(c.code).map((cypher) => ({ ...c, cypher, params: {}, graph: "scratch" as const }))));
    expect(statements.filter((s) => s.kind !== "cypher").length, "a code cell that builds the scratch graph").toBeGreaterThan(0);
    for (const c of statements) {
      const { cypher, params, graph } = c;
      const v = await verdict(cypher, graph, params);
      if (c.id === "write-attempt") expect((v as LabError).code, c.id).toBe("forbidden");
      else expect(v, `${c.slug}/${c.id}: ${v === "allowed" ? "" : v.message}`).toBe("allowed");
      // Later cells build on what earlier scratch cells created.
      if (v === "allowed" && graph === "scratch") await conn.execute(await conn.prepare(cypher), params as never);
    }
  });

  it("the course queries and the lab's own reads, on both graphs", async () => {
    const reads: [string, Record<string, unknown>][] = [...Object.values(COURSE_QUERIES).map((q) => [q, {}] as [string, Record<string, unknown>]), ...LAB_READS];
    for (const [cypher, params] of reads) {
      for (const target of ["shared", "scratch"] as const) {
        const v = await verdict(cypher, target, params);
        expect(v, `${target}: ${cypher}: ${v === "allowed" ? "" : v.message}`).toBe("allowed");
      }
    }
  });

  it("the lab's writes on a scratch graph, and none of them on the shared graph", async () => {
    for (const [cypher, params] of LAB_SCRATCH_WRITES) {
      expect(await verdict(cypher, "scratch", params), cypher).toBe("allowed");
      expect((await verdict(cypher, "shared", params) as LabError).code, cypher).toBe("forbidden");
    }
  });
});

describe("operatorsOfPlan reads the engine's boxes, never text a query put in them", () => {
  const explain = async (cypher: string) => {
    const result = await conn.query(`EXPLAIN ${cypher}`);
    const [row] = await (Array.isArray(result) ? result[0] : result).getAll();
    return String(Object.values(row)[0]);
  };

  it("names every operator, table functions with their function", async () => {
    expect(operatorsOfPlan(await explain("MATCH (t:Team) WHERE t.name = 'TeamA' RETURN t.name LIMIT 1"))).toEqual(
      expect.arrayContaining(["RESULT_COLLECTOR", "FILTER", "SCAN_NODE_TABLE"]),
    );
    expect(operatorsOfPlan(await explain("CALL show_tables() RETURN name"))).toContain("TABLE_FUNCTION_CALL(SHOW_TABLES)");
    expect(operatorsOfPlan(await explain(`LOAD FROM '${paths.readable}' (file_format='csv') RETURN *`))).toContain(
      "TABLE_FUNCTION_CALL(READ_CSV_PARALLEL)",
    );
  });

  it("still reads a plan whose literals are not ASCII (the printer pads them by bytes)", async () => {
    // Literals are not printed, but aliases are.
    const cypher = "MATCH (a:Team), (b:Microservice) RETURN a.name AS `Équipe 日本 🚀`, b.name AS `ü`";
    expect(await explain(cypher)).toContain("Équipe 日本 🚀");
    expect(await verdict(cypher, "shared")).toBe("allowed");
  });

  it("refuses a plan into which a literal draws boxes, line breaks or a forged function name", async () => {
    const forged: [string, RegExp][] = [
      ["MATCH (t:Team) RETURN t.name AS `\n┌─────────────────────────────┐\n│ FILTER[7] │`", /could not be checked/],
      ["MATCH (t:Team) RETURN t.name AS `a\nb`", /could not be checked/],
      ["MATCH (t:Team) RETURN t.name AS `─┴─`", /could not be checked/],
      [`LOAD FROM '${paths.readable}' (file_format='csv') RETURN column0 AS \`│ Function: READ_FTABLE │\``, /could not be checked|READ_CSV/],
    ];
    for (const [cypher, why] of forged) {
      const e = (await verdict(cypher, "scratch")) as LabError;
      expect(e.code, cypher).toBe("forbidden");
      expect(e.message, cypher).toMatch(why);
    }
    expect(() => operatorsOfPlan("RESULT_COLLECTOR[0]")).toThrow(LabError);
  });
});

describe("learnerCypherError", () => {
  it("passes syntax and binder errors through, and withholds paths and file errors", () => {
    const syntax = "Parser exception: Invalid input <MATCH (n) RETURN '/etc/passwd' x>: expected rule oC_SingleQuery";
    expect(learnerCypherError(syntax).message).toBe(`Cypher error: ${syntax}`);
    expect(learnerCypherError("Binder exception: Table Nope does not exist.").message).toBe("Cypher error: Binder exception: Table Nope does not exist.");
    for (const leak of [
      "Binder exception: No file found that matches the pattern: /srv/ragcamp/data/admin.token.",
      "Runtime exception: Directory ./data/export already exists.",
      "Binder exception: Cannot load from file type token.",
      "IO exception: Cannot open C:\\data\\graph.lbug",
    ]) {
      const e = learnerCypherError(leak);
      expect(e.code).toBe("bad_input");
      expect(e.message).toMatch(/^Cypher error: /);
      expect(e.message).not.toMatch(/data|token|lbug/);
    }
  });
});
