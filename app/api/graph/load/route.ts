import { z } from "zod";
import { LabError } from "@/lib/errors";
import { devopsGraphState, ensureDevopsGraph, loadDevopsGraph } from "@/lib/graph/load-devops";
import { jsonBody, route } from "@/lib/server/route";
import { forgetTaskIndex, services } from "@/lib/services";

/**
 * The shared DevOps graph's state, read-only: the server loads it at start-up.
 * If that failed and its tables do not exist, it is loaded now (nothing of the
 * instructor's can be overwritten then); an existing graph is never re-imported.
 */
export const GET = route(async (req) => {
  const dataset = new URL(req.url).searchParams.get("dataset");
  if (dataset !== "devops") throw new LabError("bad_input", 'The only graph dataset is "devops" (?dataset=devops).');
  const graph = await services.graph();
  const state = await devopsGraphState(graph);
  if (state.nodes > 0) return { ...state, imported: false };
  const loaded = await ensureDevopsGraph(graph);
  forgetTaskIndex();
  return loaded;
});

/** Re-imports a shipped graph dataset over the shared graph: an instructor action (`ragcamp graph load devops`). */
export const POST = route(
  async (req) => {
    await jsonBody(req, z.strictObject({ dataset: z.literal("devops") }), 1_000);
    const loaded = await loadDevopsGraph(await services.graph());
    forgetTaskIndex();
    return loaded;
  },
  { access: "instructor" },
);
