import { env } from "@/lib/config/env";
import { LabError } from "@/lib/errors";
import { startSlowJob } from "@/lib/jobs/contract";
import { slowJobKind } from "@/lib/jobs/test-job";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { services } from "@/lib/services";

/** Starts the test-only slow job (lib/jobs/test-job.ts); absent unless RAGCAMP_TEST_HOOKS=1. */
export const POST = route(startSlowJob, async (spec) => {
  if (!env().RAGCAMP_TEST_HOOKS) throw new LabError("not_found", "No such route");
  return (await services.jobs()).start(await currentLearner(), slowJobKind, spec, spec);
});
