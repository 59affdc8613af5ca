import { readFileSync } from "node:fs";
import path from "node:path";
import { ResultSummary } from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { LabError } from "@/lib/errors";
import { assertNeo4jReadPlan } from "./neo4j-plan";

/**
 * Plans as a Neo4j 5 server sends them in the EXPLAIN result's metadata
 * (operatorType, args, identifiers, children), turned into `summary.plan` by
 * the driver's own ResultSummary, exactly as `tx.run("EXPLAIN ...")` does.
 */
interface BoltPlan {
  operatorType: string;
  args?: Record<string, unknown>;
  identifiers?: string[];
  children?: BoltPlan[];
}

const op = (operatorType: string, children: BoltPlan[] = [], args: Record<string, unknown> = {}): BoltPlan => ({
  operatorType: `${operatorType}@neo4j`,
  args: { EstimatedRows: 10.0, ...args },
  identifiers: [],
  children,
});
const root = (child: BoltPlan) => op("ProduceResults", [child], { planner: "COST", runtime: "PIPELINED", version: "5.26" });
const planOf = (plan: BoltPlan) => new ResultSummary("EXPLAIN ...", {}, { plan }).plan;

function refusal(plan: BoltPlan): LabError {
  try {
    assertNeo4jReadPlan(planOf(plan));
  } catch (e) {
    if (e instanceof LabError) return e;
    throw e;
  }
  throw new Error("the plan was accepted");
}

describe("the Neo4j plan check", () => {
  it("accepts the plans of the lessons' reads: label scans, variable-length paths, aggregation, pattern predicates, top-k", () => {
    // MATCH (m:Microservice)-[:DEPENDS_ON*1..3]->(d) RETURN m.name, count(DISTINCT d) AS deps ORDER BY deps DESC LIMIT 5
    const dependencies = root(op("Top", [op("EagerAggregation", [op("VarLengthExpand(All)", [op("NodeByLabelScan", [], { Details: "m:Microservice" })])])]));
    // MATCH (t:Task {status: 'open'}) WHERE NOT (t)-[:ASSIGNED_TO]->() RETURN t.name
    const unassigned = root(op("Projection", [op("AntiSemiApply", [op("Filter", [op("NodeByLabelScan")]), op("Expand(All)", [op("Argument")])])]));
    // MATCH p = shortestPath((a:Team)-[*]-(b:Team)) RETURN p
    const path = root(op("ShortestPath", [op("CartesianProduct", [op("NodeByLabelScan"), op("NodeByLabelScan")])]));
    // CALL db.index.vector.queryNodes('tasks', $k, $vector) YIELD node, score RETURN node.id AS id, score
    const vectorSearch = root(op("Projection", [op("ProcedureCall", [], { Details: "db.index.vector.queryNodes($autostring_0, $k, $vector) :: (node :: NODE, score :: FLOAT)" })]));
    for (const plan of [dependencies, unassigned, path, vectorSearch]) expect(() => assertNeo4jReadPlan(planOf(plan))).not.toThrow();
  });

  it("refuses LoadCSV wherever it sits in the plan, naming it", () => {
    // MATCH (t:Task) CALL { LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row } RETURN t, row
    const e = refusal(root(op("Apply", [op("NodeByLabelScan"), op("LoadCSV", [op("Argument")])])));
    expect(e.code).toBe("forbidden");
    expect(e.status).toBe(403);
    expect(e.message).toMatch(/^Only read queries are allowed on the shared graph: .*operator LoadCSV/);
  });

  it("refuses a procedure outside the allowlist, naming the procedure", () => {
    const e = refusal(root(op("ProcedureCall", [], { Details: "dbms.listConfig($autostring_0) :: (name :: STRING, value :: STRING)" })));
    expect(e.message).toContain("procedure dbms.listConfig");
    // A lookalike of an allowed name is not allowed.
    expect(refusal(root(op("ProcedureCall", [], { Details: "db.labelsAndDrop() :: (label :: STRING)" }))).message).toContain("db.labelsAndDrop");
    // No details: the procedure cannot be named, so it is refused.
    expect(refusal(root(op("ProcedureCall"))).message).toMatch(/calls a procedure/);
  });

  it("refuses writes, schema and admin commands and batched transactions by their operator", () => {
    const cases: [BoltPlan, string][] = [
      [root(op("SetProperty", [op("NodeByLabelScan")])), "SetProperty"],
      [root(op("Create", [op("EmptyRow")])), "Create"],
      [op("EmptyResult", [op("DetachDelete", [op("AllNodesScan")])]), "EmptyResult"],
      [root(op("TransactionForeach", [op("Unwind", [op("Argument")]), op("Create", [op("Argument")])])), "TransactionForeach"],
      [root(op("ShowSettings")), "ShowSettings"],
      [op("DoNothingIfExists(INDEX)", [op("CreateIndex")]), "DoNothingIfExists"],
      [root(op("Merge", [op("NodeIndexSeek")])), "Merge"],
    ];
    for (const [plan, operator] of cases) expect(refusal(plan).message).toContain(`operator ${operator},`);
  });

  it("refuses a query whose plan the server did not send", () => {
    expect(() => assertNeo4jReadPlan(new ResultSummary("EXPLAIN ...", {}, {}).plan)).toThrow(/cannot be checked/);
  });
});

describe("docker-compose.yml", () => {
  it("stops Neo4j's LOAD CSV from reading the server's own files", () => {
    const compose = readFileSync(path.join(process.cwd(), "docker-compose.yml"), "utf8");
    // The neo4j service block: its line and every more-indented line after it.
    const neo4j = /^ {2}neo4j:\n((?: {4,}.*\n|\s*\n)*)/m.exec(compose)?.[1] ?? "";
    expect(neo4j).toMatch(/^ +NEO4J_dbms_security_allow__csv__import__from__file__urls: "false"$/m);
  });
});
