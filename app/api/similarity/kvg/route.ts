import { z } from "zod";
import { assertReadable } from "@/lib/ingest/collections";
import { compareKvg, kvgCompareSchema } from "@/lib/similarity/kvg-compare";
import { currentLearner } from "@/lib/server/learner";
import { jsonBody, route } from "@/lib/server/route";
import { kvgDeps, services } from "@/lib/services";

/** Starts the fair comparison of plain top-k against vector seeds + graph hops, as a job. */
export const POST = route(async (req) => {
  const learner = await currentLearner();
  const spec = kvgCompareSchema.parse(await jsonBody(req, z.unknown(), 4_000));
  assertReadable(learner, spec.collection);
  const deps = await kvgDeps(learner);
  return services.jobs().start(learner, "kvg", spec, (ctx) => compareKvg(spec, deps, ctx));
});
