import { LabError } from "@/lib/errors";

/**
 * Read-only by Neo4j's own plan: a learner's read query runs only when every
 * operator of its EXPLAIN plan reads (the driver's `summary.plan`). It is an
 * allowlist, so an operator not listed here (a write, LoadCSV, a SHOW or
 * schema command, CALL { } IN TRANSACTIONS, one added in a later Neo4j) is
 * refused. Names are those of the Cypher manual's operator summary; the
 * driver reports them as `Expand(All)@neo4j`, compared here without the
 * `@neo4j` suffix and the `(All)`-style variant.
 */
const READ_OPERATORS = new Set([
  // Leaves: scans, seeks and count-store reads.
  "AllNodesScan", "Argument", "ArgumentTracker", "EmptyRow",
  "NodeByLabelScan", "NodeByIdSeek", "NodeByElementIdSeek", "NodeCountFromCountStore", "RelationshipCountFromCountStore",
  "NodeIndexSeek", "NodeUniqueIndexSeek", "NodeIndexSeekByRange", "NodeUniqueIndexSeekByRange", "MultiNodeIndexSeek",
  "NodeIndexScan", "NodeIndexContainsScan", "NodeIndexEndsWithScan",
  "IntersectionNodeByLabelsScan", "UnionNodeByLabelsScan", "SubtractionNodeByLabelsScan", "DynamicLabelNodeLookup",
  ...["Directed", "Undirected"].flatMap((d) => [
    `${d}AllRelationshipsScan`, `${d}RelationshipTypeScan`, `${d}UnionRelationshipTypesScan`,
    `${d}RelationshipByIdSeek`, `${d}RelationshipByElementIdSeek`,
    `${d}RelationshipIndexSeek`, `${d}RelationshipIndexSeekByRange`, `${d}RelationshipIndexScan`,
    `${d}RelationshipIndexContainsScan`, `${d}RelationshipIndexEndsWithScan`,
    `Dynamic${d}RelationshipTypeLookup`,
  ]),
  // Path expansion.
  "Expand", "OptionalExpand", "VarLengthExpand", "ShortestPath", "StatefulShortestPath", "Repeat", "NullifyMetadata",
  "ProjectEndpoints", "TriadicSelection", "TriadicBuild", "TriadicFilter",
  // Filters, projections, aggregation, ordering and limits.
  "Filter", "Projection", "CacheProperties", "Unwind", "Distinct", "OrderedDistinct", "EagerAggregation", "OrderedAggregation",
  "Sort", "PartialSort", "Top", "PartialTop", "Limit", "Skip", "Optional", "Anti", "Union", "Eager", "ProduceResults",
  // Joins and nested loops (pattern predicates, subqueries that read).
  "Apply", "SemiApply", "AntiSemiApply", "LetSemiApply", "LetAntiSemiApply", "SelectOrSemiApply", "SelectOrAntiSemiApply",
  "LetSelectOrSemiApply", "LetSelectOrAntiSemiApply", "RollUpApply", "CartesianProduct",
  "NodeHashJoin", "ValueHashJoin", "NodeLeftOuterHashJoin", "NodeRightOuterHashJoin",
]);

/** Procedures a read may call: the schema reads the adapter itself makes, and the course's vector index search. */
const READ_PROCEDURES = new Set([
  "db.labels",
  "db.relationshipTypes",
  "db.propertyKeys",
  "db.schema.visualization",
  "db.schema.nodeTypeProperties",
  "db.schema.relTypeProperties",
  "db.index.vector.queryNodes",
]);

/** The part of the driver's `Plan` that is checked (its `arguments` values are strings or numbers in practice). */
export interface Neo4jPlan {
  operatorType: string;
  arguments?: Record<string, unknown>;
  children?: Neo4jPlan[];
}

/** `Expand(All)@neo4j` → `Expand`. */
const operatorName = (operatorType: string) => operatorType.replace(/@[^@]*$/, "").replace(/\(.*\)$/, "");

/**
 * The procedure a ProcedureCall operator calls, from its details
 * (`db.labels() :: (label :: STRING)`; `Signature` on servers before 4.1).
 */
function procedureName(plan: Neo4jPlan): string | undefined {
  const details = plan.arguments?.Details ?? plan.arguments?.Signature;
  if (typeof details !== "string") return undefined;
  return /^\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\(/.exec(details)?.[1];
}

const refuse = (what: string) => new LabError("forbidden", `Only read queries are allowed on the shared graph: ${what}`);

/** Throws a forbidden LabError naming the first operator (or procedure) that is not a read; a missing plan is refused too. */
export function assertNeo4jReadPlan(plan: Neo4jPlan | false | undefined): void {
  if (!plan) throw refuse("Neo4j sent no plan for the query, so it cannot be checked");
  const pending: Neo4jPlan[] = [plan];
  for (let node = pending.pop(); node; node = pending.pop()) {
    const name = operatorName(node.operatorType);
    if (name === "ProcedureCall") {
      const procedure = procedureName(node);
      if (!procedure || !READ_PROCEDURES.has(procedure)) {
        throw refuse(`the query's Neo4j plan calls ${procedure ? `the procedure ${procedure}` : "a procedure"}, which is not on the read allowlist`);
      }
    } else if (!READ_OPERATORS.has(name)) {
      throw refuse(`the query's Neo4j plan uses the operator ${name}, which is not on the read allowlist`);
    }
    pending.push(...(node.children ?? []));
  }
}
