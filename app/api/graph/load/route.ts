import { z } from "zod";
import { LabError } from "@/lib/errors";
import { ensureDevopsGraph, loadDevopsGraph } from "@/lib/graph/load-devops";
import { jsonBody, route } from "@/lib/server/route";
import { forgetTaskIndex, services } from "@/lib/services";

/** The shared DevOps graph's state; it is loaded only if missing, so no learner can undo the instructor's edits. */
export const GET = route(async (req) => {
  const dataset = new URL(req.url).searchParams.get("dataset");
  if (dataset !== "devops") throw new LabError("bad_input", 'The only graph dataset is "devops" (?dataset=devops).');
  return ensureDevopsGraph(await services.graph());
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
