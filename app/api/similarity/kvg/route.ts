import { assertReadable } from "@/lib/ingest/collections";
import { startKvgCompare } from "@/lib/similarity/contract";
import { compareKvg, kvgCompareSchema } from "@/lib/similarity/kvg-compare";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { kvgDeps, services } from "@/lib/services";

/** Starts the fair comparison of plain top-k against vector seeds + graph hops, as a job. */
export const POST = route(startKvgCompare, async (input) => {
  const learner = await currentLearner();
  // The question set is checked before the job starts, so a bad one is a 400, not a failed job.
  const spec = kvgCompareSchema.parse(input);
  assertReadable(learner, spec.collection);
  const deps = await kvgDeps(learner);
  return (await services.jobs()).start(learner, "kvg", spec, (ctx) => compareKvg(spec, deps, ctx));
});
