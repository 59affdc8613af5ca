/** The KVG comparison use case: the question set checked before any job, then the comparison as the learner's job. */
import { assertReadable } from "@/lib/ingest/collections";
import { jobKind } from "@/lib/jobs/kinds";
import { kvgDeps, services } from "@/lib/services";
import { compareKvg, kvgCompareSchema } from "./kvg-compare";

export const kvgJob = jobKind("kvg", kvgCompareSchema, async (spec, ctx) => {
  assertReadable(ctx.learner, spec.collection);
  return compareKvg(spec, await kvgDeps(ctx.learner), ctx);
});

export async function startKvg(learner: string, input: unknown) {
  // A bad question set is a 400, not a failed job.
  const spec = kvgCompareSchema.parse(input);
  assertReadable(learner, spec.collection);
  await kvgDeps(learner);
  return (await services.jobs()).start(learner, kvgJob, spec, spec);
}
