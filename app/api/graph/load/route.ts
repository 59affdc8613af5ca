import { devopsGraphState, ensureDevopsGraph, loadDevopsGraph } from "@/lib/graph/load-devops";
import { graphState, loadGraph } from "@/lib/graph/contract";
import { route } from "@/lib/server/route";
import { forgetTaskIndex, services } from "@/lib/services";

/**
 * The shared DevOps graph's state, read-only: the server loads it at start-up.
 * If that failed and its tables do not exist, it is loaded now (nothing of the
 * instructor's can be overwritten then); an existing graph is never re-imported.
 */
export const GET = route(graphState, async () => {
  const graph = await services.graph();
  const state = await devopsGraphState(graph);
  if (state.nodes > 0) return { ...state, imported: false };
  const loaded = await ensureDevopsGraph(graph);
  forgetTaskIndex();
  return loaded;
});

/** Re-imports a shipped graph dataset over the shared graph: an instructor action (`ragcamp graph load devops`). */
export const POST = route(loadGraph, async () => {
  const loaded = await loadDevopsGraph(await services.graph());
  forgetTaskIndex();
  return loaded;
}, { access: "instructor" });
