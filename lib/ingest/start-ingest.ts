/**
 * The ingest use case, shared by the route and the CLI's local path: the spec
 * checked against the embedder before any work, shared writes refused to
 * anyone but the instructor, then the run over the owner's engines.
 */
import { z } from "zod";
import { LabError } from "@/lib/errors";
import { jobKind } from "@/lib/jobs/kinds";
import type { JobContext } from "@/lib/jobs/manager";
import { ingestDeps, services } from "@/lib/services";
import { SHARED_OWNER } from "./collections";
import { ingestRequestSchema, type IngestRequest, type IngestResult } from "./contract";
import { ingestSpec, recordedSpec } from "./ingest-request";
import { ingest } from "./pipeline";

/** Validates an ingestion for `owner` now and returns the spec to record and the run. */
export async function prepareIngest(
  owner: string,
  request: IngestRequest,
  mayWriteShared: boolean,
): Promise<{ recorded: ReturnType<typeof recordedSpec>; run: (ctx: JobContext) => Promise<IngestResult> }> {
  const spec = ingestSpec(request, services.embedder());
  if (spec.shared && !mayWriteShared) {
    throw new LabError("forbidden", "Only an instructor can write to the shared course space (use `ragcamp ingest --shared` on the server).");
  }
  const deps = await ingestDeps(spec.shared ? SHARED_OWNER : owner);
  return { recorded: recordedSpec(spec), run: (ctx) => ingest(spec, deps, ctx) };
}

/** An ingestion as a job: checked again when it runs, over the engines of the instance that runs it. */
export const ingestJob = jobKind("ingest", z.object({ request: ingestRequestSchema, mayWriteShared: z.boolean() }), async ({ request, mayWriteShared }, ctx) =>
  (await prepareIngest(ctx.learner, request, mayWriteShared)).run(ctx),
);

/** Starts an ingestion as the learner's job. */
export async function startIngestJob(learner: string, request: IngestRequest, mayWriteShared: boolean) {
  const { recorded } = await prepareIngest(learner, request, mayWriteShared);
  return (await services.jobs()).start(learner, ingestJob, { request, mayWriteShared }, recorded);
}
