import { env } from "@/lib/config/env";
import { LabError } from "@/lib/errors";
import { ENGINE_LABEL } from "@/lib/graph/engine-label";
import { graphQueryRequestSchema } from "@/lib/graph/query-request";
import { isAdminRequest } from "@/lib/server/admin";
import { jsonBody, route } from "@/lib/server/route";
import { services } from "@/lib/services";

/** Learners' Cypher is always read-only on the shared graph; only the instructor's CLI may write. */
export const POST = route(async (req) => {
  const { cypher, params, rowLimit, allowWrite } = await jsonBody(req, graphQueryRequestSchema, 64_000);
  if (allowWrite && !isAdminRequest(req, env().dataDir)) throw new LabError("forbidden", "Writing to the shared graph is for instructors only.");
  const graph = await services.graph();
  const result = await graph.query(cypher, params, { readOnly: !allowWrite, rowLimit, timeoutMs: 10_000 });
  return { engine: graph.engine, engineLabel: ENGINE_LABEL[graph.engine], ...result };
});
