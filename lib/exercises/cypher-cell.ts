import "server-only";
import { isLabError } from "@/lib/errors";
import { parseCypherCell } from "@/lib/kernel/cypher-directives";
import { describe, fail } from "./checks";
import type { CheckContext, Rows, Verdict } from "./types";

/** A result's shape in a learner's words: "3 rows of team, services". */
export const shown = (rows: Rows) => (rows.length === 0 ? "no rows" : `${rows.length} row${rows.length === 1 ? "" : "s"} of ${Object.keys(rows[0]).join(", ")}`);

/** Runs the learner's Cypher cell on the shared graph, as the cell does; a refused or broken query is the learner's to fix. */
export async function sharedCellRows(answer: unknown, ctx: CheckContext): Promise<Rows | Verdict> {
  if (typeof answer !== "string" || !answer.trim()) return fail(`Expected the Cypher of the cell, got ${describe(answer)}: run the cell, then Check.`);
  const { cypher, graph } = parseCypherCell(answer);
  if (graph === "scratch") return fail("This question is about the shared course graph: remove the `:use scratch` line.");
  return ctx.sharedQuery(cypher);
}

/** Reads the learner's scratch graph; a table the learner has not made yet is a step to do, not a failure of the check. */
export async function scratchRows(ctx: CheckContext, cypher: string, missing: string): Promise<Rows | Verdict> {
  try {
    return await ctx.scratchQuery(cypher);
  } catch (e) {
    if (isLabError(e) && e.code === "bad_input") return fail(missing);
    throw e;
  }
}
