import { LabError } from "@/lib/errors";
import { SHARED_OWNER } from "@/lib/ingest/collections";
import { startIngest } from "@/lib/ingest/contract";
import { ingestSpec, recordedSpec } from "@/lib/ingest/ingest-request";
import { ingest } from "@/lib/ingest/pipeline";
import { currentCaller } from "@/lib/server/caller";
import { currentLearner } from "@/lib/server/learner";
import { route } from "@/lib/server/route";
import { ingestDeps, services } from "@/lib/services";

/** Starts an ingestion job; poll /api/jobs/{id} for progress. */
export const POST = route(startIngest, async (request) => {
  const learner = await currentLearner();
  const spec = ingestSpec(request, services.embedder());
  if (spec.shared && !currentCaller().viaToken) {
    throw new LabError("forbidden", "Only an instructor can write to the shared course space (use `ragcamp ingest --shared` on the server).");
  }
  const deps = await ingestDeps(spec.shared ? SHARED_OWNER : learner);
  return services.jobs().start(learner, "ingest", recordedSpec(spec), (ctx) => ingest(spec, deps, ctx));
});
