import { z } from "zod";
import { loadDevopsGraph } from "@/lib/graph/load-devops";
import { jsonBody, route } from "@/lib/server/route";
import { forgetTaskIndex, services } from "@/lib/services";

/** Loads a shipped graph dataset; idempotent, so any learner may run it. */
export const POST = route(async (req) => {
  await jsonBody(req, z.strictObject({ dataset: z.literal("devops") }), 1_000);
  const loaded = await loadDevopsGraph(await services.graph());
  forgetTaskIndex();
  return loaded;
});
