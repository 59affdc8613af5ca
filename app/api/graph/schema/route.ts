import { graphSchema } from "@/lib/graph/contract";
import { ENGINE_LABEL } from "@/lib/graph/engine-label";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

export const GET = route(graphSchema, async () => {
  const graph = await services.graph();
  return { engine: graph.engine, engineLabel: ENGINE_LABEL[graph.engine], ...(await graph.schema()) };
});
