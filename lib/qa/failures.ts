import { isLabError } from "@/lib/errors";
import { FAILURE_KINDS } from "./contract";
import { hasRefusedClause } from "./cypher-tokens";

export { FAILURE_KINDS };

export type FailureKind = (typeof FAILURE_KINDS)[number];

export class CypherFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = "CypherFailure";
  }
}

/**
 * Classifies an error from the read-only gate or the engine. Errors that are
 * not about the query (the database is closed or unreachable, or a bug) are
 * rethrown: retrying another query would not help.
 */
export function classifyGraphError(e: unknown, cypher: string): CypherFailure {
  if (!isLabError(e)) throw e;
  switch (e.code) {
    case "timeout":
      return new CypherFailure("timeout", e.message);
    case "forbidden":
      // The gate is an allowlist, so a misspelt keyword is refused too: only a write clause counts as a write.
      return new CypherFailure(hasRefusedClause(cypher) ? "write_refused" : "syntax", e.message);
    case "bad_input":
      return new CypherFailure(engineErrorKind(e.message, cypher), e.message);
    default:
      throw e;
  }
}

/**
 * The schema check catches unknown names before a query runs; this covers what
 * it cannot see (a label in a WHERE clause, say) from the engines' messages:
 * LadybugDB "Table X does not exist" / "Cannot find property", Neo4j "Invalid input".
 */
function engineErrorKind(message: string, cypher: string): FailureKind {
  if (/cannot find property|property .* does not exist/i.test(message)) return "unknown_property";
  const table = /Table (\w+) does not exist/i.exec(message)?.[1];
  if (table) {
    const inRelationship = new RegExp(`\\[[^\\]]*:\\s*\`?${table}\\b`).test(cypher);
    return inRelationship ? "unknown_relationship" : "unknown_label";
  }
  return "syntax";
}
