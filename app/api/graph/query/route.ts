import { LabError } from "@/lib/errors";
import { graphQuery } from "@/lib/graph/contract";
import { ENGINE_LABEL } from "@/lib/graph/engine-label";
import { currentCaller } from "@/lib/server/caller";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { scratchGraph, services } from "@/lib/services";

/**
 * Learners' Cypher is read-only on the shared graph (only the instructor's
 * CLI may write there) and read-write on their own scratch graph.
 */
export const POST = route(graphQuery, async ({ cypher, params, rowLimit, allowWrite, graph: which }) => {
  const learner = await currentLearner();
  if (which === "scratch") {
    const scratch = await scratchGraph(learner);
    const result = await scratch.query(cypher, params, { readOnly: false, rowLimit, timeoutMs: 10_000, learner, learnerWritten: true });
    return { engine: scratch.engine, engineLabel: `${ENGINE_LABEL[scratch.engine]}, your scratch graph`, ...result };
  }
  if (allowWrite && !currentCaller().viaToken) throw new LabError("forbidden", "Writing to the shared graph is for instructors only.");
  const graph = await services.graph();
  const result = await graph.query(cypher, params, { readOnly: !allowWrite, rowLimit, timeoutMs: 10_000, learner, learnerWritten: true });
  return { engine: graph.engine, engineLabel: ENGINE_LABEL[graph.engine], ...result };
});
